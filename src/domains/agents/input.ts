import { InputProblems, idIssue } from '../shared/input.js';
import type { UserErrorModel } from '../shared/user-errors.js';

export { checkId, idIssue } from '../shared/input.js';

const MAX_USERNAME_LENGTH = 120;

/** The same rule for a mutation's input, as userErrors (a mutation's expected refusals are data). */
export function idProblems(id: string, field: string[]): UserErrorModel[] {
  const issue = idIssue(id);
  return issue ? [{ code: 'INVALID_INPUT', message: `The id ${issue}.`, field }] : [];
}

export function usernameProblems(username: string, field: string[]): UserErrorModel[] {
  const problems = new InputProblems();
  problems.text(field, 'The username', username, MAX_USERNAME_LENGTH);
  return problems.list;
}
