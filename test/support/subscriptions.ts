import { createClient as createSseClient } from 'graphql-sse';
import { createClient as createWsClient, type Client as WsClient } from 'graphql-ws';
import { fetch } from 'undici';
import WebSocket from 'ws';

/** One GraphQL result as a subscriber receives it. */
export interface LiveResult {
  data?: Record<string, unknown> | null;
  errors?: Array<{ message: string; extensions?: Record<string, unknown> }>;
}

/** A running subscription: its results so far, a way to wait for the next ones, and how it ended. */
export interface LiveSubscription {
  results: LiveResult[];
  /** Resolves once `count` results have arrived in all (rejects after `timeoutMs`). */
  waitFor(count: number, timeoutMs?: number): Promise<LiveResult[]>;
  /** Resolves when the server ends the subscription: with the error it sent, or undefined when completed. */
  ended: Promise<unknown>;
  close(): Promise<void>;
}

/** graphql-ws over `ws`, as a Node service or Apollo Router would connect. */
export function wsClient(graphqlUrl: string, connectionParams?: Record<string, unknown>): WsClient & { closed: Promise<{ code: number; reason: string }> } {
  let closed!: (event: { code: number; reason: string }) => void;
  const closedPromise = new Promise<{ code: number; reason: string }>((resolve) => (closed = resolve));
  const client = createWsClient({
    url: graphqlUrl.replace(/^http/, 'ws'),
    webSocketImpl: WebSocket,
    retryAttempts: 0,
    lazy: false,
    // A refused connection is what some tests expect: not worth graphql-ws's console.error.
    onNonLazyError: () => undefined,
    ...(connectionParams && { connectionParams }),
    on: { closed: (event) => closed(event as { code: number; reason: string }) },
  });
  // The client keeps reconnecting on some codes; a test wants to see the first close.
  client.on('error', () => undefined);
  return Object.assign(client, { closed: closedPromise });
}

export function subscribeWs(client: WsClient, query: string, variables?: Record<string, unknown>): LiveSubscription {
  const tracker = resultTracker();
  const dispose = client.subscribe(
    { query, ...(variables && { variables }) },
    { next: (result) => tracker.push(result as LiveResult), error: (error) => tracker.end(error), complete: () => tracker.end(undefined) },
  );
  return { ...tracker.view, close: async () => dispose() };
}

/** graphql-sse in distinct connections mode (its default), over undici's fetch. */
export function subscribeSse(graphqlUrl: string, query: string, options: { variables?: Record<string, unknown>; headers?: Record<string, string> } = {}): LiveSubscription {
  const client = createSseClient({ url: graphqlUrl, fetchFn: fetch, retryAttempts: 0, headers: options.headers ?? {} });
  const tracker = resultTracker();
  const dispose = client.subscribe(
    { query, ...(options.variables && { variables: options.variables }) },
    { next: (result) => tracker.push(result as LiveResult), error: (error) => tracker.end(error), complete: () => tracker.end(undefined) },
  );
  return {
    ...tracker.view,
    close: async () => {
      dispose();
      client.dispose();
    },
  };
}

function resultTracker() {
  const results: LiveResult[] = [];
  const waiters: Array<() => void> = [];
  let endedWith: (value: unknown) => void = () => undefined;
  const ended = new Promise<unknown>((resolve) => (endedWith = resolve));
  return {
    push(result: LiveResult) {
      results.push(result);
      for (const wake of waiters.splice(0)) wake();
    },
    end(error: unknown) {
      endedWith(error);
      for (const wake of waiters.splice(0)) wake();
    },
    view: {
      results,
      ended,
      async waitFor(count: number, timeoutMs = 5_000): Promise<LiveResult[]> {
        const deadline = Date.now() + timeoutMs;
        while (results.length < count) {
          const left = deadline - Date.now();
          if (left <= 0) throw new Error(`expected ${count} results, got ${results.length}: ${JSON.stringify(results)}`);
          await new Promise<void>((resolve) => {
            const timer = setTimeout(resolve, left);
            waiters.push(() => {
              clearTimeout(timer);
              resolve();
            });
          });
        }
        return results.slice(0, count);
      },
    },
  };
}

/**
 * Resolves once the gateway at `graphqlUrl` counts exactly `count` open subscriptions (its
 * `chat_gateway_subscriptions` gauge): a subscription is then registered with the event hub, so an
 * event published from now on reaches it (and 0 says the previous test's are gone). With Redis, also
 * waits until the replica's bus is connected.
 */
export async function waitForSubscriptions(graphqlUrl: string, count: number, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const [metrics, readiness] = await Promise.all([fetch(new URL('/metrics', graphqlUrl)), fetch(new URL('/readyz', graphqlUrl))]);
    const open = Number(/^chat_gateway_subscriptions (\d+)$/m.exec(await metrics.text())?.[1] ?? 0);
    const { events } = (await readiness.json()) as { events?: { mode: string; connected?: boolean } };
    if (open === count && (events?.mode !== 'redis' || events.connected === true)) return;
    if (Date.now() > deadline) throw new Error(`expected ${count} open subscriptions at ${graphqlUrl}, found ${open} (events: ${JSON.stringify(events)})`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}
