import { ApolloServer, HeaderMap, type GraphQLResponse } from '@apollo/server';
import { ApolloServerPluginCacheControlDisabled } from '@apollo/server/plugin/disabled';
import { buildSubgraphSchema } from '@apollo/subgraph';
import { GraphQLError, parse, type GraphQLSchema } from 'graphql';
import { compileQuery, isCompiledQuery } from 'graphql-jit';
import { compiledExecution, safelyCompilable } from '../../src/execution/compiled-executor';
import { ErrorCode, GatewayError } from '../../src/errors';
import { formatError } from '../../src/plugins/format-error';

interface Context {
  calls: string[];
}

const typeDefs = parse(`
  extend schema @link(url: "https://specs.apollo.dev/federation/v2.7", import: ["@key"])
  type Query {
    items(first: Int!): [Item!]!
    echo(text: String!): String!
    failing: Item
    strict: Item!
  }
  type Item @key(fields: "id") { id: ID! label: String! tags: [String!]! }
`);

function buildSchema(): GraphQLSchema {
  return buildSubgraphSchema({
    typeDefs,
    resolvers: {
      Query: {
        items: (_: unknown, { first }: { first: number }, context: unknown) => {
          (context as Context).calls.push(`items(${first})`);
          return Array.from({ length: first }, (_unused, index) => ({ id: `i${index}`, label: `Item ${index}`, tags: ['a', 'b'] }));
        },
        failing: () => Promise.reject(new GatewayError(ErrorCode.UPSTREAM_UNAVAILABLE, 'Rocket.Chat is unavailable', { provider: 'rocketchat' })),
        strict: () => null,
        echo: (_: unknown, { text }: { text: string }) => text,
      },
    },
  });
}

interface Harness {
  run(query: string, variables?: Record<string, unknown>, headers?: Record<string, string>): Promise<{ body: Record<string, unknown>; calls: string[] }>;
  compilations(): number;
  /** The schema each compilation was given, in order. */
  compiledAgainst(): GraphQLSchema[];
  rebuilds(): number;
  stop(): Promise<void>;
}

async function harness(compileAfter: number, options: { maxDocuments?: number; compile?: typeof compileQuery } = {}): Promise<Harness> {
  let compilations = 0;
  let rebuilds = 0;
  const schemas: GraphQLSchema[] = [];
  const compile: typeof compileQuery = (...args) => {
    compilations += 1;
    schemas.push(args[0]);
    return (options.compile ?? compileQuery)(...args);
  };
  const rebuildSchema = () => {
    rebuilds += 1;
    return buildSchema();
  };
  const server = new ApolloServer<Context>({
    gateway: compiledExecution({ schema: buildSchema(), rebuildSchema, compileAfter, compile, maxDocuments: options.maxDocuments }),
    includeStacktraceInErrorResponses: false,
    // The gateway's error funnel: compiled and interpreted errors must come out of it alike.
    formatError,
    // As in the app: the cache-control plugin would ask for per-field hooks on every request.
    plugins: [ApolloServerPluginCacheControlDisabled()],
  });
  await server.start();
  return {
    async run(query, variables, headers = {}) {
      const calls: string[] = [];
      const response: GraphQLResponse = await server.executeOperation(
        { query, variables, http: { method: 'POST', headers: new HeaderMap(Object.entries(headers)), search: '', body: {} } },
        { contextValue: { calls } },
      );
      if (response.body.kind !== 'single') throw new Error('expected a single result');
      return { body: JSON.parse(JSON.stringify(response.body.singleResult)) as Record<string, unknown>, calls };
    },
    compilations: () => compilations,
    compiledAgainst: () => schemas,
    rebuilds: () => rebuilds,
    stop: () => server.stop(),
  };
}

/** Apollo Server marks a schema whose resolvers it wrapped for per-field hooks. */
const instrumented = (schema: GraphQLSchema | undefined) =>
  schema !== undefined && Object.getOwnPropertySymbols(schema).some((symbol) => symbol.description === 'apolloServerPluginsEnabled');

const ITEMS = 'query Items($first: Int!) { items(first: $first) { id label tags } }';
const expectedItems = (count: number) => ({
  data: { items: Array.from({ length: count }, (_, index) => ({ id: `i${index}`, label: `Item ${index}`, tags: ['a', 'b'] })) },
});

describe('compiledExecution', () => {
  const servers: Harness[] = [];
  const open = async (compileAfter: number) => {
    const server = await harness(compileAfter);
    servers.push(server);
    return server;
  };
  afterEach(async () => {
    await Promise.all(servers.splice(0).map((server) => server.stop()));
  });

  it('runs a document with graphql-js until its Nth execution, then compiles it once and reuses it', async () => {
    const server = await open(3);
    for (const [round, compilations] of [
      [1, 0],
      [2, 0],
      [3, 1],
      [4, 1],
      [5, 1],
    ] as const) {
      const { body, calls } = await server.run(ITEMS, { first: round });
      expect(body).toEqual(expectedItems(round));
      expect(calls).toEqual([`items(${round})`]);
      expect(server.compilations()).toBe(compilations);
    }
    // Another operation of its own: counted separately.
    await server.run('{ items(first: 1) { id } }');
    expect(server.compilations()).toBe(1);
  });

  it('never compiles with compileAfter 0', async () => {
    const server = await open(0);
    for (let round = 0; round < 5; round++) expect((await server.run(ITEMS, { first: 2 })).body).toEqual(expectedItems(2));
    expect(server.compilations()).toBe(0);
  });

  it('gives compiled errors graphql-js’s shape: message, locations, path and the code of the original error', async () => {
    const server = await open(1);
    const { body } = await server.run('{ failing { id } strict { id } }');
    expect(server.compilations()).toBe(1);
    expect(body).toEqual({
      data: null,
      errors: [
        {
          message: 'Rocket.Chat is unavailable',
          locations: [{ line: 1, column: 3 }],
          path: ['failing'],
          extensions: { code: 'UPSTREAM_UNAVAILABLE', provider: 'rocketchat' },
        },
        // A bug of ours, as graphql-js reports it: masked by the error funnel, never the schema's words.
        { message: 'Internal server error', locations: [{ line: 1, column: 18 }], path: ['strict'], extensions: { code: 'INTERNAL_SERVER_ERROR' } },
      ],
    });
  });

  it('answers the same errors as graphql-js, compiled or not', async () => {
    const interpreted = await open(0);
    const compiled = await open(1);
    for (const [query, variables] of [
      ['{ failing { id } strict { id } }', undefined],
      [ITEMS, { first: 'two' }],
      [ITEMS, {}],
      [ITEMS, { first: null }],
      ['query A { items(first: 1) { id } } query B { items(first: 2) { id } }', undefined],
    ] as const) {
      const expected = await interpreted.run(query, variables);
      expect(await compiled.run(query, variables)).toEqual(expected);
    }
  });

  it('refuses variables with graphql-js’s errors and code before any resolver runs', async () => {
    const server = await open(1);
    await server.run(ITEMS, { first: 1 });
    const { body, calls } = await server.run(ITEMS, { first: 'two' });
    expect(calls).toEqual([]);
    expect(body).toEqual({
      errors: [
        {
          // graphql-js's error, with the value itself kept out by the error funnel.
          message: 'Variable "$first" got an invalid value; Int cannot represent this value.',
          locations: [{ line: 1, column: 13 }],
          extensions: { code: 'BAD_USER_INPUT' },
        },
      ],
    });
  });

  it('leaves requests that ask for a federated trace (per-field hooks) to graphql-js, so the trace holds every field', async () => {
    const server = await open(1);
    const ftv1 = { 'apollo-federation-include-trace': 'ftv1' };
    await server.run(ITEMS, { first: 1 });
    expect(server.compilations()).toBe(1);
    const [served] = server.compiledAgainst();
    expect(instrumented(served)).toBe(false);
    const traced = await server.run(ITEMS, { first: 2 }, ftv1);
    expect(traced.body.data).toEqual(expectedItems(2).data);
    const trace = Buffer.from((traced.body.extensions as { ftv1: string }).ftv1, 'base64');
    // The trace's nodes carry response names: the resolvers ran under Apollo's hooks.
    for (const name of ['items', 'label', 'tags']) expect(trace.includes(Buffer.from(name))).toBe(true);
    expect((await server.run(ITEMS, { first: 3 })).body).toEqual(expectedItems(3));
    // Apollo Server has now wrapped every resolver of its schema; operations compiled from here on use a
    // fresh copy, built once, so they do not call a wrapper per field.
    await server.run('{ items(first: 1) { label } }');
    await server.run('{ items(first: 1) { tags } }');
    const [, fresh, again] = server.compiledAgainst();
    expect(instrumented(served)).toBe(true);
    expect(fresh).not.toBe(served);
    expect(again).toBe(fresh);
    expect(instrumented(fresh)).toBe(false);
    expect(server.rebuilds()).toBe(1);
  });
});

/** graphql-jit's in-band marker for dates in the code it generates (node_modules/graphql-jit/dist/execution.js). */
const MAGIC_DATE = '__MAGIC_DATE__33a9e76d_02e0_4128_8e92_3530ad3da74d';
/** A string literal that, compiled by graphql-jit 0.8.9, runs the code after the marker in the gateway. */
const EXPLOIT = `${MAGIC_DATE}0), [globalThis.__compiledExploit = 'ran']: (0`;
const BLOCK_QUOTE = '"'.repeat(3);
const exploitRan = () => (globalThis as { __compiledExploit?: unknown }).__compiledExploit !== undefined;

describe('compiledExecution against graphql-jit’s code injection', () => {
  afterEach(() => {
    delete (globalThis as { __compiledExploit?: unknown }).__compiledExploit;
  });

  it('is a real exploit when graphql-jit compiles it directly (if this fails, graphql-jit has fixed it)', () => {
    const compiled = compileQuery(buildSchema(), parse(`{ echo(text: ${JSON.stringify(EXPLOIT)}) }`));
    if (!('query' in compiled)) throw new Error('expected a compiled query');
    void compiled.query(undefined, { calls: [] }, {});
    expect(exploitRan()).toBe(true);
  });

  it.each([
    ['a string literal', `{ echo(text: ${JSON.stringify(EXPLOIT)}) }`],
    ['a string literal written with escapes', `{ echo(text: "\\u005F\\u005FMAGIC_DATE__33a9e76d_02e0_4128_8e92_3530ad3da74d0), [globalThis.__compiledExploit = 1]: (0") }`],
    ['a block string', `{ echo(text: ${BLOCK_QUOTE}${EXPLOIT}${BLOCK_QUOTE}) }`],
    ['a name', `{ ${MAGIC_DATE}1: echo(text: "x") }`],
  ])('never compiles a document carrying graphql-jit’s marker in %s; graphql-js runs it', async (_case, query) => {
    const server = await harness(1);
    try {
      for (let round = 0; round < 3; round++) {
        const { body } = await server.run(query);
        expect(body.errors).toBeUndefined();
      }
      expect(server.compilations()).toBe(0);
      expect(exploitRan()).toBe(false);
      // The same gateway still compiles ordinary documents.
      await server.run('{ echo(text: "hello") }');
      expect(server.compilations()).toBe(1);
    } finally {
      await server.stop();
    }
  });

  it('finds the marker in strings and names only through their values', () => {
    expect(safelyCompilable(parse('{ echo(text: "__MAGIC") }'))).toBe(true);
    expect(safelyCompilable(parse('{ echo(text: "a __MAGIC_ b") }'))).toBe(false);
    expect(safelyCompilable(parse('query($t: String = "__MAGIC_x") { echo(text: $t) }'))).toBe(false);
  });
});

describe('compiledExecution bounds and failures', () => {
  it('keeps a bounded number of documents, least recently used out', async () => {
    const server = await harness(1, { maxDocuments: 1 });
    try {
      await server.run('{ echo(text: "a") }');
      await server.run('{ echo(text: "a") }');
      expect(server.compilations()).toBe(1);
      await server.run('{ echo(text: "b") }');
      await server.run('{ echo(text: "a") }');
      expect(server.compilations()).toBe(3);
    } finally {
      await server.stop();
    }
  });

  it('runs a document graphql-jit fails to compile with graphql-js, and does not try again', async () => {
    const server = await harness(1, {
      compile: () => {
        throw new Error('generated code does not parse');
      },
    });
    try {
      for (let round = 1; round <= 3; round++) expect((await server.run(ITEMS, { first: round })).body).toEqual(expectedItems(round));
      expect(server.compilations()).toBe(1);
    } finally {
      await server.stop();
    }
  });
});

describe('compiled code that throws', () => {
  it('is masked as INTERNAL_SERVER_ERROR, never shown to the caller (the fast lane answers it alike)', async () => {
    const server = await harness(1, {
      compile: ((...args: Parameters<typeof compileQuery>) => {
        const compiled: unknown = compileQuery(...args);
        return isCompiledQuery(compiled as never) ? { ...(compiled as object), query: () => Promise.reject(new Error('compiled code broke')) } : compiled;
      }) as typeof compileQuery,
    });
    try {
      const { body } = await server.run(ITEMS, { first: 1 });
      expect(body).toEqual({ errors: [{ message: 'Internal server error', extensions: { code: 'INTERNAL_SERVER_ERROR' } }] });
    } finally {
      await server.stop();
    }
  });
});

describe('asGraphQLJsError (through compiled execution)', () => {
  it('produces errors whose message a plugin may rewrite', async () => {
    const rewritten: string[] = [];
    // Plugins such as hideSuggestions assign to `message`; graphql-jit's own errors would throw on that.
    const apollo = new ApolloServer<Context>({
      gateway: compiledExecution({ schema: buildSchema(), rebuildSchema: buildSchema, compileAfter: 1 }),
      plugins: [
        ApolloServerPluginCacheControlDisabled(),
        {
          async requestDidStart() {
            return {
              async didEncounterErrors({ errors }) {
                for (const error of errors) {
                  expect(error).toBeInstanceOf(GraphQLError);
                  error.message = `${error.message} (rewritten)`;
                  rewritten.push(error.message);
                }
              },
            };
          },
        },
      ],
    });
    await apollo.start();
    const response = await apollo.executeOperation({ query: '{ failing { id } }' }, { contextValue: { calls: [] } });
    await apollo.stop();
    expect(rewritten).toEqual(['Rocket.Chat is unavailable (rewritten)']);
    expect(response.body.kind === 'single' && response.body.singleResult.errors?.[0]?.message).toBe('Rocket.Chat is unavailable (rewritten)');
  });
});
