import type { z } from 'zod';
import type { CallScope } from '../../upstream/call-scope.js';
import { joinPath } from '../../upstream/path.js';
import { parseAnswer } from '../../upstream/status-errors.js';
import type { UpstreamHttp, UpstreamRequest, UpstreamResponse } from '../../upstream/upstream-http.js';
import { rocketChatError } from './errors.js';
import { ROCKETCHAT } from './name.js';

export interface RocketChatCredentials {
  /** Id of the service account (`X-User-Id`). */
  userId: string;
  /** Its personal access token (`X-Auth-Token`). Never logged. */
  authToken: string;
}

/** One Rocket.Chat call: `idempotent` defaults to true and is false only where a repeat would do harm. */
export type RocketChatCall = Pick<UpstreamRequest, 'method' | 'path' | 'route' | 'body'> & { idempotent?: boolean };

/**
 * What every Rocket.Chat endpoint group shares: the service account's headers on every call, the path
 * prefix, and one way to read a 200 body (anything else becomes the coded error for its status).
 */
export class RocketChatTransport {
  private readonly authHeaders: Record<string, string>;

  constructor(
    private readonly http: UpstreamHttp,
    private readonly basePath: string,
    credentials: RocketChatCredentials,
    private readonly now: () => number,
  ) {
    this.authHeaders = { 'x-user-id': credentials.userId, 'x-auth-token': credentials.authToken };
  }

  send(call: RocketChatCall, scope: CallScope): Promise<UpstreamResponse> {
    const { idempotent = true, ...request } = call;
    return this.http.send({ ...request, path: joinPath(this.basePath, request.path), headers: this.authHeaders, idempotent }, scope);
  }

  /** A 200 body of the documented shape, or the coded error for whatever came instead. */
  parse<T>(schema: z.ZodType<T>, response: UpstreamResponse, route: string): T {
    if (response.status !== 200) throw this.error(response, route);
    return parseAnswer(ROCKETCHAT, schema, response.json, route);
  }

  /** The coded error for a failed call. */
  error(response: UpstreamResponse, route: string): Error {
    return rocketChatError(response, route, this.now());
  }
}
