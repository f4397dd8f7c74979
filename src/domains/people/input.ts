import { badUserInput } from '../../errors.js';
import type { NewCustomerCareUser, TeamRole } from '../../platforms/imi/models.js';
import type { AgentType } from '../../platforms/rocketchat/models.js';
import { toNewCustomerCareUser } from '../customer-care/input.js';
import { createUserProblems } from '../rocketchat-users/input.js';
import { InputProblems, checkId, isEmailAddress, textIssue } from '../shared/input.js';
import type { UserErrorModel } from '../shared/user-errors.js';
import type { OnboardingPlan } from '../../workflows/onboarding.js';

const MAX_KEY_LENGTH = 200;

/** An idempotency key: 1 to 200 printable characters (a UUID is the usual choice). */
export function checkIdempotencyKey(key: string): string {
  if (key.length === 0 || key.length > MAX_KEY_LENGTH || !/^[\x21-\x7e]+$/.test(key)) {
    throw badUserInput(`idempotencyKey must be 1 to ${MAX_KEY_LENGTH} printable ASCII characters without spaces (a UUID, say).`);
  }
  return key;
}

/** An e-mail address as the directory keys it: trimmed, lower-cased; BAD_USER_INPUT when it is not one. */
export function checkEmail(email: string, argument: string): string {
  const value = email.trim().toLowerCase();
  if (!isEmailAddress(value)) throw badUserInput(`${argument} is not an e-mail address.`);
  return value;
}

/** `person(id, email)`: exactly one of them. */
export function toPersonLookup(args: { id?: string | null; email?: string | null }): { id: string } | { email: string } {
  const hasId = args.id !== undefined && args.id !== null;
  const hasEmail = args.email !== undefined && args.email !== null;
  if (hasId === hasEmail) throw badUserInput('Give exactly one of id and email.');
  return hasId ? { id: checkId(args.id as string, 'id') } : { email: checkEmail(args.email as string, 'email') };
}

export interface OnboardPersonArgs {
  email: string;
  firstName: string;
  lastName: string;
  rocketChat?: { username: string; password: string; roles: readonly AgentType[]; departmentIds?: readonly string[] | null } | null;
  imi?: { loginId: string; password: string; privileges: ReadonlyArray<{ teamId: string; role: TeamRole }> } | null;
}

export type OnboardingCheck = { ok: true; plan: OnboardingPlan; secrets: string[]; fingerprintInput: unknown } | { ok: false; userErrors: UserErrorModel[] };

/**
 * Every problem with an onboarding input, before any platform call, with the same rules as the
 * single-platform mutations (their messages, under `input.rocketChat.*` and `input.imi.*`).
 */
export function checkOnboarding(input: OnboardPersonArgs): OnboardingCheck {
  const problems = new InputProblems();
  const email = input.email.trim().toLowerCase();
  if (!isEmailAddress(email)) problems.add(['input', 'email'], 'The e-mail address must look like name@example.com.');
  problems.text(['input', 'firstName'], 'The first name', input.firstName, 100);
  problems.text(['input', 'lastName'], 'The last name', input.lastName, 100);
  if (!input.rocketChat && !input.imi) problems.add(['input'], 'Give the rocketChat part, the imi part, or both.');
  const displayName = `${input.firstName.trim()} ${input.lastName.trim()}`;
  const errors: UserErrorModel[] = [...problems.list];

  let rocketChat: OnboardingPlan['rocketChat'];
  if (input.rocketChat) {
    const rc = input.rocketChat;
    const roles = (['AGENT', 'MANAGER'] as const).filter((role) => rc.roles.includes(role));
    const departmentIds = [...new Set(rc.departmentIds ?? [])];
    const rcErrors = createUserProblems({ username: rc.username, name: displayName, email, password: rc.password, roles, departmentIds }).filter(
      (error) => error.field?.[1] !== 'name' && error.field?.[1] !== 'email',
    );
    errors.push(...rcErrors.map((error) => ({ ...error, field: error.field && ['input', 'rocketChat', ...error.field.slice(1)] })));
    if (roles.length === 0) errors.push({ code: 'INVALID_INPUT', message: 'Give at least one Livechat role.', field: ['input', 'rocketChat', 'roles'] });
    rocketChat = { username: rc.username.trim(), password: rc.password, roles, departmentIds };
  }

  let imi: NewCustomerCareUser | undefined;
  if (input.imi) {
    const checked = toNewCustomerCareUser({
      firstName: input.firstName,
      lastName: input.lastName,
      loginId: input.imi.loginId,
      email,
      password: input.imi.password,
      privileges: input.imi.privileges,
    });
    if (checked.ok) imi = checked.value;
    else {
      const own = checked.userErrors.filter((error) => !['firstName', 'lastName', 'email'].includes(error.field?.[1] ?? ''));
      errors.push(...own.map((error) => ({ ...error, field: error.field && ['input', 'imi', ...error.field.slice(1)] })));
    }
  }
  if (errors.length > 0) return { ok: false, userErrors: errors };
  const plan: OnboardingPlan = { email, displayName, ...(rocketChat && { rocketChat }), ...(imi && { imi }) };
  const secrets = [rocketChat?.password, imi?.password].filter((secret): secret is string => secret !== undefined);
  const fingerprintInput = {
    email,
    displayName,
    rocketChat: rocketChat && { username: rocketChat.username, roles: rocketChat.roles, departmentIds: [...rocketChat.departmentIds].sort() },
    imi: imi && { loginId: imi.loginId, privileges: imi.privileges },
  };
  return { ok: true, plan, secrets, fingerprintInput };
}

/** `offboardPerson`'s person: by id or e-mail (exactly one), as a userError when wrong (it is a mutation). */
export function offboardTarget(input: { personId?: string | null; email?: string | null }): { id: string } | { email: string } | UserErrorModel {
  const hasId = input.personId !== undefined && input.personId !== null;
  const hasEmail = input.email !== undefined && input.email !== null;
  if (hasId === hasEmail) return { code: 'INVALID_INPUT', message: 'Give exactly one of personId and email.', field: ['input'] };
  if (hasId) {
    const issue = textIssue(input.personId as string, 128);
    return issue ? { code: 'INVALID_INPUT', message: `The person id ${issue}.`, field: ['input', 'personId'] } : { id: input.personId as string };
  }
  const email = (input.email as string).trim().toLowerCase();
  return isEmailAddress(email) ? { email } : { code: 'INVALID_INPUT', message: 'The e-mail address must look like name@example.com.', field: ['input', 'email'] };
}
