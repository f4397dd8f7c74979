import { badUserInput } from '../../errors.js';
import type { AgentType } from '../../platforms/rocketchat/models.js';
import { departmentIdsProblems } from '../agents/input.js';
import { InputProblems, MAX_EMAIL_LENGTH, checkId, isEmailAddress, textIssue } from '../shared/input.js';
import type { UserErrorModel } from '../shared/user-errors.js';

const MAX_USERNAME_LENGTH = 120;
const MAX_NAME_LENGTH = 200;
const MAX_PASSWORD_LENGTH = 1024;
/** Rocket.Chat's default `UTF8_User_Names_Validation`. */
const USERNAME = /^[0-9a-zA-Z-_.]+$/;

export type UserLookupArgs = { username?: string | null; id?: string | null };

/** `rocketChatUser(username, id)`: exactly one of them, checked like any id or username. */
export function toUserLookup(args: UserLookupArgs): { id: string } | { username: string } {
  const hasId = args.id !== undefined && args.id !== null;
  const hasUsername = args.username !== undefined && args.username !== null;
  if (hasId === hasUsername) throw badUserInput('Give exactly one of username and id.');
  if (hasId) return { id: checkId(args.id as string, 'id') };
  const username = (args.username as string).trim();
  const issue = textIssue(username, MAX_USERNAME_LENGTH);
  if (issue) throw badUserInput(`username ${issue}.`);
  return { username };
}

export interface CreateUserInput {
  username: string;
  name: string;
  email: string;
  password: string;
  roles?: readonly AgentType[] | null;
  departmentIds?: readonly string[] | null;
}

/** Every problem with a createRocketChatUser input, before any platform call. The password is never quoted. */
export function createUserProblems(input: CreateUserInput): UserErrorModel[] {
  const problems = new InputProblems();
  const field = (name: string) => ['input', name];
  const username = input.username.trim();
  problems.text(field('username'), 'The username', username, MAX_USERNAME_LENGTH);
  if (problems.empty && !USERNAME.test(username)) {
    problems.add(field('username'), 'The username may hold only letters, digits, dots, hyphens and underscores.');
  }
  problems.text(field('name'), 'The name', input.name, MAX_NAME_LENGTH);
  const email = input.email.trim();
  const before = problems.list.length;
  problems.text(field('email'), 'The e-mail address', email, MAX_EMAIL_LENGTH);
  if (problems.list.length === before && !isEmailAddress(email)) problems.add(field('email'), 'The e-mail address is not valid.');
  problems.text(field('password'), 'The password', input.password, MAX_PASSWORD_LENGTH);
  const departmentIds = input.departmentIds ?? [];
  const roles = input.roles ?? [];
  if (departmentIds.length > 0 && !roles.includes('AGENT')) {
    problems.add(field('departmentIds'), 'Departments need the AGENT role: add AGENT to roles.');
  }
  return [...problems.list, ...departmentIdsProblems(departmentIds, field('departmentIds'))];
}
