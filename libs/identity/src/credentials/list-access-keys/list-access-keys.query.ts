import { Query } from '@nestjs/cqrs';
import type { AccessKeyView } from '../access-key.view.js';

/** `GET /v1/users/{userName}/access-keys`: a user's keys with their status and last use, no secrets. */
export class ListAccessKeys extends Query<{ accessKeys: AccessKeyView[] }> {
  constructor(readonly userName: string) {
    super();
  }
}
