/**
 * Expected reasons a mutation was refused, returned as data in the payload's `userErrors`.
 * The codes mirror `enum UserErrorCode` in schema/base.graphql.
 */
export type UserErrorCode =
  | 'INVALID_INPUT'
  | 'UNKNOWN_USER'
  | 'PROTECTED_USER'
  | 'USER_ALREADY_EXISTS'
  | 'EMAIL_TAKEN'
  | 'TEAM_NOT_FOUND'
  | 'USERNAME_TAKEN'
  | 'UNKNOWN_DEPARTMENT'
  | 'BUSINESS_HOURS_CLOSED'
  | 'USER_DEACTIVATED'
  | 'DEPARTMENTS_NOT_SET'
  | 'IDEMPOTENCY_KEY_REUSED'
  | 'UNKNOWN_PERSON'
  | 'WORKFLOW_IN_PROGRESS';

export interface UserErrorModel {
  code: UserErrorCode;
  message: string;
  /** Path to the offending input field, e.g. ['input', 'username']. */
  field: string[] | null;
}

export function userError(code: UserErrorCode, message: string, field: string[] | null): UserErrorModel {
  return { code, message, field };
}
