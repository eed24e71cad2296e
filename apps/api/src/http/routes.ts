import { applyDecorators, Post as NestPost, UseInterceptors } from '@nestjs/common';
import { ApiHeader } from '@nestjs/swagger';
import { WriteInterceptor } from './write.interceptor.js';

/** A POST route: idempotent under `Idempotency-Key`, answering with `Ledger-Position`. */
export const Post = (path?: string) =>
  applyDecorators(
    NestPost(path),
    UseInterceptors(WriteInterceptor),
    ApiHeader({ name: 'Idempotency-Key', required: false, description: 'Repeat-safe retries' }),
  );
