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

/** Most departments one agent may be put in with one call. */
export const MAX_DEPARTMENT_IDS = 100;

/** A list of department ids for a mutation: each a plausible id, at most MAX_DEPARTMENT_IDS, duplicates dropped. */
export function departmentIdsProblems(ids: readonly string[], field: string[]): UserErrorModel[] {
  if (ids.length > MAX_DEPARTMENT_IDS) {
    return [{ code: 'INVALID_INPUT', message: `At most ${MAX_DEPARTMENT_IDS} departments may be given.`, field }];
  }
  return ids.flatMap((id, index) => idProblems(id, [...field, String(index)]));
}

/** Where each of these unknown ids sits in the input, as UNKNOWN_DEPARTMENT userErrors. */
export function unknownDepartmentErrors(given: readonly string[], unknown: readonly string[], field: string[]): UserErrorModel[] {
  return unknown.map((id) => ({
    code: 'UNKNOWN_DEPARTMENT',
    message: `No Livechat department has the id "${id}".`,
    field: [...field, String(given.indexOf(id))],
  }));
}
