import { ChatGatewayError, fromGraphQLError, isRecord, readGraphQLErrors } from './errors.js';

/**
 * Where subscriptions travel. The client has no transport of its own (and so no runtime dependency):
 * a `graphql-ws` client (WebSocket) and a `graphql-sse` client (Server-Sent Events) both fit as they are:
 *
 *   createChatGatewayClient({ url, apiKey, subscriptions: createClient({ url: 'wss://…/graphql', connectionParams: { authorization: `Bearer ${apiKey}` } }) })
 */
export interface SubscriptionTransport {
  subscribe(
    payload: { query: string; variables?: Record<string, unknown> | null; operationName?: string | null },
    sink: { next(value: unknown): void; error(error: unknown): void; complete(): void },
  ): () => void;
}

/** What a subscriber is told: each event's data, then at most one of `error` and `complete`. */
export interface SubscriptionHandlers<T> {
  next(value: T): void;
  /** The subscription ended with an error (refused, a dropped connection, too slow to keep up …). */
  error?(error: ChatGatewayError): void;
  /** The server ended the subscription (the gateway is shutting down, say). */
  complete?(): void;
}

/**
 * Starts one subscription on the transport and returns what stops it. Each result's data goes to
 * `next`; a result that carries errors ends nothing by itself (a field may fail on one event), but an
 * event without data is reported through `error`, as is the transport's own failure.
 */
export function subscribeThrough<TData, T>(
  transport: SubscriptionTransport,
  source: { query: string; operationName: string | undefined },
  variables: Record<string, unknown> | undefined,
  handlers: SubscriptionHandlers<T>,
  pick: (data: TData) => T,
): () => void {
  let ended = false;
  // Known once `subscribe` returns; a failure reported before that is remembered and acted on then.
  const stopper: { dispose?: () => void; failedEarly?: boolean } = {};
  const fail = (error: ChatGatewayError) => {
    if (ended) return;
    ended = true;
    // An event the client cannot use ends the subscription on the server too, not only for the handlers.
    if (stopper.dispose) stopper.dispose();
    else stopper.failedEarly = true;
    handlers.error?.(error);
  };
  const dispose = transport.subscribe(
    { query: source.query, ...(variables && { variables }), ...(source.operationName && { operationName: source.operationName }) },
    {
      next(value) {
        if (ended) return;
        const result = isRecord(value) ? value : {};
        const errors = readGraphQLErrors(result['errors']);
        const data = result['data'];
        if (isRecord(data)) {
          handlers.next(pick(data as TData));
          return;
        }
        const [first] = errors;
        fail(first ? fromGraphQLError(first, { status: undefined, operationName: source.operationName, graphQLErrors: errors }) : invalid(source.operationName));
      },
      error: (error) => fail(transportError(error, source.operationName)),
      complete() {
        if (ended) return;
        ended = true;
        handlers.complete?.();
      },
    },
  );
  stopper.dispose = dispose;
  // A transport may fail synchronously, before `subscribe` returned what stops it.
  if (stopper.failedEarly) dispose();
  return dispose;
}

/**
 * graphql-ws reports a refusal as the GraphQL errors the server sent, and a closed connection as its
 * close event (`code`, `reason`; the gateway's reasons start with an error code: "UNAUTHENTICATED: …",
 * "SUBSCRIBER_TOO_SLOW: …"); graphql-sse reports an HTTP refusal as an Error. All become ChatGatewayErrors.
 */
function transportError(error: unknown, operationName: string | undefined): ChatGatewayError {
  const entries = readGraphQLErrors(error);
  const [first] = entries;
  if (first) return fromGraphQLError(first, { status: undefined, operationName, graphQLErrors: entries });
  if (isRecord(error) && typeof error['code'] === 'number') {
    const reason = typeof error['reason'] === 'string' ? error['reason'] : '';
    const code = /^([A-Z][A-Z0-9_]+): /.exec(reason)?.[1] ?? 'NETWORK_ERROR';
    return new ChatGatewayError({ code, message: reason || `The subscription's connection closed (${String(error['code'])}).`, operationName, cause: error });
  }
  const message = error instanceof Error ? error.message : String(error);
  return new ChatGatewayError({ code: 'NETWORK_ERROR', message: `The subscription failed: ${message}`, operationName, cause: error });
}

function invalid(operationName: string | undefined): ChatGatewayError {
  return new ChatGatewayError({ code: 'INVALID_RESPONSE', message: 'The chat gateway sent an event with neither data nor errors.', operationName });
}
