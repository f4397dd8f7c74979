import { createServer, type IncomingHttpHeaders, type RequestListener } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Agent, request } from 'undici';

/**
 * Hive Gateway (The Guild's federation router, not Apollo's) in this process: `@graphql-hive/gateway-runtime`,
 * the engine its CLI (`@graphql-hive/gateway`) serves, behind node:http the way the CLI does.
 *
 * The runtime and its HTTP executor are loaded untyped, with the little of their API used here typed
 * below: their declarations reference the DOM library (through `@whatwg-node/fetch`), and one import of
 * them would give every file of the repository's program DOM's `fetch`, `Response` and `BlobPart`
 * instead of Node's. The documented configuration is type-checked against their real types in a program
 * of its own (test/e2e/hive-gateway-router.test.ts).
 */

/** The runtime: a node:http request listener that can be disposed of. */
type HiveRuntime = RequestListener & { [Symbol.asyncDispose](): Promise<void> };

interface RuntimeModule {
  createGatewayRuntime(config: Record<string, unknown>): HiveRuntime;
}

/** A plugin's `onFetch` hook: a request to a subgraph about to be sent. */
interface FetchHookPayload {
  url: string;
  options: { headers?: Record<string, string | undefined> };
}

// eslint-disable-next-line @typescript-eslint/no-require-imports -- untyped on purpose (see above); this is a CommonJS build
const { createGatewayRuntime } = require('@graphql-hive/gateway-runtime') as RuntimeModule;

/**
 * A `gateway.config.ts` of the Hive Gateway CLI, as far as this file reads it: any of the runtime's
 * options, plus where to listen.
 */
export interface HiveGatewayFileConfig {
  supergraph?: unknown;
  port?: number;
  host?: string;
  plugins?: (context: unknown) => unknown[];
  propagateHeaders?: { fromClientToSubgraphs?: unknown };
  [option: string]: unknown;
}

/**
 * Stands in for `defineConfig` of `@graphql-hive/gateway` (the CLI package, which is not installed: the
 * runtime is all the tests need) when the docs' `gateway.config.ts` is run: the CLI's is the identity too.
 */
export function defineConfig<TConfig>(config: TConfig): TConfig {
  return config;
}

/** One request Hive Gateway sent to a subgraph, as it left the router. */
export interface HiveSubgraphFetch {
  url: string;
  /** The `authorization` header it carried, if any. */
  authorization: string | undefined;
}

export interface HiveAnswer<TData> {
  status: number;
  headers: IncomingHttpHeaders;
  body: {
    data?: TData | null;
    errors?: Array<{ message: string; path?: Array<string | number>; extensions?: Record<string, unknown> }>;
  };
}

export interface HiveRouter {
  /** The router's GraphQL endpoint, http://127.0.0.1:PORT/graphql. */
  url: string;
  /** Every request the router sent to a subgraph, in order. */
  fetches: HiveSubgraphFetch[];
  /** POSTs an operation to the router with the given headers (none by default: no credentials). */
  graphql<TData = Record<string, unknown>>(query: string, variables?: Record<string, unknown>, headers?: Record<string, string>): Promise<HiveAnswer<TData>>;
  close(): Promise<void>;
}

/**
 * Serves `supergraphSdl` with Hive Gateway on 127.0.0.1, port 0, configured by `config` (e.g. the docs'
 * `gatewayConfig`): its `supergraph` (a file path in the docs) and `port` give way to the test's.
 */
export async function startHiveRouter(supergraphSdl: string, config: HiveGatewayFileConfig = {}): Promise<HiveRouter> {
  const fetches: HiveSubgraphFetch[] = [];
  // Runs after Hive's own plugins (header propagation among them), so it sees the headers that are sent.
  const recorder = {
    onFetch({ url, options }: FetchHookPayload) {
      fetches.push({ url, authorization: options.headers?.authorization });
    },
  };
  const { port: _port, host: _host, supergraph: _supergraph, plugins, ...options } = config;
  const runtime = createGatewayRuntime({
    ...options,
    supergraph: supergraphSdl,
    // Off: they would only clutter the test output. HIVE_LOG=debug shows every subgraph request and answer.
    logging: (process.env.HIVE_LOG as 'debug' | undefined) ?? false,
    plugins: (context: unknown) => [...(plugins?.(context) ?? []), recorder],
  });
  const server = createServer(runtime);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', resolve);
  });
  const { port } = server.address() as AddressInfo;
  const url = `http://127.0.0.1:${port}/graphql`;
  const client = new Agent();
  return {
    url,
    fetches,
    async graphql<TData>(query: string, variables?: Record<string, unknown>, headers: Record<string, string> = {}) {
      const response = await request(url, {
        dispatcher: client,
        method: 'POST',
        headers: { 'content-type': 'application/json', accept: 'application/graphql-response+json, application/json', ...headers },
        body: JSON.stringify({ query, variables }),
      });
      return { status: response.statusCode, headers: response.headers, body: (await response.body.json()) as HiveAnswer<TData>['body'] };
    },
    async close() {
      await client.close();
      server.closeAllConnections();
      await new Promise<void>((resolve, reject) => server.close((error) => (error ? reject(error) : resolve())));
      // Disposes of its subgraph executors and connections (its `dispose()` does not return the promise).
      await runtime[Symbol.asyncDispose]();
    },
  };
}
