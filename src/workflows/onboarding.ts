import type { ImiSession } from '../platforms/imi/session.js';
import type { AgentType } from '../platforms/rocketchat/models.js';
import type { RocketChatSession } from '../platforms/rocketchat/session.js';
import type { NewCustomerCareUser } from '../platforms/imi/models.js';
import type { IdentityInput } from '../store/types.js';
import type { PlannedStep, RanStep, StepOutcome, WorkflowRun } from './runner.js';
import { finalStatus, type WorkflowEnd } from './status.js';
import { outcomeOfError } from './runner.js';

/** A checked onboarding request, in the platforms' terms. */
export interface OnboardingPlan {
  email: string;
  displayName: string;
  rocketChat?: { username: string; password: string; roles: AgentType[]; departmentIds: string[] };
  imi?: NewCustomerCareUser;
}

export interface OnboardingDeps {
  rocketchat: RocketChatSession;
  imi: ImiSession;
  /** Records an identity the workflow created or changed, so the directory shows it at once. */
  recordIdentity(identity: IdentityInput): Promise<string | null>;
}

/**
 * The steps, in an order that keeps what cannot be undone last: Rocket.Chat's user, roles and departments
 * can be taken back; an IMI user cannot (IMI documents no delete), so it is created last.
 */
export function onboardingSteps(plan: OnboardingPlan): PlannedStep[] {
  const steps: PlannedStep[] = [];
  if (plan.rocketChat) {
    steps.push({ platform: 'rocketchat', action: 'CREATE_USER' }, { platform: 'rocketchat', action: 'GRANT_ROLES' });
    if (plan.rocketChat.departmentIds.length > 0) steps.push({ platform: 'rocketchat', action: 'SET_DEPARTMENTS' });
  }
  if (plan.imi) steps.push({ platform: 'imi', action: 'CREATE_CUSTOMER_CARE_USER' });
  return steps;
}

/** Runs an onboarding's steps (see onboardingSteps), compensating what it did when a later step is refused. */
export async function runOnboarding(run: WorkflowRun, plan: OnboardingPlan, deps: OnboardingDeps): Promise<{ end: WorkflowEnd; refusals: Refusal[] }> {
  const steps = onboardingSteps(plan);
  const seqOf = (action: string) => steps.findIndex((step) => step.action === action);
  let rocketChatUserId: string | undefined;
  let stopped = false;

  const go = async (action: string, body: () => Promise<StepOutcome>): Promise<StepOutcome | undefined> => {
    const seq = seqOf(action);
    if (seq < 0 || stopped) return undefined;
    const outcome = await run.step(seq, body);
    if (outcome.status === 'FAILED' || outcome.status === 'UNKNOWN') stopped = true;
    return outcome;
  };

  const rc = plan.rocketChat;
  if (rc) {
    const created = await go('CREATE_USER', () => createRocketChatUser(deps.rocketchat, plan, rc));
    rocketChatUserId = created?.data?.['userId'] as string | undefined;
    if (rocketChatUserId !== undefined) {
      const userId = rocketChatUserId;
      await go('GRANT_ROLES', () => grantRoles(deps.rocketchat, userId, rc.username, rc.roles));
      await go('SET_DEPARTMENTS', () => setDepartments(deps.rocketchat, userId, rc.departmentIds));
    }
  }
  const imi = plan.imi;
  let imiUserId: string | undefined;
  if (imi) {
    const outcome = await go('CREATE_CUSTOMER_CARE_USER', () => createImiUser(deps.imi, imi));
    imiUserId = outcome?.data?.['userId'] as string | undefined;
  }

  const failed = run.ran.some((step) => step.outcome.status === 'FAILED');
  const unknown = run.ran.some((step) => step.outcome.status === 'UNKNOWN');
  // An unknown outcome is never compensated blindly: the platform may or may not have acted.
  const compensation = failed && !unknown ? await compensate(run, deps.rocketchat) : 'none';

  let personId: string | null = null;
  if (rc && rocketChatUserId !== undefined && compensation === 'none') {
    const roles = rolesHeld(run, rc.roles);
    personId = await deps.recordIdentity({ platform: 'rocketchat', userId: rocketChatUserId, email: plan.email, displayName: plan.displayName, roles });
  }
  if (imiUserId !== undefined) {
    personId = await deps.recordIdentity({ platform: 'imi', userId: imiUserId, email: plan.email, displayName: plan.displayName, roles: [] });
  }
  return { end: { status: finalStatus(run.ran, compensation), personId }, refusals: refusalsOf(run.ran) };
}

/** Where a refusal points in the onboarding input, by step and code. */
const REFUSAL_FIELDS: Record<string, string[]> = {
  USERNAME_TAKEN: ['input', 'rocketChat', 'username'],
  EMAIL_TAKEN: ['input', 'email'],
  USER_DEACTIVATED: ['input', 'rocketChat', 'username'],
  UNKNOWN_DEPARTMENT: ['input', 'rocketChat', 'departmentIds'],
  USER_ALREADY_EXISTS: ['input', 'imi', 'loginId'],
  TEAM_NOT_FOUND: ['input', 'imi', 'privileges'],
};

/** A platform's refusal of a step, pointed at the input (the payload's userErrors are made of these). */
export interface Refusal {
  code: string;
  message: string;
  field: string[];
}

/** Codes that are the input's fault (refusals); an outage is not one: the workflow's status and the step's code say that. */
const REFUSAL_CODES: ReadonlySet<string> = new Set([...Object.keys(REFUSAL_FIELDS), 'INVALID_INPUT', 'UNKNOWN_USER']);

function refusalsOf(ran: readonly RanStep[]): Refusal[] {
  return ran.flatMap((step) => {
    const code = step.outcome.code;
    if (step.outcome.status !== 'FAILED' || !code || !REFUSAL_CODES.has(code)) return [];
    const field = REFUSAL_FIELDS[code] ?? ['input', step.platform === 'imi' ? 'imi' : 'rocketChat'];
    return [{ code, message: step.outcome.message ?? code, field }];
  });
}

async function createRocketChatUser(
  rocketchat: RocketChatSession,
  plan: OnboardingPlan,
  rc: NonNullable<OnboardingPlan['rocketChat']>,
): Promise<StepOutcome> {
  // Rocket.Chat's create is not idempotent: look the username up first.
  const existing = await rocketchat.accounts.user({ username: rc.username });
  if (existing) {
    const sameEmail = existing.emails.some((email) => email.address.toLowerCase() === plan.email);
    if (!sameEmail) {
      return { status: 'FAILED', code: 'USERNAME_TAKEN', message: `The Rocket.Chat username "${rc.username}" belongs to a user with another e-mail address.` };
    }
    if (!existing.active) {
      return { status: 'FAILED', code: 'USER_DEACTIVATED', message: `The Rocket.Chat user "${rc.username}" exists but is deactivated: activate it first.` };
    }
    return { status: 'SKIPPED', message: 'The Rocket.Chat user exists already.', data: { userId: existing.id, created: false } };
  }
  const result = await rocketchat.createUser({ username: rc.username, name: plan.displayName, email: plan.email, password: rc.password, livechatRoles: [] }, []);
  switch (result.kind) {
    case 'created':
      return { status: 'DONE', data: { userId: result.user.id, created: true } };
    case 'username-taken':
      return { status: 'FAILED', code: 'USERNAME_TAKEN', message: `A Rocket.Chat user took the username "${rc.username}" meanwhile.` };
    case 'email-taken':
      return { status: 'FAILED', code: 'EMAIL_TAKEN', message: 'Another Rocket.Chat user has this e-mail address.' };
    case 'invalid':
      return { status: 'FAILED', code: 'INVALID_INPUT', message: `Rocket.Chat refused the ${result.field} (${result.reason}).` };
    case 'unknown-departments':
      return { status: 'FAILED', code: 'UNKNOWN_DEPARTMENT', message: 'A department does not exist.' };
  }
}

/**
 * Grants the roles the user lacks. What the user held before is recorded with the outcome, also when a
 * call fails part-way or times out, so compensation can take back exactly what this step may have given.
 */
async function grantRoles(rocketchat: RocketChatSession, userId: string, username: string, roles: AgentType[]): Promise<StepOutcome> {
  const before: AgentType[] = [];
  for (const role of roles) if (await rocketchat.agent(role, userId)) before.push(role);
  const data = { userId, asked: roles, before };
  try {
    let granted = 0;
    for (const role of roles.filter((role) => !before.includes(role))) {
      const result = await rocketchat.registerAgent(role, username);
      if (result.kind === 'unknown-user') return { status: 'FAILED', code: 'UNKNOWN_USER', message: `Rocket.Chat knows no user "${username}".`, data };
      if (result.kind === 'added') granted += 1;
    }
    return granted === 0 ? { status: 'SKIPPED', message: 'The user holds every role already.', data } : { status: 'DONE', data };
  } catch (error) {
    return { ...outcomeOfError(error), data };
  }
}

async function setDepartments(rocketchat: RocketChatSession, userId: string, departmentIds: string[]): Promise<StepOutcome> {
  const previous = await rocketchat.departments.departmentIdsOf(userId);
  const data = { userId, previous };
  if (sameSet(previous, departmentIds)) return { status: 'SKIPPED', message: 'The agent is in these departments already.', data };
  const result = await rocketchat.setAgentDepartments(userId, departmentIds).catch((error: unknown) => ({ kind: 'error' as const, error }));
  if (result.kind === 'error') return { ...outcomeOfError(result.error), data };
  switch (result.kind) {
    case 'changed':
      return { status: 'DONE', data };
    case 'unknown-user':
      return { status: 'FAILED', code: 'UNKNOWN_USER', message: 'The user does not hold the agent role.', data };
    case 'unknown-departments':
      return { status: 'FAILED', code: 'UNKNOWN_DEPARTMENT', message: `No Livechat department has the id ${result.ids.map((id) => `"${id}"`).join(', ')}.`, data };
  }
}

async function createImiUser(imi: ImiSession, user: NewCustomerCareUser): Promise<StepOutcome> {
  const result = await imi.createCustomerCareUser(user);
  if (result.kind === 'created') return { status: 'DONE', data: { userId: result.user.id } };
  const reason = result.rejection.reason;
  return { status: 'FAILED', code: reason === 'BODY_MISSING' || reason === 'INVALID_REQUEST' || reason === 'INVALID_ATTRIBUTE' ? 'INVALID_INPUT' : reason, message: `IMI refused the user (${reason}).` };
}

/**
 * Undoes, newest first, what this workflow did on Rocket.Chat: departments back to what they were, roles
 * it granted taken back, a user it created deactivated (Rocket.Chat users are not deleted: their history
 * stays). A step that failed part-way is undone too, from what it recorded. Roles are re-read before they
 * are taken back, so a grant whose answer was lost is undone only if it happened. Nothing the workflow did
 * not do is touched; each undo is recorded before it runs and after.
 */
async function compensate(run: WorkflowRun, rocketchat: RocketChatSession): Promise<'none' | 'done' | 'partial'> {
  const toUndo = [...run.ran].reverse().filter((step) => step.outcome.status === 'DONE' || (step.outcome.status === 'FAILED' && PARTIAL_STEPS.has(step.action)));
  if (!toUndo.some((step) => step.outcome.status === 'DONE') && !toUndo.some((step) => hasPartialEffect(step))) return 'none';
  let complete = true;
  for (const step of toUndo) {
    await run.undoing(step);
    const undo = await undoStep(step, rocketchat).catch((error: unknown) => ({ ok: false as const, code: codeOf(error), message: 'the platform call failed' }));
    await run.compensated(step, undo);
    if (!undo.ok) complete = false;
  }
  return complete ? 'done' : 'partial';
}

/** Steps that may have changed something before they failed. */
const PARTIAL_STEPS: ReadonlySet<string> = new Set(['GRANT_ROLES', 'SET_DEPARTMENTS']);

function hasPartialEffect(step: RanStep): boolean {
  return step.outcome.status === 'FAILED' && PARTIAL_STEPS.has(step.action) && step.outcome.data !== undefined;
}

type Undo = { ok: true } | { ok: false; code: string; message: string };

async function undoStep(step: RanStep, rocketchat: RocketChatSession): Promise<Undo> {
  const data = step.outcome.data ?? {};
  const userId = data['userId'] as string | undefined;
  if (userId === undefined) return { ok: true };
  switch (step.action) {
    case 'CREATE_USER': {
      if (data['created'] !== true) return { ok: true };
      const result = await rocketchat.setUserActive(userId, false);
      return result.kind === 'set' ? { ok: true } : { ok: false, code: result.kind === 'unknown-user' ? 'UNKNOWN_USER' : 'PROTECTED_USER', message: `deactivation answered ${result.kind}` };
    }
    case 'GRANT_ROLES': {
      const before = (data['before'] as AgentType[] | undefined) ?? [];
      for (const role of ((data['asked'] as AgentType[] | undefined) ?? []).filter((role) => !before.includes(role))) {
        if (!(await rocketchat.agent(role, userId))) continue;
        const result = await rocketchat.removeAgent(role, userId);
        if (result.kind === 'protected') return { ok: false, code: 'PROTECTED_USER', message: 'the service account keeps its manager role' };
      }
      return { ok: true };
    }
    case 'SET_DEPARTMENTS': {
      const result = await rocketchat.setAgentDepartments(userId, (data['previous'] as string[] | undefined) ?? []);
      if (result.kind === 'changed') return { ok: true };
      return { ok: false, code: result.kind === 'unknown-user' ? 'UNKNOWN_USER' : 'UNKNOWN_DEPARTMENT', message: `restoring the departments answered ${result.kind}` };
    }
    default:
      return { ok: false, code: 'NOT_UNDOABLE', message: `${step.action} cannot be undone` };
  }
}

/** The Livechat roles the user holds after the Rocket.Chat steps: those asked for unless the grant failed. */
function rolesHeld(run: WorkflowRun, asked: AgentType[]): AgentType[] {
  const grant = run.ran.find((step) => step.action === 'GRANT_ROLES');
  return grant && (grant.outcome.status === 'DONE' || grant.outcome.status === 'SKIPPED') ? asked : [];
}

function sameSet(a: readonly string[], b: readonly string[]): boolean {
  const left = new Set(a);
  const right = new Set(b);
  return left.size === right.size && [...left].every((item) => right.has(item));
}

function codeOf(error: unknown): string {
  return typeof error === 'object' && error !== null && 'code' in error && typeof error.code === 'string' ? error.code : 'INTERNAL_SERVER_ERROR';
}
