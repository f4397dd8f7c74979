import { createHash, timingSafeEqual } from 'node:crypto';
import { z } from 'zod';

/**
 * Helpers the platforms' webhook receivers share: checking a delivery's credential without leaking it
 * through timing, the date-time rule of webhook payloads, and reading a payload with a schema whose
 * problems name the field, never the value received (the answer and the log repeat the problem).
 */

/** ISO 8601 with a zone (a JSON-serialised `Date`, Jelou's `createdAt`); impossible dates (Feb 30) fail too. */
export const isoDateTime = z.iso.datetime({ offset: true, error: 'must be an ISO 8601 date-time with a time zone' });

/** Zod's wording for the issues the schemas leave to it, without ever quoting the value received. */
function plainMessage(issue: z.core.$ZodRawIssue): string | undefined {
  if (issue.code !== 'invalid_type') return undefined;
  if (issue.input === undefined) return 'is required';
  if (issue.input === null) return 'must not be null';
  return `must be ${issue.expected === 'array' ? 'an array' : issue.expected === 'object' ? 'an object' : `a ${issue.expected}`}`;
}

const MAX_ISSUES_NAMED = 3;

/** Parses with the schema, or names what is wrong by field path (`payload.member is required`, `messages[1].ts must be …`). */
export function parseWebhookPayload<Output>(schema: z.ZodType<Output>, body: unknown): { ok: true; value: Output } | { ok: false; problem: string } {
  const parsed = schema.safeParse(body, { error: plainMessage });
  if (parsed.success) return { ok: true, value: parsed.data };
  const { issues } = parsed.error;
  const named = issues.slice(0, MAX_ISSUES_NAMED).map((issue) => `${formatPath(issue.path)} ${issue.message}`);
  const more = issues.length > MAX_ISSUES_NAMED ? ` (and ${issues.length - MAX_ISSUES_NAMED} more)` : '';
  return { ok: false, problem: `${named.join('; ')}${more}` };
}

/** `payload.memberInfo.id`, `messages[1].ts`, `visitor.email[0]`; the body itself is "body". */
function formatPath(path: readonly PropertyKey[]): string {
  if (path.length === 0) return 'body';
  return path.map((part, index) => (typeof part === 'number' ? `[${part}]` : `${index === 0 ? '' : '.'}${String(part)}`)).join('');
}

/**
 * Compares over SHA-256 digests of both sides: equal lengths whatever was sent, so neither the time taken
 * nor an early length check tells a prober how long the secret (or token) is.
 */
export function constantTimeEqual(given: string, expected: string): boolean {
  return timingSafeEqual(sha256(given), sha256(expected));
}

/** The SHA-256 digest of the text's UTF-8 bytes. */
export function sha256(value: string): Buffer {
  return createHash('sha256').update(value, 'utf8').digest();
}
