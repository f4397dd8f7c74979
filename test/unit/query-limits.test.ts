import { ApolloServer, type ApolloServerPlugin, type BaseContext, type GraphQLResponse } from '@apollo/server';
import { ApolloServerPluginInlineTraceDisabled } from '@apollo/server/plugin/disabled';
import { Lexer, Source, TokenKind } from 'graphql';
import { formatError } from '../../src/plugins/format-error';
import { QUERY_LIMIT_DEFAULTS } from '../../src/config/index';
import { exceedsTokenLimit, queryLimits, type QueryLimitOptions } from '../../src/plugins/query-limits';
import { buildGatewaySchema } from '../../src/schema';

/** Generous limits, lowered one at a time so that each test meets only the limit it is about. */
const OPEN: QueryLimitOptions = { maxDepth: 100, maxAliases: 1000, maxTokens: 100_000, maxDirectives: 1000, maxCost: 1_000_000, hideSuggestions: true };

interface Harness {
  run(query: string, variables?: Record<string, unknown>, operationName?: string): Promise<{ status: number | undefined; errors: Array<{ message: string; extensions?: Record<string, unknown> }> | undefined }>;
  /** How many operations reached execution (which the test replaces with a canned answer). */
  executed(): number;
  stop(): Promise<void>;
}

/**
 * The gateway's schema and error funnel in Apollo Server, with the limits under test. With `execute`
 * off, operations that pass the limits get a canned answer instead of running resolvers (there are no
 * platforms here); counting those answers proves refusals happen before execution.
 */
async function harness(limits: Partial<QueryLimitOptions>, options: { execute?: boolean; hideSchemaDetails?: boolean } = {}): Promise<Harness> {
  let executed = 0;
  const cannedAnswer: ApolloServerPlugin<BaseContext> = {
    async requestDidStart() {
      return {
        async responseForOperation() {
          executed += 1;
          return { http: { status: undefined, headers: new Map() } as never, body: { kind: 'single', singleResult: { data: { ok: true } } } };
        },
      };
    },
  };
  const { parseOptions, plugins } = queryLimits<BaseContext>({ ...OPEN, ...limits });
  const server = new ApolloServer<BaseContext>({
    schema: buildGatewaySchema(),
    formatError,
    includeStacktraceInErrorResponses: false,
    hideSchemaDetailsFromClientErrors: options.hideSchemaDetails ?? true,
    parseOptions,
    plugins: [ApolloServerPluginInlineTraceDisabled(), ...plugins, ...(options.execute ? [] : [cannedAnswer])],
  });
  await server.start();
  return {
    async run(query, variables, operationName) {
      const response: GraphQLResponse = await server.executeOperation({ query, variables, operationName });
      if (response.body.kind !== 'single') throw new Error('expected a single result');
      return { status: response.http.status, errors: response.body.singleResult.errors as never };
    },
    executed: () => executed,
    stop: () => server.stop(),
  };
}

function tokenCount(source: string): number {
  const lexer = new Lexer(new Source(source));
  let count = 0;
  while (lexer.advance().kind !== TokenKind.EOF) count++;
  return count;
}

/** What a refusal looks like to the client: only the message and the stable code, HTTP 400. */
function refused(message: string) {
  return { status: 400, errors: [{ message, extensions: { code: 'QUERY_TOO_COMPLEX' } }] };
}
const PASSED = { status: undefined, errors: undefined };

describe('queryLimits', () => {
  const servers: Harness[] = [];
  async function gateway(limits: Partial<QueryLimitOptions>, options?: Parameters<typeof harness>[1]): Promise<Harness> {
    const server = await harness(limits, options);
    servers.push(server);
    return server;
  }
  afterEach(async () => {
    await Promise.all(servers.splice(0).map((server) => server.stop()));
  });

  describe('depth', () => {
    const DEPTH_4 = '{ agents(type: AGENT) { nodes { emails { address } } } }';
    const DEPTH_5 = '{ agents(type: AGENT) { edges { node { emails { address } } } } }';

    it('passes an operation exactly at the limit and refuses one level more, before execution', async () => {
      const server = await gateway({ maxDepth: 4 });
      expect(await server.run(DEPTH_4)).toEqual(PASSED);
      expect(await server.run(DEPTH_5)).toEqual(refused('Query depth limit of 4 exceeded, found 5.'));
      expect(server.executed()).toBe(1);
    });

    it('counts the fields inside fragments and inline fragments, but not the spreads themselves', async () => {
      const server = await gateway({ maxDepth: 4 });
      const viaFragments = `
        { agents(type: AGENT) { edges { ...Edge } } }
        fragment Edge on AgentEdge { node { ... on Agent { ...Emails } } }
        fragment Emails on Agent { emails { address } }`;
      expect(await server.run(viaFragments)).toEqual(refused('Query depth limit of 4 exceeded, found 5.'));
      const shallowViaFragments = '{ agents(type: AGENT) { ...Nodes } } fragment Nodes on AgentConnection { nodes { ... on Agent { emails { address } } } }';
      expect(await server.run(shallowViaFragments)).toEqual(PASSED);
    });

    it('counts introspection through __type; __schema is bounded by graphql-js instead', async () => {
      const server = await gateway({ maxDepth: 4 });
      expect(await server.run('{ __type(name: "Agent") { fields { type { ofType { name } } } } }')).toEqual(
        refused('Query depth limit of 4 exceeded, found 5.'),
      );
      expect(await server.run('{ __schema { types { fields { type { ofType { name } } } } } }')).toEqual(PASSED);
    });
  });

  describe('aliases', () => {
    const lookups = (count: number) =>
      `{ ${Array.from({ length: count }, (_, index) => `a${index}: agent(type: AGENT, id: "u${index}") { id }`).join(' ')} }`;

    it('passes exactly the limit of aliases and refuses one more', async () => {
      const server = await gateway({ maxAliases: 3 });
      expect(await server.run(lookups(3))).toEqual(PASSED);
      expect(await server.run(lookups(4))).toEqual(refused('Aliases limit of 3 exceeded, found 4.'));
      expect(server.executed()).toBe(1);
    });

    it('counts aliases in a fragment once per spread, and leaves __typename aliases free', async () => {
      const server = await gateway({ maxAliases: 3 });
      const spreadTwice = `
        { agents(type: AGENT) { nodes { ...Names } } again: agents(type: MANAGER) { nodes { ...Names } } }
        fragment Names on Agent { login: username shown: name }`;
      expect(await server.run(spreadTwice)).toEqual(refused('Aliases limit of 3 exceeded, found 5.'));
      expect(await server.run('{ a: __typename b: __typename c: __typename d: __typename agent(type: AGENT, id: "u") { id } }')).toEqual(PASSED);
    });
  });

  describe('directives', () => {
    const included = (count: number) => `{ agent(type: AGENT, id: "u") { ${Array.from({ length: count }, () => 'id @include(if: true)').join(' ')} } }`;

    it('passes exactly the limit of directives and refuses one more, fragments included', async () => {
      const server = await gateway({ maxDirectives: 2 });
      expect(await server.run(included(2))).toEqual(PASSED);
      expect(await server.run(included(3))).toEqual(refused('Directives limit of 2 exceeded, found 3.'));
      const inFragment = '{ agent(type: AGENT, id: "u") { ...F @include(if: true) } } fragment F on Agent { id @skip(if: false) name @include(if: true) }';
      expect(await server.run(inFragment)).toEqual(refused('Directives limit of 2 exceeded, found 3.'));
      expect(server.executed()).toBe(1);
    });
  });

  describe('tokens', () => {
    const QUERY = '{ agent(type: AGENT, id: "u1") { id username emails { address } } }';

    it('passes a document of exactly the limit and refuses one token more (graphql-js stops parsing there)', async () => {
      const count = tokenCount(QUERY);
      expect(count).toBe(19);
      expect(await (await gateway({ maxTokens: count })).run(QUERY)).toEqual(PASSED);
      const server = await gateway({ maxTokens: count - 1 });
      // The location is where the parser stopped: the 19th token, the last brace.
      expect(await server.run(QUERY)).toEqual({
        status: 400,
        errors: [{ message: `Token limit of ${count - 1} exceeded.`, locations: [{ line: 1, column: QUERY.lastIndexOf('}') + 1 }], extensions: { code: 'QUERY_TOO_COMPLEX' } }],
      });
      expect(server.executed()).toBe(0);
    });

    it('does not count comments', async () => {
      const server = await gateway({ maxTokens: tokenCount(QUERY) });
      expect(await server.run(`# ${'a comment '.repeat(50)}\n${QUERY}\n# and another`)).toEqual(PASSED);
    });

    it('leaves a syntax error within the limit a GRAPHQL_PARSE_FAILED with HTTP 400 (graphql-armor#751 answers 500)', async () => {
      const server = await gateway({ maxTokens: 50 });
      const answer = await server.run('{ agent(type: AGENT, id: "u1") { id } ');
      expect(answer.status).toBe(400);
      expect(answer.errors?.map((error) => error.extensions?.code)).toEqual(['GRAPHQL_PARSE_FAILED']);
    });

    it('counts tokens the way the parser does', () => {
      expect(exceedsTokenLimit(QUERY, 19)).toBe(false);
      expect(exceedsTokenLimit(QUERY, 18)).toBe(true);
      expect(exceedsTokenLimit('{ a } # x y z', 3)).toBe(false);
      // A source the lexer refuses early is a syntax error, whatever follows.
      expect(exceedsTokenLimit(`{ "unterminated ${' a'.repeat(100)}`, 10)).toBe(false);
    });
  });

  describe('cost', () => {
    // 1 for agents + 10 agents × (1 for nodes + 1 for id) per agent… see query-limits-cost.test.ts.
    const TEN_IDS = 'query($first: Int) { agents(type: AGENT, first: $first) { nodes { id } } }';

    it('passes an operation costing exactly the limit and refuses one that costs more, list sizes from variables', async () => {
      const server = await gateway({ maxCost: 21 });
      expect(await server.run(TEN_IDS, { first: 10 })).toEqual(PASSED);
      expect(await server.run(TEN_IDS, { first: 11 })).toEqual(refused('Query cost limit of 21 exceeded, found 23.'));
      // Without `first`, the page is the default 50 agents.
      expect(await server.run(TEN_IDS)).toEqual(refused('Query cost limit of 21 exceeded, found 101.'));
      expect(server.executed()).toBe(1);
    });

    it('refuses a fragment fan-out whose expansion is too large to cost', async () => {
      const server = await gateway({ maxCost: 5000 });
      const levels = Array.from({ length: 16 }, (_, index) => `fragment F${index} on Query { ...F${index + 1} ...F${index + 1} __typename }`);
      const fanOut = `{ ...F0 } ${levels.join(' ')} fragment F16 on Query { __typename }`;
      expect(await server.run(fanOut)).toEqual(refused('Query cost limit of 5000 exceeded: the operation expands to over 10000 selections.'));
    });

    it('remembers a cost per document only with the variables that size lists or decide directives', async () => {
      const server = await gateway({ maxCost: 21 });
      // The same document again and again: each request gets the verdict its own variables deserve.
      for (let round = 0; round < 2; round++) {
        expect(await server.run(TEN_IDS, { first: 10 })).toEqual(PASSED);
        expect(await server.run(TEN_IDS, { first: 11 })).toEqual(refused('Query cost limit of 21 exceeded, found 23.'));
        // null is not absent: `first: null` is the default page too, but only absence takes a default value.
        expect(await server.run(TEN_IDS, { first: null })).toEqual(refused('Query cost limit of 21 exceeded, found 101.'));
      }
      const defaulted = 'query($first: Int = 5) { agents(type: AGENT, first: $first) { nodes { id } } }';
      expect(await server.run(defaulted)).toEqual(PASSED);
      expect(await server.run(defaulted, { first: null })).toEqual(refused('Query cost limit of 21 exceeded, found 101.'));
      expect(await server.run(defaulted)).toEqual(PASSED);

      const skippable = 'query($big: Boolean!, $id: ID!) { agent(type: AGENT, id: $id) { id } agents(type: AGENT, first: 50) @include(if: $big) { nodes { id } } }';
      expect(await server.run(skippable, { big: false, id: 'a' })).toEqual(PASSED);
      expect(await server.run(skippable, { big: true, id: 'a' })).toEqual(refused('Query cost limit of 21 exceeded, found 103.'));
      expect(await server.run(skippable, { big: false, id: 'b' })).toEqual(PASSED);
    });

    it('is not fooled by a variable named __proto__ (the cost of one value never stands for another)', async () => {
      const server = await gateway({ maxCost: 21 });
      const query = 'query($__proto__: Int) { agents(type: AGENT, first: $__proto__) { nodes { id } } }';
      expect(await server.run(query, JSON.parse('{"__proto__": 0}') as Record<string, unknown>)).toEqual(PASSED);
      expect(await server.run(query, JSON.parse('{"__proto__": 100}') as Record<string, unknown>)).toEqual(refused('Query cost limit of 21 exceeded, found 201.'));
    });

    it('still refuses variables that do not coerce after the same document passed', async () => {
      const server = await gateway({ maxCost: 21 }, { execute: true });
      await server.run(TEN_IDS, { first: 10 });
      const answer = await server.run(TEN_IDS, { first: 'ten' });
      expect(answer.errors?.map((error) => error.extensions?.code)).toEqual(['BAD_USER_INPUT']);
    });

    it('leaves variables that do not coerce to execution, which refuses them before any resolver', async () => {
      const server = await gateway({ maxCost: 21 }, { execute: true });
      const answer = await server.run(TEN_IDS, { first: 'ten' });
      expect(answer.status).toBe(400);
      expect(answer.errors?.map((error) => error.extensions?.code)).toEqual(['BAD_USER_INPUT']);
    });
  });

  it('sends one refusal for an operation over several limits, without quoting the operation', async () => {
    const server = await gateway({ maxDepth: 2, maxAliases: 0, maxCost: 1 });
    const answer = await server.run('{ secretAlias: agents(type: AGENT, search: "s3cr3t") { nodes { id } } }');
    expect(answer.status).toBe(400);
    expect(answer.errors).toHaveLength(1);
    expect(answer.errors?.[0]?.extensions).toEqual({ code: 'QUERY_TOO_COMPLEX' });
    expect(JSON.stringify(answer)).not.toMatch(/secretAlias|s3cr3t|agents/);
  });

  it('leaves a request naming an operation the document lacks to Apollo (400, nothing executed)', async () => {
    const server = await gateway({ maxCost: 1 }, { execute: true });
    const response = await server.run('query A { __typename }', undefined, 'B');
    expect(response.status).toBe(400);
    expect(response.errors?.map((error) => error.extensions?.code)).toEqual(['OPERATION_RESOLUTION_FAILURE']);
  });

  describe('field suggestions', () => {
    const BAD_ENUM = 'query($type: AgentType!) { agent(type: $type, id: "u") { id } }';
    const BAD_INPUT_FIELD = 'mutation($input: RegisterAgentInput!) { registerAgent(input: $input) { agentId } }';

    it('are hidden from validation errors and from variable errors (neither runs a resolver)', async () => {
      const server = await gateway({ hideSuggestions: true }, { execute: true });
      const messages = async (query: string, variables?: Record<string, unknown>) => (await server.run(query, variables)).errors?.map((error) => error.message);
      expect(await messages('{ agent(type: AGENT, id: "u") { usernme } }')).toEqual(['Cannot query field "usernme" on type "Agent".']);
      expect(await messages(BAD_ENUM, { type: 'AGENTS' })).toEqual(['Variable "$type" got an invalid value; The value does not exist in "AgentType" enum.']);
      expect(await messages(BAD_INPUT_FIELD, { input: { type: 'AGENT', usernme: 'x', username: 'y' } })).toEqual([
        'Variable "$input" got an invalid value; Field "usernme" is not defined by type "RegisterAgentInput".',
      ]);
    });

    it('leak from variable errors with Apollo’s hideSchemaDetailsFromClientErrors alone (why this plugin hides them)', async () => {
      const server = await gateway({ hideSuggestions: false }, { execute: true, hideSchemaDetails: true });
      const answer = await server.run(BAD_ENUM, { type: 'AGENTS' });
      expect(answer.errors?.[0]?.message).toMatch(/Did you mean the enum value "AGENT"\?/);
      // Validation errors are Apollo's to clean, and it does.
      expect((await server.run('{ agent(type: AGENT, id: "u") { usernme } }')).errors?.[0]?.message).not.toMatch(/Did you mean/);
    });

    it('stay in development, where they help', async () => {
      const server = await gateway({ hideSuggestions: false }, { execute: true, hideSchemaDetails: false });
      expect((await server.run('{ agent(type: AGENT, id: "u") { usernme } }')).errors?.[0]?.message).toMatch(/Did you mean "username"\?/);
    });
  });

  it('has defaults (those of the configuration) that are all positive whole numbers', () => {
    expect(QUERY_LIMIT_DEFAULTS).toEqual({ maxDepth: 12, maxAliases: 30, maxTokens: 2000, maxDirectives: 20, maxCost: 6000 });
  });
});
