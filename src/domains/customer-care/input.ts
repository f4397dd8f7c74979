import { InputProblems, isEmailAddress } from '../shared/input.js';
import type { UserErrorModel } from '../shared/user-errors.js';
import type { NewCustomerCareUser, PrivilegeModel, TeamRole } from '../../platforms/imi/models.js';

const MAX_NAME_LENGTH = 100;
const MAX_LOGIN_ID_LENGTH = 100;
const MAX_PASSWORD_LENGTH = 256;
const MAX_JOB_DESCRIPTION_LENGTH = 500;
const MAX_SKILL_ATTRIBUTES_BYTES = 10_000;
const MAX_ACTIVE_CHATS = 10_000;
/** IMI team ids are JSON integers: at most 15 digits stay exact in every JSON parser. */
const TEAM_ID = /^[1-9]\d{0,14}$/;

export interface CreateCustomerCareUserArgs {
  firstName: string;
  lastName: string;
  loginId: string;
  email: string;
  password: string;
  jobDescription?: string | null;
  loginUsingEmail?: boolean | null;
  privileges: ReadonlyArray<{ teamId: string; role: TeamRole }>;
  skillAttributes?: Record<string, unknown> | null;
  activeChats?: number | null;
}

export type NewCustomerCareUserCheck = { ok: true; value: NewCustomerCareUser } | { ok: false; userErrors: UserErrorModel[] };

/**
 * Validates `createCustomerCareUser`'s input before anything reaches IMI, listing every problem at
 * once. Messages never repeat the password.
 */
export function toNewCustomerCareUser(input: CreateCustomerCareUserArgs): NewCustomerCareUserCheck {
  const problems = new InputProblems();
  problems.text(['input', 'firstName'], 'The first name', input.firstName, MAX_NAME_LENGTH);
  problems.text(['input', 'lastName'], 'The last name', input.lastName, MAX_NAME_LENGTH);
  problems.text(['input', 'loginId'], 'The login id', input.loginId, MAX_LOGIN_ID_LENGTH);
  if (/\s/.test(input.loginId.trim())) problems.add(['input', 'loginId'], 'The login id must not contain spaces.');
  const email = input.email.trim();
  if (!isEmailAddress(email)) {
    problems.add(['input', 'email'], 'The e-mail address must look like name@example.com.');
  }
  if (input.password === '') problems.add(['input', 'password'], 'The password must not be empty.');
  else if (input.password.length > MAX_PASSWORD_LENGTH) {
    problems.add(['input', 'password'], `The password must be at most ${MAX_PASSWORD_LENGTH} characters.`);
  }
  const jobDescription = input.jobDescription ?? undefined;
  if (jobDescription !== undefined) {
    problems.text(['input', 'jobDescription'], 'The job description', jobDescription, MAX_JOB_DESCRIPTION_LENGTH, {
      allowEmpty: true,
    });
  }
  const privileges = checkPrivileges(input.privileges, problems);
  const skillAttributes = input.skillAttributes ?? undefined;
  if (skillAttributes !== undefined && JSON.stringify(skillAttributes).length > MAX_SKILL_ATTRIBUTES_BYTES) {
    problems.add(['input', 'skillAttributes'], `The skill attributes must be at most ${MAX_SKILL_ATTRIBUTES_BYTES} characters of JSON.`);
  }
  const activeChats = input.activeChats ?? undefined;
  if (activeChats !== undefined && (activeChats < 0 || activeChats > MAX_ACTIVE_CHATS)) {
    problems.add(['input', 'activeChats'], `The active chats must be from 0 to ${MAX_ACTIVE_CHATS}.`);
  }
  if (!problems.empty) return { ok: false, userErrors: problems.list };
  return {
    ok: true,
    value: {
      firstName: input.firstName.trim(),
      lastName: input.lastName.trim(),
      loginId: input.loginId.trim(),
      email,
      password: input.password,
      loginUsingEmail: input.loginUsingEmail ?? false,
      privileges,
      ...(jobDescription !== undefined && { jobDescription }),
      ...(skillAttributes !== undefined && { skillAttributes }),
      ...(activeChats !== undefined && { activeChats }),
    },
  };
}

function checkPrivileges(
  privileges: CreateCustomerCareUserArgs['privileges'],
  problems: InputProblems,
): PrivilegeModel[] {
  if (privileges.length === 0) problems.add(['input', 'privileges'], 'At least one team privilege is required.');
  const seen = new Set<string>();
  privileges.forEach((privilege, index) => {
    const field = ['input', 'privileges', String(index), 'teamId'];
    const teamId = privilege.teamId.trim();
    if (!TEAM_ID.test(teamId)) problems.add(field, 'The team id must be a positive whole number.');
    else if (seen.has(teamId)) problems.add(field, `Team ${teamId} is listed twice: give one role per team.`);
    seen.add(teamId);
  });
  return privileges.map((privilege) => ({ teamId: privilege.teamId.trim(), role: privilege.role }));
}
