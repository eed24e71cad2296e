import { HttpException } from '@nestjs/common';
import { DomainError } from '#common';
import { ConcurrentModificationError } from '#event-store';

export interface ErrorBody {
  error: { code: string; message: string; requestId: string };
}

export interface MappedError {
  status: number;
  code: string;
  message: string;
}

// Framework-raised errors only: our own code throws DomainError. A framework 400 comes from body parsing.
const HTTP_CODES: Record<number, string> = {
  400: 'InvalidParameter.Body',
  401: 'InvalidCredentials',
  403: 'NoPermission',
  404: 'NotFound',
  405: 'MethodNotAllowed',
  413: 'PayloadTooLarge',
  415: 'UnsupportedMediaType',
  429: 'Throttling',
};

/** Maps anything thrown to a RAM-style error; unknown failures become a 500 that reveals nothing. */
export function mapError(error: unknown): MappedError {
  if (error instanceof DomainError) return { status: error.status, code: error.code, message: error.message };
  if (error instanceof ConcurrentModificationError) {
    return {
      status: 409,
      code: 'ConcurrentModification',
      message: 'The entity was changed concurrently; retry',
    };
  }
  const named = error as {
    code?: unknown;
    path?: unknown;
    reason?: unknown;
    type?: unknown;
    status?: unknown;
  };
  if (named?.code === 'MalformedPolicyDocument') {
    return {
      status: 400,
      code: 'MalformedPolicyDocument',
      message: `${String(named.path)}: ${String(named.reason)}`,
    };
  }
  if (named?.type === 'entity.too.large') {
    return { status: 413, code: 'PayloadTooLarge', message: 'The request body is larger than 64 KiB' };
  }
  if (named?.type === 'entity.parse.failed') {
    return { status: 400, code: 'InvalidParameter.Body', message: 'The request body is not valid JSON' };
  }
  if (named?.status === 415 && named.type) {
    return {
      status: 415,
      code: 'UnsupportedMediaType',
      message: 'The request body is in a charset or content encoding that is not supported',
    };
  }
  if (typeof named?.status === 'number' && named.status >= 400 && named.status < 500 && named.type) {
    return {
      status: named.status,
      code: 'InvalidParameter.Body',
      message: 'The request body could not be read',
    };
  }
  if (error instanceof HttpException) {
    const status = error.getStatus();
    if (status < 500) {
      const message =
        status === 404
          ? 'No such route'
          : status === 400
            ? 'The request body is not valid JSON'
            : error.message;
      return { status, code: HTTP_CODES[status] ?? 'InvalidParameter', message };
    }
  }
  return { status: 500, code: 'InternalError', message: 'The service failed to process the request' };
}
