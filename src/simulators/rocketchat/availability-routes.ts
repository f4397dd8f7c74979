import type { SimResponse } from '../http-kit.js';
import { failure, ok, routeForbidden } from './answers.js';
import type { Route, RouteContext } from './route-table.js';
import { validateBody, type BodySchema } from './schema.js';

/**
 * `POST /api/v1/livechat/agent.status` (apps/meteor/app/livechat/server/api/v1/agent.ts), with the
 * server's quirks kept: no `status` toggles, the status already held is a 200 that changes nothing (even
 * for a caller who could not change it), and with business hours closed a manager's attempt to make
 * someone else available answers 200 with the *old* status while the agent's own attempt is a 400.
 */

const STATUS_BODY: BodySchema = {
  required: [],
  properties: { status: { type: 'string', enum: ['available', 'not-available'] }, agentId: { type: 'string' } },
};

async function setAgentStatus({ state, caller, json }: RouteContext): Promise<SimResponse> {
  const parsed = await json();
  if ('status' in parsed) return parsed;
  const body = validateBody(parsed.value, STATUS_BODY);
  if ('status' in body) return body;
  if (!state.hasPermission(caller, 'view-l-room')) return routeForbidden();

  const agentId = typeof body.value.agentId === 'string' && body.value.agentId !== '' ? body.value.agentId : caller._id;
  const agent = state.userById(agentId);
  if (!agent || !agent.roles.includes('livechat-agent')) return failure(404, 'Agent not found');
  if (agent.active === false) return failure(400, 'error-user-deactivated');

  const current = agent.statusLivechat;
  const requested = body.value.status as 'available' | 'not-available' | undefined;
  const next = requested ?? (current === 'available' ? 'not-available' : 'available');
  if (next === current) return ok({ status: current });

  // Only becoming available depends on the business hours.
  const allowed = next !== 'available' || state.businessHoursOpen;
  if (agentId !== caller._id) {
    if (!state.hasPermission(caller, 'manage-livechat-agents')) return failure(403, 'unauthorized');
    // "Silent fail for admins when BH is closed": success, with the status the agent still has.
    if (!allowed) return ok({ status: current });
    agent.statusLivechat = next;
    return ok({ status: next });
  }
  if (!allowed) return failure(400, 'error-business-hours-are-closed');
  agent.statusLivechat = next;
  return ok({ status: next });
}

export const availabilityRoutes: readonly Route[] = [{ method: 'POST', pattern: '/api/v1/livechat/agent.status', handle: setAgentStatus }];
