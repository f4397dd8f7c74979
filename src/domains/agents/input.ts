import { idIssue } from '../shared/input.js';
import type { UserErrorModel } from '../shared/user-errors.js';

export { checkId, idIssue } from '../shared/input.js';

const MAX_USERNAME_LENGTH = 120;
const CONTROL = /\p{Cc}/u;

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
