import type { IncomingMessage, Server } from 'node:http';
import type { Duplex } from 'node:stream';
import { GraphQLError, type ExecutionArgs, type ExecutionResult, type FormattedExecutionResult } from 'graphql';
import { CloseCode, type ConnectionInitMessage } from 'graphql-ws';
import { useServer, type Extra } from 'graphql-ws/use/ws';
import { WebSocketServer } from 'ws';
import { admit, rateLimitKey, type AdmissionOptions } from '../../access/admission.js';
import { retryAfterSeconds } from '../../access/rate-limit.js';
import type { Caller } from '../../access/caller.js';
import type { Logger } from '../../logger.js';
import type { SubscriptionRunner } from '../../subscriptions/subscription-runner.js';
import { credentialsFrom } from './connection-params.js';

export interface WebSocketOptions extends AdmissionOptions {
  runner: SubscriptionRunner;
  /** Largest message a client may send (the same bound as an HTTP body). */
  maxPayloadBytes: number;
  /** Subscriptions one connection may hold at once. */
  maxSubscriptionsPerConnection: number;
  logger: Logger;
}

export interface WebSocketEndpoint {
  /** Open connections, for metrics and tests. */
  connectionCount(): number;
  /** Closes every connection (1001 going away) and stops taking new ones. */
  close(): Promise<void>;
}

/** What each connection carries once its `connection_init` was admitted. */
interface Admitted extends Record<PropertyKey, unknown> {
  caller?: Caller;
}

/** A subscriber that falls behind is cut off with this code (RFC 6455 "policy violation") and a reason. */
export const TOO_SLOW_CLOSE_CODE = 1008;
/** How long a cut-off subscriber gets to read its close frame before its socket is destroyed. */
const CLOSE_GRACE_MS = 1_000;

/**
 * GraphQL subscriptions over WebSocket (the `graphql-transport-ws` protocol of graphql-ws) on
 * `/graphql`, beside the HTTP endpoint. The caller is admitted once, at `connection_init`, with the
 * credentials of its connection params (`{ authorization: "Bearer …" }`, what browsers can send) or
 * of the upgrade request; a refusal closes with 4401 (credentials) or 4429 (a rate limit). Every
 * subscription then runs through the SubscriptionRunner, like SSE's.
 */
export function attachWebSocketEndpoint(server: Server, options: WebSocketOptions): WebSocketEndpoint {
  const wss = new WebSocketServer({ noServer: true, maxPayload: options.maxPayloadBytes });
  let closing = false;
  const onUpgrade = (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    const path = new URL(req.url ?? '/', 'http://gateway.invalid').pathname;
    if (closing || path !== '/graphql') {
      socket.end(`HTTP/1.1 ${closing ? '503 Service Unavailable' : '404 Not Found'}\r\nconnection: close\r\ncontent-length: 0\r\n\r\n`);
      return;
    }
    wss.handleUpgrade(req, socket, head, (ws) => wss.emit('connection', ws, req));
  };
  server.on('upgrade', onUpgrade);

  useServer<ConnectionInitMessage['payload'], Admitted>(
    {
      isProd: true,
      async onConnect(ctx) {
        const { request } = ctx.extra;
        const authorization = credentialsFrom(ctx.connectionParams) ?? request.headers.authorization;
        // The upgrade request's forwarding headers: behind a trusted proxy they say whose address this is.
        const headers = { authorization, forwarded: request.headers.forwarded, 'x-forwarded-for': request.headers['x-forwarded-for'] };
        const admission = await admit({ headers, socket: request.socket }, options);
        if (!admission.admitted) {
          const { error } = admission.refusal;
          const code = admission.refusal.status === 401 ? CloseCode.Unauthorized : CloseCode.TooManyInitialisationRequests;
          ctx.extra.socket.close(code, closeReason(`${error.extensions.code}: ${error.message}`));
          return false;
        }
        ctx.extra.caller = admission.caller;
        return true;
      },
      async onSubscribe(ctx, id, payload): Promise<ExecutionArgs | readonly GraphQLError[]> {
        const { caller } = ctx.extra;
        if (!caller) return [new GraphQLError('The connection is not authenticated.', { extensions: { code: 'UNAUTHENTICATED' } })];
        // Each subscription counts against the caller's rate limit, as a request would.
        const decision = await options.rateLimiter?.take(rateLimitKey(ctx.extra.request, caller, options));
        if (decision && !decision.allowed) {
          const message = `Too many requests: this caller’s rate limit is used up. Retry after ${retryAfterSeconds(decision.retryAfterMs)} s.`;
          return [new GraphQLError(message, { extensions: { code: 'RATE_LIMITED', retryAfterMs: decision.retryAfterMs } })];
        }
        const held = Object.values(ctx.subscriptions).length;
        if (held > options.maxSubscriptionsPerConnection) {
          return [new GraphQLError(`A connection holds at most ${options.maxSubscriptionsPerConnection} subscriptions: open another connection.`, { extensions: { code: 'BAD_REQUEST' } })];
        }
        const opened = await options.runner.open(caller, payload, (reason) => cutOff(ctx.extra, reason, options.logger, caller, id));
        if (!opened.ok) return opened.errors.map((error) => new GraphQLError(error.message, { extensions: error.extensions ?? {} }));
        // graphql-ws wants execution arguments; `subscribe` below hands back the results already running.
        return { schema: opened.schema, document: opened.document, operationName: opened.operationName, contextValue: opened.results };
      },
      // graphql-ws types results as graphql-js's; ours are formatted, which onNext below sends unchanged.
      subscribe: (args) => args.contextValue as AsyncGenerator<ExecutionResult>,
      // Results and refusals are already formatted by the one error funnel: sent as they are.
      onNext: (_ctx, _id, _payload, _args, result) => result as FormattedExecutionResult,
      onError: (_ctx, _id, _payload, errors) => options.runner.formatErrors(errors),
    },
    wss,
  );

  return {
    connectionCount: () => wss.clients.size,
    async close() {
      closing = true;
      server.off('upgrade', onUpgrade);
      for (const client of wss.clients) client.close(1001, 'The gateway is shutting down.');
      // A client that does not answer the close handshake would hold shutdown for ws's 30 s timeout.
      const stragglers = setTimeout(() => {
        for (const client of wss.clients) client.terminate();
      }, CLOSE_GRACE_MS);
      await new Promise<void>((resolve) => wss.close(() => resolve()));
      await waitUntil(() => wss.clients.size === 0, 2 * CLOSE_GRACE_MS);
      clearTimeout(stragglers);
    },
  };
}

/** Closes a connection whose subscriber fell behind; the socket is destroyed if the close frame cannot get out. */
function cutOff(extra: Extra & Partial<Admitted>, reason: string, logger: Logger, caller: Caller, id: string): void {
  logger.warn({ caller: caller.name, tenant: caller.tenant, subscriptionId: id, reason }, 'subscriber disconnected: too slow');
  extra.socket.close(TOO_SLOW_CLOSE_CODE, closeReason(`SUBSCRIBER_TOO_SLOW: ${reason}`));
  setTimeout(() => extra.socket.terminate(), CLOSE_GRACE_MS).unref();
}

/** Resolves when `done()` holds, or after `limitMs` at most. */
async function waitUntil(done: () => boolean, limitMs: number): Promise<void> {
  for (let waited = 0; !done() && waited < limitMs; waited += 20) await new Promise((resolve) => setTimeout(resolve, 20));
}

/** A close frame's reason holds at most 123 bytes. */
function closeReason(text: string): string {
  let reason = text;
  while (Buffer.byteLength(reason) > 123) reason = reason.slice(0, -1);
  return reason;
}
