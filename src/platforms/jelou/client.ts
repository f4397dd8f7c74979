import type { CallScope } from '../../upstream/call-scope.js';
import type { WidgetUserField, WidgetUserInput, WidgetUserModel } from './models.js';
import { joinPath } from '../../upstream/path.js';
import { badResponse, parseAnswer } from '../../upstream/status-errors.js';
import type { UpstreamResponse } from '../../upstream/upstream-http.js';
import { isReportedFailure, isValidationFailure, jelouError, readFailure, validationProblems } from './errors.js';
import { toWidgetUser } from './mapping.js';
import { widgetUserResponse, type WidgetUserRequest } from './wire.js';
import { JELOU } from './name.js';
import { PlatformHttpClient, type PlatformHttpClientOptions } from '../http-client.js';

/** `basic`: `Authorization: Basic base64(id:secret)` (current docs); `raw`: `Authorization: id:secret` (older docs). */
export type JelouAuthScheme = 'basic' | 'raw';

export interface JelouCredentials {
  clientId: string;
  /** Never logged, never part of an error. */
  clientSecret: string;
}

export interface JelouClientOptions extends PlatformHttpClientOptions {
  credentials: JelouCredentials;
  authScheme: JelouAuthScheme;
}

export type GetOrCreateWidgetUserResult =
  | { kind: 'ok'; user: WidgetUserModel }
  | { kind: 'invalid'; problems: Array<{ field: WidgetUserField | null; message: string }> };

/** One method per Jelou endpoint the gateway uses (see shared/upstreams/jelou.md). */
export class JelouClient extends PlatformHttpClient {
  private readonly authHeaders: Record<string, string>;

  constructor(options: JelouClientOptions) {
    super(options);
    this.authHeaders = { authorization: authorizationHeader(options.credentials, options.authScheme) };
  }

  /**
   * `POST /v1/widget/user` — get or create: the same `id` always answers the same user and rooms, so
   * the call is safe to repeat. Jelou's input validation (422) is an expected outcome, returned as data.
   */
  async getOrCreateWidgetUser(input: WidgetUserInput, scope: CallScope): Promise<GetOrCreateWidgetUserResult> {
    const route = 'POST /v1/widget/user';
    const body: WidgetUserRequest = {
      user: { id: input.id, names: input.names, ...(input.legalId !== undefined && { legalId: input.legalId }) },
    };
    const response = await this.http.send(
      {
        method: 'POST',
        path: joinPath(this.basePath, '/v1/widget/user'),
        route,
        headers: this.authHeaders,
        body,
        idempotent: true,
      },
      scope,
    );
    if (isSuccessStatus(response) && !isReportedFailure(response)) {
      const user = toWidgetUser(parseAnswer(JELOU, widgetUserResponse, response.json, route).data);
      // Get-or-create answers the user with the id we sent; anyone else would be someone else's data.
      if (user.id !== input.id) throw badResponse(JELOU, route, 'the answer is about another user than the one asked for');
      return { kind: 'ok', user };
    }
    const failure = readFailure(response.json);
    if (response.status !== 429 && isValidationFailure(response, failure)) {
      return { kind: 'invalid', problems: validationProblems(failure) };
    }
    throw jelouError(response, route, this.now());
  }
}

function isSuccessStatus(response: UpstreamResponse): boolean {
  return response.status >= 200 && response.status < 300;
}

function authorizationHeader(credentials: JelouCredentials, scheme: JelouAuthScheme): string {
  const pair = `${credentials.clientId}:${credentials.clientSecret}`;
  return scheme === 'basic' ? `Basic ${Buffer.from(pair, 'utf8').toString('base64')}` : pair;
}
