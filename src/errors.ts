/**
 * The gateway's error vocabulary. These codes are the public contract (docs/errors.md): clients and
 * tests match on them, never on message text. This module has no GraphQL dependency so that every
 * layer can throw these errors; `plugins/format-error.ts` is the one place they become GraphQL errors.
 */
export enum ErrorCode {
  /** The caller's input is malformed or out of range. */
  BAD_USER_INPUT = 'BAD_USER_INPUT',
  /** No credentials, or credentials the gateway does not know (HTTP 401 for the whole request). */
  UNAUTHENTICATED = 'UNAUTHENTICATED',
  /** The caller is known but its scopes do not allow this operation. */
  FORBIDDEN = 'FORBIDDEN',
  /** The caller sent more requests than its rate limit allows (HTTP 429 with `Retry-After`). */
  RATE_LIMITED = 'RATE_LIMITED',
  /** The operation exceeds a query limit (depth, aliases, tokens, directives or cost); refused before any upstream call. */
  QUERY_TOO_COMPLEX = 'QUERY_TOO_COMPLEX',
  NOT_FOUND = 'NOT_FOUND',
  /** The request names a trusted document (`documentId`) that no loaded manifest holds (HTTP 400); nothing ran. */
  PERSISTED_DOCUMENT_NOT_FOUND = 'PERSISTED_DOCUMENT_NOT_FOUND',
  /** The caller may run trusted documents only, and the request is not one (HTTP 403); nothing ran. */
  TRUSTED_DOCUMENTS_ONLY = 'TRUSTED_DOCUMENTS_ONLY',
  /** The caller's tenant does not use this platform (the auth file lists no connection to it). */
  PLATFORM_NOT_CONFIGURED = 'PLATFORM_NOT_CONFIGURED',
  /** The platform rejected the gateway's own credentials or their permissions. */
  UPSTREAM_UNAUTHORIZED = 'UPSTREAM_UNAUTHORIZED',
  /** The platform rate-limited the gateway; `retryAfterMs` says when to try again, when known. */
  UPSTREAM_RATE_LIMITED = 'UPSTREAM_RATE_LIMITED',
  /** The platform did not answer within the request's deadline. */
  UPSTREAM_TIMEOUT = 'UPSTREAM_TIMEOUT',
  /** The platform could not be reached or answered with a server error. */
  UPSTREAM_UNAVAILABLE = 'UPSTREAM_UNAVAILABLE',
  /** Too many calls to the platform are in flight or waiting; the gateway refused to queue another. */
  UPSTREAM_OVERLOADED = 'UPSTREAM_OVERLOADED',
  /** The platform answered something the gateway cannot parse. */
  UPSTREAM_BAD_RESPONSE = 'UPSTREAM_BAD_RESPONSE',
  /** A non-idempotent write whose answer never came: it may or may not have happened. */
  UPSTREAM_OUTCOME_UNKNOWN = 'UPSTREAM_OUTCOME_UNKNOWN',
  INTERNAL_SERVER_ERROR = 'INTERNAL_SERVER_ERROR',
}

/**
 * How errors and logs name a platform: its id (`extensions.provider`, metric labels) and the name
 * people know it by (messages). Each platform declares its own (src/platforms/<platform>/name.ts).
 */
export interface PlatformName {
  readonly id: string;
  readonly displayName: string;
}

export interface GatewayErrorDetails {
  /** The id of the platform involved, if any (`extensions.provider`). */
  provider?: string;
  retryAfterMs?: number;
  /** Logged, never sent to clients. */
  cause?: unknown;
  /** Extra facts for the log line (never secrets, never upstream bodies). */
  logFields?: Record<string, unknown>;
}

/** An error with a stable code. Its message is safe to show to the caller. */
export class GatewayError extends Error {
  readonly code: ErrorCode;
  readonly provider: string | undefined;
  readonly retryAfterMs: number | undefined;
  readonly logFields: Record<string, unknown> | undefined;

  constructor(code: ErrorCode, message: string, details: GatewayErrorDetails = {}) {
    super(message, details.cause === undefined ? undefined : { cause: details.cause });
    this.name = 'GatewayError';
    this.code = code;
    this.provider = details.provider;
    this.retryAfterMs = details.retryAfterMs;
    this.logFields = details.logFields;
  }
}

export function badUserInput(message: string): GatewayError {
  return new GatewayError(ErrorCode.BAD_USER_INPUT, message);
}

export function isGatewayError(error: unknown): error is GatewayError {
  return error instanceof GatewayError;
}

/** Exhaustiveness check for switches over unions: adding a member fails to compile until handled. */
export function assertNever(value: never): never {
  throw new Error(`Unhandled value: ${String(value)}`);
}
