import type { CallScope } from '../../upstream/call-scope.js';
import { toQueryString } from '../../upstream/path.js';
import { badResponse } from '../../upstream/status-errors.js';
import type { UpstreamResponse } from '../../upstream/upstream-http.js';
import { upstreamErrorOf, upstreamReasonsOf } from './errors.js';
import { ROLE_OF, toRocketChatUser } from './mapping.js';
import { ROCKETCHAT } from './name.js';
import type { NewRocketChatUser, RocketChatUserModel } from './models.js';
import type { RocketChatTransport } from './transport.js';
import {
  accountResponse,
  agentStatusResponse,
  setActiveStatusResponse,
  type CreateAccountBody,
  type WireLivechatStatus,
} from './wire-accounts.js';

export type AccountLookup = { id: string } | { username: string };

/** Which input the platform refused, for the caller's userErrors. */
export type AccountField = 'username' | 'email' | 'password';

export type CreateAccountResult =
  | { kind: 'created'; user: RocketChatUserModel }
  /** The username or the e-mail address is in use; the platform does not say which. */
  | { kind: 'field-unavailable' }
  | { kind: 'invalid'; field: AccountField; reason: string };

export type SetActiveResult = { kind: 'set'; active: boolean } | { kind: 'unknown-user' } | { kind: 'last-admin' };

export type AgentStatusResult =
  /** The status the agent has now: the old one when the platform kept it (business hours closed). */
  | { kind: 'answered'; status: WireLivechatStatus }
  | { kind: 'not-an-agent' }
  | { kind: 'deactivated' }
  /** Only for the service account's own status: the platform refuses rather than keeping it quietly. */
  | { kind: 'business-hours-closed' };

/** Rocket.Chat's `users.*` endpoints and `livechat/agent.status` (shared/upstreams/rocketchat.md). */
export class RocketChatAccountsApi {
  constructor(private readonly transport: RocketChatTransport) {}

  /** `GET /api/v1/users.info` by id or username; null when no user has it. */
  async info(lookup: AccountLookup, scope: CallScope): Promise<RocketChatUserModel | null> {
    const route = 'GET /users.info';
    const query = 'id' in lookup ? { userId: lookup.id } : { username: lookup.username };
    const response = await this.transport.send({ method: 'GET', path: `/api/v1/users.info${toQueryString(query)}`, route }, scope);
    if (isUserNotFound(response)) return null;
    return toRocketChatUser(this.transport.parse(accountResponse, response, route).user);
  }

  /**
   * `POST /api/v1/users.create`. Not idempotent: a repeat after a lost answer would fail as a taken
   * username (or create a second user had the username changed), so it is never retried, and a call
   * that may have reached the platform without an answer is reported as an unknown outcome.
   */
  async create(user: NewRocketChatUser, scope: CallScope): Promise<CreateAccountResult> {
    const route = 'POST /users.create';
    const body: CreateAccountBody = {
      username: user.username,
      name: user.name,
      email: user.email,
      password: user.password,
      roles: ['user', ...user.livechatRoles.map((type) => ROLE_OF[type])],
      joinDefaultChannels: false,
    };
    const response = await this.transport.send({ method: 'POST', path: '/api/v1/users.create', route, body, idempotent: false }, scope);
    if (response.status === 400) {
      const refusal = createRefusal(upstreamReasonsOf(response));
      if (refusal) return refusal;
    }
    return { kind: 'created', user: toRocketChatUser(this.transport.parse(accountResponse, response, route).user) };
  }

  /** `POST /api/v1/users.setActiveStatus`. Safe to repeat: setting the state already held changes nothing. */
  async setActive(userId: string, active: boolean, scope: CallScope): Promise<SetActiveResult> {
    const route = 'POST /users.setActiveStatus';
    const body = { userId, activeStatus: active };
    const response = await this.transport.send({ method: 'POST', path: '/api/v1/users.setActiveStatus', route, body }, scope);
    if (isUserNotFound(response)) return { kind: 'unknown-user' };
    if (response.status === 400 && upstreamReasonsOf(response).includes('error-action-not-allowed')) return { kind: 'last-admin' };
    return { kind: 'set', active: this.transport.parse(setActiveStatusResponse, response, route).user.active };
  }

  /**
   * `POST /api/v1/livechat/agent.status` with an explicit status (without one the platform toggles, so a
   * repeat would undo the first call). Safe to repeat. The answer is the status the agent has afterwards.
   */
  async setAgentStatus(agentId: string, status: WireLivechatStatus, scope: CallScope): Promise<AgentStatusResult> {
    const route = 'POST /livechat/agent.status';
    const response = await this.transport.send({ method: 'POST', path: '/api/v1/livechat/agent.status', route, body: { status, agentId } }, scope);
    if (response.status === 404) return { kind: 'not-an-agent' };
    if (response.status === 400) {
      const reasons = upstreamReasonsOf(response);
      if (reasons.includes('error-user-deactivated')) return { kind: 'deactivated' };
      if (reasons.includes('error-business-hours-are-closed')) return { kind: 'business-hours-closed' };
    }
    const answered = this.transport.parse(agentStatusResponse, response, route).status;
    if (answered !== 'available' && answered !== 'not-available') {
      throw badResponse(ROCKETCHAT, route, 'status');
    }
    return { kind: 'answered', status: answered };
  }
}

/** `users.info` and `users.setActiveStatus` answer an unknown user with 400 `User not found` (with or without a period). */
function isUserNotFound(response: UpstreamResponse): boolean {
  return response.status === 400 && /^User not found\.?$/.test(upstreamErrorOf(response) ?? '');
}

function createRefusal(reasons: string[]): CreateAccountResult | undefined {
  if (reasons.includes('error-field-unavailable')) return { kind: 'field-unavailable' };
  if (reasons.includes('error-input-is-not-a-valid-field')) return { kind: 'invalid', field: 'username', reason: 'error-input-is-not-a-valid-field' };
  if (reasons.includes('error-invalid-email')) return { kind: 'invalid', field: 'email', reason: 'error-invalid-email' };
  const policy = reasons.find((reason) => reason.startsWith('error-password-policy-not-met'));
  if (policy !== undefined) return { kind: 'invalid', field: 'password', reason: policy };
  return undefined;
}
