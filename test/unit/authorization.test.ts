import { ApolloServer } from '@apollo/server';
import type { Caller, Scope } from '../../src/access/caller';
import { ErrorCode, GatewayError } from '../../src/errors';
import { authorizationPlugin, MUTATION_SCOPES, type CallerContext } from '../../src/access/authorization';
import { formatError } from '../../src/plugins/format-error';
import { buildGatewaySchema } from '../../src/schema';

/**
 * The plugin in a real Apollo Server over the real schema and resolvers. The context's provider sessions
 * are recorders: any method call is written down and fails as an unavailable upstream, so a test sees
 * whether a resolver reached a platform at all.
 */
const schema = buildGatewaySchema();
const quiet = { debug: () => undefined, info: () => undefined, warn: () => undefined, error: () => undefined };
const server = new ApolloServer<CallerContext>({ schema, plugins: [authorizationPlugin], formatError, introspection: true, logger: quiet });
beforeAll(() => server.start());
afterAll(() => server.stop());

function recorder(path: string, calls: string[]): unknown {
  return new Proxy(() => undefined, {
    get: (_target, property) => (typeof property === 'symbol' || property === 'then' ? undefined : recorder(`${path}.${property}`, calls)),
    apply: () => {
      calls.push(path);
      throw new GatewayError(ErrorCode.UPSTREAM_UNAVAILABLE, 'test double: no platform here');
    },
  });
}

function callerWith(...scopes: Scope[]): Caller {
  return { name: `test:${scopes.join('+') || 'none'}`, kind: 'api-key', scopes: new Set(scopes), tenant: 'default' };
}

interface Outcome {
  status: number | undefined;
  codes: string[];
  errors: Array<{ message: string; extensions?: Record<string, unknown> }>;
  data: unknown;
  /** Session methods the resolvers called. */
  calls: string[];
}

async function run(caller: Caller | undefined, query: string, operationName?: string): Promise<Outcome> {
  const calls: string[] = [];
  const context = { ...(caller && { caller }), ...Object.fromEntries(['rocketchat', 'jelou', 'imi', 'deadline', 'logger'].map((name) => [name, recorder(name, calls)])) };
  const response = await server.executeOperation({ query, ...(operationName && { operationName }) }, { contextValue: context as CallerContext });
  if (response.body.kind !== 'single') throw new Error('incremental delivery is not expected');
  const { errors = [], data } = response.body.singleResult;
  return { status: response.http.status, errors: [...errors] as Outcome['errors'], codes: errors.map((error) => String(error.extensions?.code)), data, calls };
}

/** Every root operation with arguments that pass the resolvers' own input checks, so that an allowed one reaches its platform. */
const OPERATIONS: Array<{ field: string; needs: Scope; platform: string; document: string }> = [
  { field: 'agents', platform: 'rocketchat', needs: 'read', document: '{ agents(type: AGENT, first: 1) { totalCount } }' },
  { field: 'agent', platform: 'rocketchat', needs: 'read', document: '{ agent(type: AGENT, id: "abc123") { id } }' },
  { field: 'customerCareUser', platform: 'imi', needs: 'read', document: '{ customerCareUser(id: "12") { id } }' },
  { field: 'customerCareUsers', platform: 'imi', needs: 'read', document: '{ customerCareUsers(page: 1) { hasNextPage } }' },
  { field: '_entities', platform: 'rocketchat', needs: 'read', document: '{ _entities(representations: [{ __typename: "Agent", id: "abc123" }]) { ... on Agent { id } } }' },
  { field: 'registerAgent', platform: 'rocketchat', needs: 'agents:write', document: 'mutation { registerAgent(input: { type: AGENT, username: "camila.rojas" }) { agentId } }' },
  { field: 'removeAgent', platform: 'rocketchat', needs: 'agents:write', document: 'mutation { removeAgent(input: { type: AGENT, id: "abc123" }) { removedAgentId } }' },
  { field: 'createWidgetUser', platform: 'jelou', needs: 'users:write', document: 'mutation { createWidgetUser(input: { id: "customer-1", names: "Ana", legalId: "0912" }) { user { id } } }' },
  {
    field: 'createCustomerCareUser',
    platform: 'imi',
    needs: 'users:write',
    document: `mutation { createCustomerCareUser(input: { firstName: "Lucía", lastName: "Mora", loginId: "lucia.mora", email: "lucia@example.com",
      password: "a strong one", privileges: [{ teamId: "101", role: TEAM_AGENT }] }) { user { id } } }`,
  },
];

const CALLERS: Caller[] = [callerWith(), callerWith('read'), callerWith('agents:write'), callerWith('users:write'), callerWith('read', 'agents:write', 'users:write')];

function expectRefused(outcome: Outcome, message: string): void {
  expect(outcome.status).toBe(403);
  expect(outcome.data).toBeUndefined();
  expect(outcome.errors).toEqual([{ message, extensions: { code: 'FORBIDDEN' } }]);
  expect(outcome.calls).toEqual([]);
}

function expectAllowed(outcome: Outcome): void {
  expect(outcome.status).not.toBe(403);
  expect(outcome.codes).not.toContain('FORBIDDEN');
  expect(outcome.calls.length).toBeGreaterThan(0);
}

describe('authorizationPlugin', () => {
  it('gives every Mutation field of the schema a scope (the type checks it too)', () => {
    expect(Object.keys(MUTATION_SCOPES).sort()).toEqual(Object.keys(schema.getMutationType()?.getFields() ?? {}).sort());
  });

  describe.each(OPERATIONS)('$field needs $needs', ({ needs, platform, document }) => {
    it.each(CALLERS.map((caller) => [caller.name, caller]))('for %s', async (_name, caller) => {
      const outcome = await run(caller, document);
      if (caller.scopes.has(needs)) {
        expectAllowed(outcome);
        // The resolver ran and reached its platform (whose test double fails).
        expect(outcome.calls).toEqual([expect.stringMatching(`^${platform}\\.`)]);
        expect(outcome.codes).toEqual(['UPSTREAM_UNAVAILABLE']);
      }
      else expectRefused(outcome, `This operation needs the scope ${needs}, which the caller does not have.`);
    });
  });

  it('needs read for _service, which returns the whole SDL even when introspection is off', async () => {
    expectRefused(await run(callerWith(), '{ _service { sdl } }'), 'This operation needs the scope read, which the caller does not have.');
    const outcome = await run(callerWith('read'), '{ _service { sdl } }');
    expect(outcome.errors).toEqual([]);
    expect(outcome.data).toBeDefined();
  });

  it('lets any authenticated caller ask for __typename and the introspection fields', async () => {
    const none = callerWith();
    for (const document of ['{ __typename }', 'mutation { __typename }', '{ __schema { queryType { name } } __type(name: "Agent") { name } }']) {
      const outcome = await run(none, document);
      expect(outcome.errors).toEqual([]);
      expect(outcome.data).toBeDefined();
    }
  });

  it('still needs read when __typename is asked for beside a query field', async () => {
    expectRefused(await run(callerWith(), '{ __typename agents(type: AGENT) { totalCount } }'), 'This operation needs the scope read, which the caller does not have.');
  });

  it('refuses the whole mutation when one of its root fields needs a scope the caller lacks, running none of them', async () => {
    const both = `mutation {
      registerAgent(input: { type: AGENT, username: "camila.rojas" }) { agentId }
      createWidgetUser(input: { id: "customer-1", names: "Ana", legalId: "0912" }) { user { id } }
    }`;
    expectRefused(await run(callerWith('agents:write'), both), 'This operation needs the scope users:write, which the caller does not have.');
    expectRefused(await run(callerWith('read'), both), 'This operation needs the scopes agents:write, users:write, which the caller does not have.');
    const allowed = await run(callerWith('agents:write', 'users:write'), both);
    expectAllowed(allowed);
    expect(new Set(allowed.calls.map((call) => call.split('.')[0]))).toEqual(new Set(['rocketchat', 'jelou']));
  });

  it('sees through aliases, fragment spreads, nested and inline fragments, and @skip', async () => {
    const readOnly = callerWith('read');
    const documents = [
      'mutation { harmless: removeAgent(input: { type: AGENT, id: "abc123" }) { removedAgentId } }',
      'mutation { ...Remove } fragment Remove on Mutation { removeAgent(input: { type: AGENT, id: "abc123" }) { removedAgentId } }',
      'mutation { ...Outer } fragment Outer on Mutation { ...Inner } fragment Inner on Mutation { removeAgent(input: { type: AGENT, id: "abc123" }) { removedAgentId } }',
      'mutation { ... on Mutation { ... { removeAgent(input: { type: AGENT, id: "abc123" }) { removedAgentId } } } }',
      'mutation { __typename removeAgent(input: { type: AGENT, id: "abc123" }) @skip(if: true) { removedAgentId } }',
      'mutation($skip: Boolean!) { removeAgent(input: { type: AGENT, id: "abc123" }) @include(if: $skip) { removedAgentId } __typename }',
    ];
    for (const document of documents) {
      expectRefused(await run(readOnly, document), 'This operation needs the scope agents:write, which the caller does not have.');
    }
  });

  it('checks only the operation that runs when a document holds several', async () => {
    const document = `
      query Read { agents(type: AGENT) { totalCount } }
      mutation Write { removeAgent(input: { type: AGENT, id: "abc123" }) { removedAgentId } }`;
    expectAllowed(await run(callerWith('read'), document, 'Read'));
    expectRefused(await run(callerWith('read'), document, 'Write'), 'This operation needs the scope agents:write, which the caller does not have.');
  });

  it('refuses, as unauthenticated, a request whose context has no caller', async () => {
    const outcome = await run(undefined, '{ __typename }');
    expect(outcome.status).toBe(401);
    expect(outcome.errors).toEqual([{ message: 'The request is not authenticated.', extensions: { code: 'UNAUTHENTICATED' } }]);
  });
});
