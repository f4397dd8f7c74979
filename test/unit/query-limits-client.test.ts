import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import {
  getIntrospectionQuery,
  Kind,
  Lexer,
  parse,
  print,
  Source,
  TokenKind,
  validate,
  visit,
  type ASTNode,
  type DocumentNode,
  type FragmentDefinitionNode,
  type GraphQLSchema,
} from 'graphql';
import { operationCost } from '../../src/plugins/query-cost';
import { QUERY_LIMIT_DEFAULTS as DEFAULT_QUERY_LIMITS } from '../../src/config/index';
import { armorValidationRules } from '../../src/plugins/query-limits';
import { buildGatewaySchema } from '../../src/schema';

/**
 * The defaults must leave the reviewed operations of the typed client (and Sandbox's introspection)
 * plenty of room: each operation, at its largest page size, stays at most HALF of every limit.
 * Measured maxima (printed below; recorded in QUERY_LIMIT_DEFAULTS's comment, src/config/variables.ts):
 *   depth 5 (Department), aliases 0, directives 0, tokens 113 (Agents),
 *   cost 2501 (Agents, first: 100; next Department and Departments about 1500, CustomerCareUsers 125).
 *   Standard introspection query: depth 0 (`__schema` is exempt), 163 tokens, cost 220.
 */
const OPERATIONS_DIR = join(__dirname, '..', '..', 'client', 'operations');

/** Every operation of the client as the client sends it: the operation and the fragments it uses. */
function clientOperations(): Array<{ name: string; document: DocumentNode; source: string }> {
  const sources = readdirSync(OPERATIONS_DIR)
    .filter((file) => file.endsWith('.graphql'))
    .map((file) => readFileSync(join(OPERATIONS_DIR, file), 'utf8'));
  const definitions = parse(sources.join('\n')).definitions;
  const fragments = new Map(definitions.flatMap((node) => (node.kind === Kind.FRAGMENT_DEFINITION ? [[node.name.value, node] as const] : [])));
  return definitions.flatMap((operation) => {
    if (operation.kind !== Kind.OPERATION_DEFINITION || !operation.name) return [];
    const used = new Map<string, FragmentDefinitionNode>();
    const spreadsOf = (node: ASTNode) =>
      visit(node, {
        FragmentSpread(spread) {
          const fragment = fragments.get(spread.name.value);
          if (fragment && !used.has(fragment.name.value)) {
            used.set(fragment.name.value, fragment);
            spreadsOf(fragment);
          }
        },
      });
    spreadsOf(operation);
    const document: DocumentNode = { kind: Kind.DOCUMENT, definitions: [operation, ...used.values()] };
    return [{ name: operation.name.value, document, source: print(document) }];
  });
}

function tokens(source: string): number {
  const lexer = new Lexer(new Source(source));
  let count = 0;
  while (lexer.advance().kind !== TokenKind.EOF) count++;
  return count;
}

/** Depth, aliases and directives as the gateway counts them (its armor rules report what they found). */
function armorCounts(schema: GraphQLSchema, document: DocumentNode) {
  const found = { maxDepth: 0, maxAliases: 0, maxDirectives: 0 };
  const rules = armorValidationRules({ maxDepth: Infinity, maxAliases: Infinity, maxDirectives: Infinity }, (limit, n) => {
    found[limit] = Math.max(found[limit], n);
  });
  expect(validate(schema, document, rules)).toEqual([]);
  return { depth: found.maxDepth, aliases: found.maxAliases, directives: found.maxDirectives };
}

function measure(schema: GraphQLSchema, document: DocumentNode, source: string, variables: Record<string, unknown>) {
  return { ...armorCounts(schema, document), tokens: tokens(source), cost: operationCost({ schema, document, variables }) };
}

/** Valid variables for each operation, at their most expensive: the largest page of agents. */
const VARIABLES: Record<string, Record<string, unknown>> = {
  Agents: { type: 'AGENT', first: 100 },
  Agent: { type: 'AGENT', id: 'u1' },
  RegisterAgent: { input: { type: 'AGENT', username: 'camila.rojas' } },
  RemoveAgent: { input: { type: 'AGENT', id: 'u1' } },
  CustomerCareUser: { id: '42' },
  CustomerCareUsers: { page: 1 },
  CreateCustomerCareUser: {
    input: { firstName: 'L', lastName: 'M', loginId: 'l.m', email: 'l@example.com', password: 'pw', privileges: [{ teamId: '1', role: 'TEAM_AGENT' }] },
  },
  CreateWidgetUser: { input: { id: 'c-1', names: 'Ana' } },
  Departments: { first: 100 },
  Department: { id: 'd1', agentsFirst: 100 },
  SetAgentDepartments: { input: { agentId: 'u1', departmentIds: ['d1'] } },
  SetAgentAvailability: { input: { agentId: 'u1', available: true } },
  RocketChatUser: { username: 'ana' },
  CreateRocketChatUser: { input: { username: 'l.m', name: 'L M', email: 'l@example.com', password: 'pw', roles: ['AGENT'], departmentIds: ['d1'] } },
  SetRocketChatUserActive: { input: { userId: 'u1', active: false } },
  People: { first: 100 },
  Person: { email: 'ana@example.com' },
  Workflow: { id: 'w1' },
  OnboardPerson: {
    input: {
      email: 'l@example.com',
      firstName: 'L',
      lastName: 'M',
      rocketChat: { username: 'l.m', password: 'pw', roles: ['AGENT'] },
      imi: { loginId: 'l.m', password: 'pw', privileges: [{ teamId: '1', role: 'TEAM_AGENT' }] },
    },
    idempotencyKey: 'k',
  },
  OffboardPerson: { input: { email: 'l@example.com' }, idempotencyKey: 'k' },
};

describe('query limit defaults against the typed client', () => {
  const schema = buildGatewaySchema();
  const operations = clientOperations();
  const measured = operations.map(({ name, document, source }) => ({
    name,
    ...measure(schema, document, source, VARIABLES[name] ?? {}),
  }));

  it('finds every operation of the client', () => {
    expect(measured.map((row) => row.name).sort()).toEqual(
      [
        'Agent',
        'Agents',
        'CreateCustomerCareUser',
        'CreateRocketChatUser',
        'CreateWidgetUser',
        'CustomerCareUser',
        'CustomerCareUsers',
        'Department',
        'DirectorySync',
        'LivechatEvents',
        'OffboardPerson',
        'OnboardPerson',
        'People',
        'Person',
        'SyncDirectory',
        'WidgetEvents',
        'Workflow',
        'Departments',
        'RegisterAgent',
        'RemoveAgent',
        'RocketChatUser',
        'SetAgentAvailability',
        'SetAgentDepartments',
        'SetRocketChatUserActive',
      ].sort(),
    );
  });

  it('leaves every client operation at most half of each limit, at its largest page size', () => {
    console.log(JSON.stringify(measured));
    for (const row of measured) {
      expect({ name: row.name, depth: row.depth <= DEFAULT_QUERY_LIMITS.maxDepth / 2 }).toEqual({ name: row.name, depth: true });
      expect({ name: row.name, aliases: row.aliases <= DEFAULT_QUERY_LIMITS.maxAliases / 2 }).toEqual({ name: row.name, aliases: true });
      expect({ name: row.name, tokens: row.tokens <= DEFAULT_QUERY_LIMITS.maxTokens / 2 }).toEqual({ name: row.name, tokens: true });
      expect({ name: row.name, directives: row.directives <= DEFAULT_QUERY_LIMITS.maxDirectives / 2 }).toEqual({ name: row.name, directives: true });
      expect({ name: row.name, cost: row.cost <= DEFAULT_QUERY_LIMITS.maxCost / 2 }).toEqual({ name: row.name, cost: true });
    }
  });

  it('lets Sandbox introspect the schema (graphql-js standard introspection query)', () => {
    const source = getIntrospectionQuery();
    const row = measure(schema, parse(source), source, {});
    console.log(JSON.stringify(row));
    expect(row.depth).toBeLessThanOrEqual(DEFAULT_QUERY_LIMITS.maxDepth);
    expect(row.aliases).toBeLessThanOrEqual(DEFAULT_QUERY_LIMITS.maxAliases);
    expect(row.tokens).toBeLessThanOrEqual(DEFAULT_QUERY_LIMITS.maxTokens);
    expect(row.directives).toBeLessThanOrEqual(DEFAULT_QUERY_LIMITS.maxDirectives);
    expect(row.cost).toBeLessThanOrEqual(DEFAULT_QUERY_LIMITS.maxCost);
  });
});
