import type { UserErrorModel } from '../shared/user-errors.js';
import type { AgentPage, AgentType } from '../../platforms/rocketchat/models.js';

// What the resolvers return beyond the platform's own models (src/platforms/rocketchat/models.ts).

/** What `AgentConnection` resolves from: the page plus how many edges the caller asked for. */
export interface AgentPageModel extends AgentPage {
  type: AgentType;
  /** 0 when the caller asked for `first: 0` (count only). */
  requested: number;
}

export interface RegisterAgentPayloadModel {
  type: AgentType;
  agentId: string | null;
  userErrors: UserErrorModel[];
}

export interface RemoveAgentPayloadModel {
  removedAgentId: string | null;
  userErrors: UserErrorModel[];
}

/** The payload of a mutation that changes one agent: the agent is looked up only when asked for. */
export interface AgentPayloadModel {
  agentId: string | null;
  userErrors: UserErrorModel[];
}
