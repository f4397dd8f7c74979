import { ErrorCode, GatewayError } from '../../errors.js';
import type { WidgetUserField } from './models.js';
import { retryAfterMsFromHeader } from '../../upstream/retry-after.js';
import { JELOU } from './name.js';
import { errorForStatus } from '../../upstream/status-errors.js';
import type { UpstreamResponse } from '../../upstream/upstream-http.js';
import { failureResponse, type FailureResponse } from './wire.js';

/** What a Jelou failure means, from its documented `error.code` / `error.key` (or its HTTP status). */
export type JelouFailureKind = 'unauthorized' | 'forbidden-bot' | 'bot-not-found' | 'invalid' | 'internal';

/** Documented identifiers, lower-cased; Jelou puts them in `code` on some errors and in `key` on others. */
const KINDS: Record<string, JelouFailureKind> = {
  unauthorized: 'unauthorized',
  forbidden_bot: 'forbidden-bot',
  bot_not_found: 'bot-not-found',
  unprocessable_entity: 'invalid',
  validator_error: 'invalid',
  e0422: 'invalid',
  internal_server_error: 'internal',
};

export interface ValidationProblem {
  field: WidgetUserField | null;
  message: string;
}

/** The readable parts of a failure body; empty when the body is not a JSON object at all. */
export function readFailure(json: unknown): FailureResponse {
  const parsed = failureResponse.safeParse(json);
  return parsed.success ? parsed.data : { validationError: undefined };
}

/** The short identifier of a failure, for log lines only (never the body or developer messages). */
export function failureIdOf(failure: FailureResponse): string | undefined {
  const id = failure.error?.code ?? failure.error?.key;
  return id === undefined || id === null ? undefined : String(id).slice(0, 60);
}

export function failureKindOf(failure: FailureResponse): JelouFailureKind | undefined {
  for (const id of [failure.error?.code, failure.error?.key]) {
    const kind = id === undefined || id === null ? undefined : KINDS[String(id).toLowerCase()];
    if (kind) return kind;
  }
  return undefined;
}

/**
 * A 2xx whose envelope says it failed (`status: 0`, or `statusMessage: "failed"` without `status: 1`).
 * Jelou's success is `status === 1`, whatever `statusMessage` says.
 */
export function isReportedFailure(response: UpstreamResponse): boolean {
  if (typeof response.json !== 'object' || response.json === null) return false;
  const { status, statusMessage } = response.json as { status?: unknown; statusMessage?: unknown };
  if (status === 1 || status === '1') return false;
  return status === 0 || status === '0' || statusMessage === 'failed';
}

/** Whether the failure is Jelou's input validation (HTTP 422 or code `E0422` / key `VALIDATOR_ERROR`). */
export function isValidationFailure(response: UpstreamResponse, failure: FailureResponse): boolean {
  const kind = failureKindOf(failure);
  return kind === 'invalid' || (kind === undefined && response.status === 422);
}

/**
 * A failed Jelou call as a coded error. A 429 is a rate limit whatever the body says; otherwise the
 * documented error identifier decides (it is the only signal in a 200 with `status: 0`), then the HTTP
 * status. A bare 404 without `bot_not_found` is left to `errorForStatus`: it means a wrong base path.
 */
export function jelouError(response: UpstreamResponse, route: string, now: number): GatewayError {
  const failure = readFailure(response.json);
  const upstreamError = failureIdOf(failure);
  const facts = { platform: JELOU, route, upstreamError };
  if (response.status === 429) {
    return errorForStatus({ ...facts, status: 429, retryAfterMs: retryAfterMsFromHeader(response.headers, now) });
  }
  const kind = failureKindOf(failure);
  const reported = (meaning: number) => withHttpStatus(errorForStatus({ ...facts, status: meaning }), response.status);
  switch (kind) {
    case 'unauthorized':
      return reported(401);
    case 'forbidden-bot':
      // The bot the credentials belong to may not use this endpoint (disabled, or lacking the feature).
      return reported(403);
    case 'bot-not-found':
      return new GatewayError(
        ErrorCode.UPSTREAM_UNAUTHORIZED,
        "Jelou found no bot for the gateway's credentials: check the configured client id and secret.",
        { provider: JELOU.id, logFields: { route, status: response.status, upstreamError } },
      );
    case 'internal':
      // Jelou's own table gives `internal_server_error` a second meaning: the credentials have no company
      // assigned. Retrying is harmless (get-or-create); a persisting one is more likely configuration.
      return new GatewayError(
        ErrorCode.UPSTREAM_UNAVAILABLE,
        "Jelou reported an internal error. Jelou also answers this when the gateway's credentials have no company assigned: if it persists, check JELOU_CLIENT_ID and JELOU_CLIENT_SECRET.",
        { provider: JELOU.id, logFields: { route, status: response.status, upstreamError } },
      );
    case 'invalid':
      // Reached only when the caller did not treat it as input validation: our request was wrong.
      return reported(422);
    case undefined:
      break;
  }
  if (response.status >= 200 && response.status < 300) {
    return new GatewayError(ErrorCode.UPSTREAM_UNAVAILABLE, 'Jelou reported a failure.', {
      provider: JELOU.id,
      logFields: { route, status: response.status, upstreamError },
    });
  }
  return errorForStatus({ ...facts, status: response.status });
}

/** Keeps the status that really came over the wire in the log line when the body's code gave the meaning. */
function withHttpStatus(error: GatewayError, httpStatus: number): GatewayError {
  if (error.logFields?.status === httpStatus) return error;
  return new GatewayError(error.code, error.message, {
    provider: JELOU.id,
    ...(error.retryAfterMs !== undefined && { retryAfterMs: error.retryAfterMs }),
    logFields: { ...error.logFields, status: httpStatus, meaning: error.logFields?.status },
  });
}

/** Most problems reported for one call: a hostile or broken server cannot flood the caller's payload. */
const MAX_PROBLEMS = 10;
const MAX_MESSAGE_LENGTH = 200;

/**
 * The caller-facing problems of a validation failure. Jelou does not publish `validationError`'s
 * shape, so both common validator outputs are read:
 * - an object of field → message (a string, a list of strings, or `{en, es}`), as validatorjs writes
 *   it — the shape the simulator emits, e.g. `{ "user.id": ["The user.id field is required."] }`;
 * - an array of `{ field | param | path, message | msg }`, as express-validator and Joi write it.
 * Nothing readable gives one problem without a field, worded from `clientMessages.en` when safe.
 */
export function validationProblems(failure: FailureResponse): ValidationProblem[] {
  const problems = rawProblems(failure.validationError)
    .slice(0, MAX_PROBLEMS)
    .map(({ path, text }) => {
      const field = fieldOf(path);
      return { field, message: safeText(text) ?? ownMessage(field) };
    });
  if (problems.length > 0) return problems;
  return [{ field: null, message: safeText(failure.error?.clientMessages?.en) ?? ownMessage(null) }];
}

interface RawProblem {
  path: string;
  text: unknown;
}

function rawProblems(validationError: unknown): RawProblem[] {
  if (Array.isArray(validationError)) {
    return validationError.flatMap((item): RawProblem[] => {
      if (typeof item !== 'object' || item === null) return [];
      const entry = item as Record<string, unknown>;
      const path = entry.field ?? entry.param ?? entry.path;
      const joined = Array.isArray(path) ? path.join('.') : path;
      return typeof joined === 'string' ? [{ path: joined, text: entry.message ?? entry.msg }] : [];
    });
  }
  if (typeof validationError === 'object' && validationError !== null) {
    return Object.entries(validationError).map(([path, text]) => ({ path, text }));
  }
  return [];
}

/** Jelou's field names, lower-cased, with or without the `user.` (or `body.user.`) prefix. */
const FIELDS: Record<string, WidgetUserField> = { id: 'id', names: 'names', legalid: 'legalId' };

export function fieldOf(path: string): WidgetUserField | null {
  const match = /^(?:body\.)?(?:user\.)?([a-z]+)$/i.exec(path.trim());
  return (match && FIELDS[(match[1] as string).toLowerCase()]) || null;
}

/** Upstream text worth showing: short, plain, one line. `{en}` objects and lists give their first entry. */
export function safeText(value: unknown): string | undefined {
  if (Array.isArray(value)) return safeText(value[0]);
  if (typeof value === 'object' && value !== null && 'en' in value) return safeText(value.en);
  if (typeof value !== 'string') return undefined;
  const trimmed = value.trim();
  // eslint-disable-next-line no-control-regex
  if (trimmed === '' || trimmed.length > MAX_MESSAGE_LENGTH || /[\u0000-\u001f\u007f-\u009f]/.test(trimmed)) {
    return undefined;
  }
  return trimmed;
}

function ownMessage(field: WidgetUserField | null): string {
  return field === null ? 'Jelou refused the input.' : `Jelou refused the value of ${field}.`;
}
