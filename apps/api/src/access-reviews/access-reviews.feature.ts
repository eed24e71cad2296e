import {
  CompleteAccessReviewHandler,
  DecideAccessReviewItemHandler,
  GetAccessReviewHandler,
  ListAccessReviewsHandler,
  StartAccessReviewHandler,
} from '#governance';
import { AccessReviewsController } from './access-reviews.http.controller.js';

/** Access review campaigns: what features.ts registers. */
export const CONTROLLERS = [AccessReviewsController];

export const PROVIDERS = [
  StartAccessReviewHandler,
  DecideAccessReviewItemHandler,
  CompleteAccessReviewHandler,
  GetAccessReviewHandler,
  ListAccessReviewsHandler,
];
