import type { RocketChatSession } from '../platforms/rocketchat/session.js';
import type { ImiSession } from '../platforms/imi/session.js';
import { ErrorCode, GatewayError } from '../errors.js';
import type { AgentType } from '../platforms/rocketchat/models.js';
import type { IdentityInput, IdentityRecord } from '../store/types.js';
import type { PlannedStep, StepOutcome, WorkflowRun } from './runner.js';
import { finalStatus, type WorkflowEnd } from './status.js';

export interface OffboardingPlan {
  personId: string;
  identities: IdentityRecord[];
  deactivateRocketChatUser: boolean;
}

export interface OffboardingDeps {
  rocketchat: RocketChatSession;
  imi: ImiSession;
  recordIdentity(identity: IdentityInput): Promise<string | null>;
}

const IMI_BY_HAND =
  'IMI documents no way to deactivate, delete or change a user: deactivate this user in the IMI console (Users), or ask IMI support.';

/** One step per thing to take away, per identity; IMI's is planned so that the workflow says what is left to do by hand. */
export function offboardingSteps(plan: OffboardingPlan): PlannedStep[] {
  const steps: PlannedStep[] = [];
  for (const identity of plan.identities) {
    if (identity.platform === 'rocketchat') {
      steps.push({ platform: 'rocketchat', action: 'REMOVE_AGENT_ROLE' }, { platform: 'rocketchat', action: 'REMOVE_MANAGER_ROLE' });
      if (plan.deactivateRocketChatUser) steps.push({ platform: 'rocketchat', action: 'DEACTIVATE_USER' });
    } else {
      steps.push({ platform: 'imi', action: 'DEACTIVATE_CUSTOMER_CARE_USER' });
    }
  }
  return steps;
}

/**
 * Takes away what the person holds, each step on its own: a failure does not stop the others (an
 * offboarding should leave as little behind as it can), and nothing is compensated (re-granting a role
 * to someone leaving would be the wrong way round). Steps that find nothing to do are SKIPPED.
 */
export async function runOffboarding(run: WorkflowRun, plan: OffboardingPlan, deps: OffboardingDeps): Promise<WorkflowEnd> {
  let seq = 0;
  for (const identity of plan.identities) {
    if (identity.platform === 'rocketchat') {
      const userId = identity.userId;
      await run.step(seq++, () => removeRole(deps.rocketchat, 'AGENT', userId));
      await run.step(seq++, () => removeRole(deps.rocketchat, 'MANAGER', userId));
      if (plan.deactivateRocketChatUser) await run.step(seq++, () => deactivate(deps.rocketchat, userId));
      // A lookup that fails leaves the directory as it was rather than writing a guess.
      const rolesLeft = await rolesStillHeld(deps.rocketchat, userId).catch(() => undefined);
      if (rolesLeft) await deps.recordIdentity({ ...identity, roles: rolesLeft });
    } else {
      await run.step(seq++, () => imiStep(deps.imi, identity.userId));
    }
  }
  return { status: finalStatus(run.ran, 'none'), personId: plan.personId };
}

async function removeRole(rocketchat: RocketChatSession, role: AgentType, userId: string): Promise<StepOutcome> {
  const noun = role === 'AGENT' ? 'agent' : 'manager';
  if (!(await rocketchat.agent(role, userId))) return { status: 'SKIPPED', message: `Holds no Livechat ${noun} role.` };
  const result = await rocketchat.removeAgent(role, userId);
  switch (result.kind) {
    case 'removed':
      return { status: 'DONE' };
    case 'unknown-user':
      return { status: 'SKIPPED', message: 'Rocket.Chat has no such user any more.' };
    case 'protected':
      return { status: 'FAILED', code: 'PROTECTED_USER', message: "The gateway's own service account keeps its manager role." };
  }
}

async function deactivate(rocketchat: RocketChatSession, userId: string): Promise<StepOutcome> {
  const user = await rocketchat.accounts.user({ id: userId });
  if (!user) return { status: 'SKIPPED', message: 'Rocket.Chat has no such user any more.' };
  if (!user.active) return { status: 'SKIPPED', message: 'The user is deactivated already.' };
  const result = await rocketchat.setUserActive(userId, false);
  switch (result.kind) {
    case 'set':
      return { status: 'DONE' };
    case 'unknown-user':
      return { status: 'SKIPPED', message: 'Rocket.Chat has no such user any more.' };
    case 'last-admin':
    case 'protected':
      return { status: 'FAILED', code: 'PROTECTED_USER', message: 'Rocket.Chat keeps this user active (the last admin, or the gateway\'s own account).' };
  }
}

/**
 * The person's identities, with the Rocket.Chat one found live when the directory has none yet (a role
 * granted since its last refresh): the agent and manager lists, filtered by the e-mail address, matched
 * exactly. An offboarding must not leave a role behind because the directory was behind.
 */
export async function withLiveRocketChatIdentity(rocketchat: RocketChatSession, email: string, identities: IdentityRecord[]): Promise<IdentityRecord[]> {
  if (identities.some((identity) => identity.platform === 'rocketchat')) return identities;
  for (const type of ['AGENT', 'MANAGER'] as const) {
    const page = await rocketchat.listAgents({ type, offset: 0, count: 100, text: email }).catch((error: unknown) => {
      // A tenant without Rocket.Chat has nothing there to take away; any other failure stops the offboarding
      // before its first step, rather than let it report success with a role left behind.
      if (error instanceof GatewayError && error.code === ErrorCode.PLATFORM_NOT_CONFIGURED) return undefined;
      throw error;
    });
    if (!page) return identities;
    const match = page.agents.find((agent) => agent.emails.some((address) => address.address.toLowerCase() === email));
    if (match) {
      const roles: AgentType[] = [type];
      return [
        { platform: 'rocketchat', userId: match.id, email, displayName: match.name ?? match.username, roles, personId: identities[0]?.personId ?? null, seenAt: new Date() },
        ...identities,
      ];
    }
  }
  return identities;
}

/** IMI cannot deactivate a user through its API: say what to do by hand, unless there is nothing left to do. */
async function imiStep(imi: ImiSession, userId: string): Promise<StepOutcome> {
  const user = await imi.customerCareUser(userId);
  if (!user) return { status: 'SKIPPED', message: 'IMI has no such user any more.' };
  if (user.status === 'INACTIVE') return { status: 'SKIPPED', message: 'The IMI user is inactive already.' };
  return { status: 'UNSUPPORTED', code: 'UNSUPPORTED', message: `${IMI_BY_HAND} (IMI user id ${userId}, login ${user.loginId ?? 'unknown'})` };
}

async function rolesStillHeld(rocketchat: RocketChatSession, userId: string): Promise<AgentType[]> {
  const held = await Promise.all((['AGENT', 'MANAGER'] as const).map(async (role) => ((await rocketchat.agent(role, userId)) ? role : null)));
  return held.filter((role): role is AgentType => role !== null);
}
