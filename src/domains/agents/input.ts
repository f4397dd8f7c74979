import { badUserInput } from '../../errors.js';
import type { UserErrorModel } from '../shared/user-errors.js';

const MAX_ID_LENGTH = 128;
const MAX_USERNAME_LENGTH = 120;
const CONTROL = /\p{Cc}/u;

export function idIssue(id: string): string | undefined {
  return id === '' || id.length > MAX_ID_LENGTH || CONTROL.test(id)
    ? `must be 1 to ${MAX_ID_LENGTH} characters without control characters`
    : undefined;
}

/** A user id given as a query argument: refused with BAD_USER_INPUT when it cannot be an id. */
export function checkId(id: string, argument: string): string {
  const issue = idIssue(id);
  if (issue) throw badUserInput(`${argument} ${issue}.`);
  return id;
}

/** The same rule for a mutation's input, as userErrors (a mutation's expected refusals are data). */
export function idProblems(id: string, field: string[]): UserErrorModel[] {
  const issue = idIssue(id);
  return issue ? [{ code: 'INVALID_INPUT', message: `The id ${issue}.`, field }] : [];
}

export function usernameProblems(username: string, field: string[]): UserErrorModel[] {
  if (username.trim() === '') return [{ code: 'INVALID_INPUT', message: 'The username must not be empty.', field }];
  if (username.length > MAX_USERNAME_LENGTH || CONTROL.test(username)) {
    const message = `The username must be at most ${MAX_USERNAME_LENGTH} characters without control characters.`;
    return [{ code: 'INVALID_INPUT', message, field }];
  }
  return [];
}
