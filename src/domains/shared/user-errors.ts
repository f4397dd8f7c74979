/**
 * Expected reasons a mutation was refused, returned as data in the payload's `userErrors`.
 * The codes mirror `enum UserErrorCode` in schema/base.graphql.
 */
export type UserErrorCode = 'INVALID_INPUT' | 'UNKNOWN_USER';

export interface UserErrorModel {
  code: UserErrorCode;
  message: string;
  /** Path to the offending input field, e.g. ['input', 'username']. */
  field: string[] | null;
}

/** A write's result: done, or refused for reasons the caller can act on. */
export type WriteOutcome<T> = { ok: true; value: T } | { ok: false; userErrors: UserErrorModel[] };

export function refused(code: UserErrorCode, message: string, field: string[] | null): WriteOutcome<never> {
  return { ok: false, userErrors: [{ code, message, field }] };
}
