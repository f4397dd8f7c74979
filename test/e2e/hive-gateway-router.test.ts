import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { composeServices, type CompositionResult } from '@apollo/composition';
import { parse } from 'graphql';
import { compareBy } from '../../src/simulators/rocketchat/paging';
import { exampleModule, runExample, typeErrors, type ExampleModule } from '../support/doc-examples';
import { startTestGateway, type TestGateway } from '../support/gateway';
import { startHiveRouter, type HiveAnswer, type HiveGatewayFileConfig, type HiveRouter } from '../support/hive-router';
import { newKey, writeAuthFile, type TestKey } from '../support/security-auth-file';
import { STAFF_TYPE_DEFS, startStaffSubgraph, type StaffRoster, type StaffSubgraph } from '../support/staff-subgraph';

/**
 * Our subgraph behind a router that is not Apollo's (issue 19, "Works with the clients and routers people
 * already use"): Hive Gateway's runtime (test/support/hive-router.ts), configured by the `gateway.config.ts`
 * of docs/federation.md as written, serves the supergraph composed from our `_service { sdl }` and the
 * staff subgraph, in front of our gateway with authentication on. Queries (one crossing both subgraphs)
 * and a mutation go through with the client's own key, which reaches our subgraph and only it; without a
 * key, or with a read-only key for a mutation, the client gets our refusal, code included.
 */

const PAGE = 'docs/federation.md';
const CONFIG_BLOCK = /```ts\n(\/\/ gateway\.config\.ts\n[\s\S]*?)```/.exec(readFileSync(join(__dirname, '..', '..', PAGE), 'utf8'))?.[1];

// The page's example as a module whose run() returns its `gatewayConfig`, run with the support file's
// identity `defineConfig` standing in for the CLI package (not installed). `export` is dropped because
// run() holds the example's statements; nothing else is changed.
const EXAMPLE = { heading: 'Hive Gateway', code: CONFIG_BLOCK ?? '' };
const DROP_EXPORT: Array<[string, string]> = [['export const gatewayConfig', 'const gatewayConfig']];
const configModule = exampleModule(EXAMPLE, {
  fileName: 'test/e2e/doc-example-hive-gateway-config.ts',
  imports: { '@graphql-hive/gateway': '../support/hive-router.js' },
  replace: DROP_EXPORT,
});

// For the type check, `defineConfig` has the CLI's signature, over the runtime's real types. Both modules
// exist only in the checking program: the runtime's declarations reference the DOM library, which must
// not leak into the repository's own program (see test/support/hive-router.ts).
const CLI_CONFIG: ExampleModule = {
  fileName: join(__dirname, 'doc-example-hive-gateway-cli.ts'),
  names: [],
  text: `import type { GatewayConfigSupergraph } from '@graphql-hive/gateway-runtime';

// GatewayCLIConfig of @graphql-hive/gateway for the supergraph command: the runtime's options with the
// supergraph optional ('./supergraph.graphql' by default), plus the server's host and port.
type GatewayCLIConfig = Omit<GatewayConfigSupergraph, 'supergraph' | 'cache'> & {
  supergraph?: GatewayConfigSupergraph['supergraph'];
  host?: string;
  port?: number;
};

export function defineConfig(config: GatewayCLIConfig): GatewayCLIConfig {
  return config;
}
`,
};
const checkedModule = exampleModule(EXAMPLE, {
  fileName: 'test/e2e/doc-example-hive-gateway-config-checked.ts',
  imports: { '@graphql-hive/gateway': './doc-example-hive-gateway-cli.js' },
  replace: DROP_EXPORT,
});

type ErrorList = HiveAnswer<unknown>['body']['errors'];
const codes = (errors: ErrorList) => (errors ?? []).map((error) => error.extensions?.code);

describe('our subgraph behind Hive Gateway, with authentication forwarded', () => {
  const writer = newKey('router-writer', ['read', 'agents:write', 'users:write']);
  const reader = newKey('router-reader', ['read']);
  const authFile = writeAuthFile({ keys: [writer, reader] });
  let gateway: TestGateway;
  let staff: StaffSubgraph;
  let roster: StaffRoster;
  let composition: CompositionResult;
  let documented: HiveGatewayFileConfig;
  let hive: HiveRouter | undefined;

  beforeAll(async () => {
    gateway = await startTestGateway({ env: { GATEWAY_AUTH_FILE: authFile.path } });
    const agentIds = livechatAgents().map((user) => user._id);
    roster = {
      agents: new Map(agentIds.map((id, index) => [id, { shift: ['early', 'late', 'night'][index % 3]!, badge: `B-${100 + index}` }])),
      onCall: agentIds.slice(2, 4),
      desks: new Map(),
      loyalty: new Map(),
      floors: new Map(),
    };
    staff = await startStaffSubgraph(roster);
    // `_service` needs `read`, like any query: the SDL is fetched with the read-only key.
    const service = await gateway.graphql<{ _service: { sdl: string } }>('{ _service { sdl } }', undefined, bearer(reader));
    composition = composeServices([
      // Named as in the docs' supergraph.yaml: the documented configuration forwards the key to `chat` only.
      { name: 'chat', typeDefs: parse(service.body.data!._service.sdl), url: gateway.url },
      { name: 'staff', typeDefs: parse(STAFF_TYPE_DEFS), url: staff.url },
    ]);
    documented = (await runExample(configModule, require)).values.gatewayConfig as HiveGatewayFileConfig;
    if (!composition.errors) hive = await startHiveRouter(composition.supergraphSdl, documented);
  });

  afterAll(async () => {
    await hive?.close();
    await staff?.close();
    await gateway?.close();
    authFile.remove();
  });

  beforeEach(() => {
    for (const simulator of [gateway.simulator, gateway.jelou, gateway.imi]) simulator.log.clear();
    gateway.logs.length = 0;
    hive?.fetches.splice(0);
    staff.entityRequests.splice(0);
  });

  function router(): HiveRouter {
    if (!hive) throw new Error('the supergraph did not compose (see "composes the supergraph")');
    return hive;
  }

  function bearer(key: TestKey): Record<string, string> {
    return { authorization: `Bearer ${key.key}` };
  }

  /** Every seeded user holding livechat-agent, in the order `agents` pages them (by name, then id). */
  function livechatAgents() {
    return gateway.simulator.state
      .allUsers()
      .filter((user) => user.roles.includes('livechat-agent'))
      .sort(compareBy([['name', 1], ['_id', 1]]));
  }

  /** Our gateway's one log line per GraphQL request it ran, with who it took the caller to be. */
  function requestLog(): Array<Record<string, unknown>> {
    return gateway.logs.map((line) => JSON.parse(line) as Record<string, unknown>).filter((entry) => entry.msg === 'graphql request');
  }

  /** The router's requests to each subgraph, with the credentials they carried. */
  function fetchesTo(subgraph: StaffSubgraph | TestGateway): Array<string | undefined> {
    return router()
      .fetches.filter((fetch) => new URL(fetch.url).origin === new URL(subgraph.url).origin)
      .map((fetch) => fetch.authorization);
  }

  it('runs the configuration docs/federation.md shows: its supergraph file, port 4100, Authorization forwarded', () => {
    expect(CONFIG_BLOCK).toBeDefined();
    expect(documented).toMatchObject({ supergraph: './supergraph.graphql', port: 4100 });
    expect(typeof documented.propagateHeaders?.fromClientToSubgraphs).toBe('function');
  });

  // The runtime's types make a whole program of their own: a few seconds.
  it("type-checks that configuration as written, against Hive Gateway's own types", () => {
    expect(typeErrors([checkedModule, CLI_CONFIG])).toEqual([]);
  }, 60_000);

  it('composes the supergraph it serves without errors', () => {
    expect(composition.errors).toBeUndefined();
  });

  it("answers a query with the platform's data, the client's key reaching our subgraph with the request id", async () => {
    const answer = await router().graphql<{ agents: { totalCount: number; nodes: Array<{ id: string; username: string; name: string | null }> } }>(
      'query RouterAgents { agents(type: AGENT, first: 5) { totalCount nodes { id username name } } }',
      undefined,
      { ...bearer(writer), 'x-request-id': 'hive-agents-1' },
    );
    expect(answer.status).toBe(200);
    expect(answer.body.errors).toBeUndefined();
    const agents = livechatAgents();
    expect(answer.body.data?.agents).toEqual({
      totalCount: agents.length,
      nodes: agents.slice(0, 5).map((user) => ({ id: user._id, username: user.username, name: user.name ?? null })),
    });
    expect(gateway.simulator.log.list().map((call) => `${call.method} ${call.path}`)).toEqual(['GET /api/v1/livechat/users/agent']);

    expect(fetchesTo(gateway)).toEqual([`Bearer ${writer.key}`]);
    // Hive Gateway passes the client's x-request-id on: our log line joins the router's by it.
    expect(requestLog()).toEqual([
      expect.objectContaining({ caller: 'router-writer', requestId: 'hive-agents-1', operationName: 'RouterAgents', operationType: 'query', httpStatus: 200 }),
    ]);
    expect(answer.headers['x-request-id']).toBe('hive-agents-1');
  });

  it('answers a query crossing both subgraphs with a read-only key, which the staff subgraph never receives', async () => {
    const answer = await router().graphql<{
      agents: { nodes: Array<{ id: string; username: string; shift: string }> };
      onCall: Array<{ id: string; username: string; shift: string }>;
    }>('{ agents(type: AGENT, first: 3) { nodes { id username shift } } onCall { id username shift } }', undefined, bearer(reader));
    expect(answer.body.errors).toBeUndefined();
    const agents = livechatAgents();
    const expected = (id: string) => ({ id, username: agents.find((user) => user._id === id)!.username, shift: roster.agents.get(id)!.shift });
    // Our agents completed with staff's shift, and staff's references completed by our `_entities`.
    expect(answer.body.data?.agents.nodes).toEqual(agents.slice(0, 3).map((user) => expected(user._id)));
    expect(answer.body.data?.onCall).toEqual(roster.onCall.map(expected));
    expect(staff.entityRequests.map((representations) => representations.length)).toEqual([3]);

    // Both requests to us (the root field and `_entities`) carried the client's key; none to staff did.
    expect(fetchesTo(gateway)).toEqual([`Bearer ${reader.key}`, `Bearer ${reader.key}`]);
    expect(fetchesTo(staff)).toEqual([undefined, undefined]);
    expect(requestLog().map((line) => [line.caller, line.httpStatus])).toEqual([
      ['router-reader', 200],
      ['router-reader', 200],
    ]);
  });

  it('runs a mutation with the write key: the platform sees the write', async () => {
    const answer = await router().graphql<{ createWidgetUser: { user: { id: string; names: string; botId: string } | null; userErrors: unknown[] } }>(
      'mutation RouterWidgetUser($input: CreateWidgetUserInput!) { createWidgetUser(input: $input) { user { id names botId } userErrors { code } } }',
      { input: { id: 'hive-0001', names: 'Diana Duarte', legalId: '0098765432' } },
      bearer(writer),
    );
    expect(answer.body.errors).toBeUndefined();
    const payload = answer.body.data!.createWidgetUser;
    expect(payload).toEqual({ user: { id: 'hive-0001', names: 'Diana Duarte', botId: expect.any(String) }, userErrors: [] });
    expect(gateway.jelou.log.list({ method: 'POST', pathPrefix: '/v1/widget/user' })).toHaveLength(1);
    expect(gateway.jelou.state.user(payload.user!.botId, 'hive-0001')).toMatchObject({ legalId: '0098765432' });
    expect(requestLog()).toEqual([expect.objectContaining({ caller: 'router-writer', operationName: 'RouterWidgetUser', operationType: 'mutation' })]);
  });

  it('passes our UNAUTHENTICATED on to a client without credentials, with nothing forwarded and no platform called', async () => {
    const answer = await router().graphql('query Anonymous { agents(type: AGENT, first: 1) { totalCount } }');
    // Our 401 (and its WWW-Authenticate) becomes an error of the field in Hive Gateway's 200 answer: our
    // code and message are kept, and Hive adds which subgraph said so.
    expect(answer.status).toBe(200);
    expect(answer.body.data).toEqual({ agents: null });
    expect(answer.body.errors).toEqual([
      {
        message: expect.stringContaining('Authentication required'),
        path: ['agents'],
        extensions: { code: 'UNAUTHENTICATED', serviceName: 'chat' },
      },
    ]);
    expect(answer.headers['www-authenticate']).toBeUndefined();
    expect(fetchesTo(gateway)).toEqual([undefined]);
    expect(gateway.simulator.log.list()).toEqual([]);
    expect(requestLog()).toEqual([]);
  });

  it("passes our FORBIDDEN on to the read-only key's mutation, and the platform sees no write", async () => {
    const answer = await router().graphql(
      'mutation ReaderWidgetUser { createWidgetUser(input: { id: "hive-0002", names: "Elena Espinoza" }) { user { id } userErrors { code } } }',
      undefined,
      bearer(reader),
    );
    expect(answer.status).toBe(200);
    expect(answer.body.data).toEqual({ createWidgetUser: null });
    expect(codes(answer.body.errors)).toEqual(['FORBIDDEN']);
    expect(answer.body.errors![0]).toMatchObject({ message: expect.stringContaining('users:write'), path: ['createWidgetUser'], extensions: { serviceName: 'chat' } });
    expect(fetchesTo(gateway)).toEqual([`Bearer ${reader.key}`]);
    expect(gateway.jelou.log.list()).toEqual([]);
    // The same request with the write key goes through: the refusal was the caller's, not the router's.
    const allowed = await router().graphql<{ createWidgetUser: { user: { id: string } | null } }>(
      'mutation WriterWidgetUser { createWidgetUser(input: { id: "hive-0002", names: "Elena Espinoza" }) { user { id } userErrors { code } } }',
      undefined,
      bearer(writer),
    );
    expect(allowed.body.errors).toBeUndefined();
    expect(allowed.body.data?.createWidgetUser.user).toEqual({ id: 'hive-0002' });
  });
});
