import type { SimResponse } from '../http-kit.js';
import { Match, check } from './match.js';
import type { RocketChatState, SimDepartment, SimDepartmentAgent } from './state.js';

/**
 * What the department routes share: the department and membership documents as the server answers
 * them, and the server's `updateDepartmentAgents` (apps/meteor/app/livechat/server/lib/Helper.ts), which
 * every way of changing a department's agents ends in.
 */

/** A department as stored, with `numAgents` as the document holds it (see RocketChatState.numAgentsOf). */
export function departmentAnswer(state: RocketChatState, department: SimDepartment): Record<string, unknown> {
  const numAgents = state.numAgentsOf(department._id);
  return numAgents === undefined ? { ...department } : { ...department, numAgents };
}

export const membershipAnswer = (row: SimDepartmentAgent): Record<string, unknown> => ({ ...row });

const AGENT_ENTRY = Match.objectIncluding({
  agentId: Match.String,
  username: Match.maybe(Match.String),
  count: Match.maybe(Match.Integer),
  order: Match.maybe(Match.Integer),
});
/** A plain object pattern: any other key in the changes is an `Unknown key`. */
const AGENT_CHANGES = Match.object({ upsert: Match.maybe(Match.arrayOf(AGENT_ENTRY)), remove: Match.maybe(Match.arrayOf(AGENT_ENTRY)) });

interface AgentEntry {
  agentId: string;
  count?: number;
  order?: number;
}

/**
 * `updateDepartmentAgents(departmentId, {upsert?, remove?})`: Meteor-checks the changes (after whatever
 * the caller already did: a department saved by POST/PUT stays saved when this check fails), removes
 * first, then upserts. An upsert of an unknown user id is skipped; of any existing user (agent or not) is
 * saved, `count`/`order` reset to 0 when left out (the server writes `agent.count ? … : 0`). Only the
 * listed agents are touched: nobody is ever removed for not being listed. When anything was listed to
 * remove or saved, the server recounts `numAgents` (which rewrites `_updatedAt`).
 */
export function updateDepartmentAgents(state: RocketChatState, departmentId: string, changes: unknown): SimResponse | undefined {
  const failed = check(changes, AGENT_CHANGES);
  if (failed) return failed;
  const { upsert = [], remove = [] } = changes as { upsert?: AgentEntry[]; remove?: AgentEntry[] };
  for (const { agentId } of remove) state.removeFromDepartment(departmentId, agentId);
  let saved = 0;
  for (const { agentId, count, order } of upsert) {
    if (!state.userById(agentId)) continue;
    state.upsertMembership(departmentId, agentId, { count: count || 0, order: order || 0 });
    saved += 1;
  }
  if (remove.length > 0 || saved > 0) state.touchDepartment(departmentId);
  return undefined;
}
