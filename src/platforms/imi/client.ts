import type { Logger } from 'pino';
import type { CallScope } from '../../upstream/call-scope.js';
import type { CustomerCareRejection, CustomerCareUserModel, CustomerCareUserSearch, NewCustomerCareUser } from './models.js';
import { badUserInput, ErrorCode, GatewayError } from '../../errors.js';
import { encodePathSegment, joinPath, toQueryString } from '../../upstream/path.js';
import { parseAnswer } from '../../upstream/status-errors.js';
import type { UpstreamRequest } from '../../upstream/upstream-http.js';
import { createOutcomeUnknown, logImiCall, readImiAnswer, unauthorized, type ImiOperation, type ImiReading } from './errors.js';
import { toCustomerCareUser, toWireCreateBody } from './mapping.js';
import { toSearchBody } from './search-body.js';
import type { ImiTokenSource } from './token.js';
import { IMI_ID_PATTERN, wireSearchPage, wireUserDetail } from './wire.js';
import { IMI } from './name.js';
import { imiQuotaOf, type ImiQuota } from './quota.js';
import { PlatformHttpClient, type PlatformHttpClientOptions } from '../http-client.js';

/** Names of the headers IMI reads. IMI does not publish them for resource calls, so they are configurable. */
export interface ImiHeaderNames {
  /** Carries the access token on resource calls. */
  token: string;
  /** Carries the team id on resource calls. */
  team: string;
  /** Carries base64(`APIKey@DomainName`) on `/v3.1/authorize`. */
  apiKey: string;
}

export const DEFAULT_IMI_HEADER_NAMES: ImiHeaderNames = Object.freeze({ token: 'access_token', team: 'teamid', apiKey: 'key' });

export interface ImiClientOptions extends PlatformHttpClientOptions {
  /** The team the gateway acts in (sent in the team header of every call). */
  teamId: string;
  tokens: ImiTokenSource;
  headerNames: ImiHeaderNames;
  logger: Logger;
}

export type CreateUserResult =
  | { kind: 'created'; user: CustomerCareUserModel }
  | { kind: 'rejected'; rejection: CustomerCareRejection };

/** One search page and the daily quota IMI reported with it (see `searchUsersPage`). */
export interface ImiSearchPage {
  users: CustomerCareUserModel[];
  /** Undefined when the answer carried no readable `Rate-Limit-Remaining`. */
  quota: ImiQuota | undefined;
}

type CallRequest = Pick<UpstreamRequest, 'method' | 'path' | 'route' | 'body' | 'idempotent'>;
type Answer = Exclude<ImiReading, { kind: 'auth-refused' }>;
/** A call's reading and the quota its (last) answer reported. */
interface Answered {
  answer: Answer;
  quota: ImiQuota | undefined;
}

/** One method per IMI v3.1 users endpoint (shared/upstreams/imi.md). */
export class ImiClient extends PlatformHttpClient {
  private readonly teamId: string;
  private readonly tokens: ImiTokenSource;
  private readonly headerNames: ImiHeaderNames;
  private readonly logger: Logger;

  constructor(options: ImiClientOptions) {
    super(options);
    this.teamId = options.teamId;
    this.tokens = options.tokens;
    this.headerNames = options.headerNames;
    this.logger = options.logger;
  }

  /** `GET /v3.1/users/{id}` — null when the user does not exist (or the id cannot be an IMI id). */
  async getUser(id: string, scope: CallScope): Promise<CustomerCareUserModel | null> {
    if (!IMI_ID_PATTERN.test(id)) return null;
    const route = 'GET /users/:id';
    const path = `/v3.1/users/${encodePathSegment(id)}`;
    const { answer } = await this.call('get', { method: 'GET', path, route, idempotent: true }, scope);
    if (answer.kind === 'absent') return null;
    return toCustomerCareUser(parseAnswer(IMI, wireUserDetail, successOf(answer, route), route));
  }

  /** `POST /v3.1/users/search?page=N` — one page (1-based) of at most ten users, in the list view. */
  async searchUsers(search: CustomerCareUserSearch, page: number, scope: CallScope): Promise<CustomerCareUserModel[]> {
    return (await this.searchUsersPage(search, page, scope)).users;
  }

  /**
   * The same search page with the daily quota IMI reported on its answer (`Rate-Limit-Remaining`), for
   * callers that page through many calls in a row and must stop before the quota runs dry.
   */
  async searchUsersPage(search: CustomerCareUserSearch, page: number, scope: CallScope): Promise<ImiSearchPage> {
    if (!Number.isSafeInteger(page) || page < 1) throw badUserInput('page must be a whole number ≥ 1.');
    const route = 'POST /users/search';
    const path = `/v3.1/users/search${toQueryString({ page })}`;
    // A search changes nothing upstream, so it is as safe to repeat as a GET despite the POST.
    const request = { method: 'POST', path, route, body: toSearchBody(search), idempotent: true } as const;
    const { answer, quota } = await this.call('search', request, scope);
    return { users: parseAnswer(IMI, wireSearchPage, successOf(answer, route), route).map(toCustomerCareUser), quota };
  }

  /**
   * `POST /v3.1/users`. Not idempotent: never repeated after it may have reached IMI (a timeout or a
   * dropped connection is UPSTREAM_OUTCOME_UNKNOWN, from the HTTP layer). Expected refusals are data.
   */
  async createUser(input: NewCustomerCareUser, scope: CallScope): Promise<CreateUserResult> {
    const route = 'POST /users';
    const request = { method: 'POST', path: '/v3.1/users', route, body: toWireCreateBody(input), idempotent: false } as const;
    const { answer } = await this.call('create', request, scope);
    if (answer.kind === 'rejected') return { kind: 'rejected', rejection: answer.rejection };
    const created = wireUserDetail.safeParse(successOf(answer, route));
    // IMI said 4308 (created) but the user it sent back is unreadable: the caller must look it up.
    if (!created.success) throw createOutcomeUnknown(route, '4308 with an unreadable user');
    return { kind: 'created', user: toCustomerCareUser(created.data) };
  }

  /**
   * Sends the call with the current token. When IMI refuses the call for its credentials (2002, 2003,
   * 2004) it did not act, so in API-key mode the token is renewed (single-flight) and the call repeated
   * once — the create too, as that refusal means nothing was created.
   */
  private async call(operation: ImiOperation, request: CallRequest, scope: CallScope): Promise<Answered> {
    let token = await this.tokens.current(scope);
    for (let attempt = 1; ; attempt += 1) {
      const response = await this.http.send(
        { ...request, path: joinPath(this.basePath, request.path), headers: this.headers(token) },
        scope,
      );
      logImiCall(this.logger, response, request.route);
      const reading = readImiAnswer(response, operation, request.route, this.now());
      if (reading.kind !== 'auth-refused') return { answer: reading, quota: imiQuotaOf(response.headers) };
      if (attempt > 1 || !this.tokens.canRefresh) throw unauthorized(request.route, reading.statusCode);
      token = await this.tokens.refresh(token, scope);
    }
  }

  private headers(token: string): Record<string, string> {
    return { [this.headerNames.token]: token, [this.headerNames.team]: this.teamId };
  }

}

/** The success payload; other readings cannot occur for this operation (errors.ts only gives them to get/create). */
function successOf(answer: Answer, route: string): unknown {
  if (answer.kind === 'success') return answer.response;
  throw new GatewayError(ErrorCode.INTERNAL_SERVER_ERROR, 'Unexpected reading of an IMI answer.', {
    provider: IMI.id,
    logFields: { route, reading: answer.kind },
  });
}
