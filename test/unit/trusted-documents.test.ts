import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildGatewaySchema } from '../../src/schema';
import { documentId, parseManifest } from '../../src/trusted-documents/manifest';
import { TrustedDocuments } from '../../src/trusted-documents/registry';
import { loadTrustedDocuments } from '../../src/trusted-documents/index';
import { QUERY_LIMIT_DEFAULTS } from '../../src/config/variables';

const schema = buildGatewaySchema();
const limits = { ...QUERY_LIMIT_DEFAULTS, hideSuggestions: true };
const entry = (body: string) => ({ id: documentId(body), body, origin: 'team.json' });

describe('manifests', () => {
  const agents = 'query Agents { agents(type: AGENT) { totalCount } }';

  it("reads codegen's format (id → document) and Apollo's persisted query manifest alike", () => {
    expect(parseManifest(JSON.stringify({ [documentId(agents)]: agents }), 'codegen.json')).toEqual({ entries: [{ id: documentId(agents), body: agents, origin: 'codegen.json' }], problems: [] });
    // The client preset's `hashAlgorithm: 'sha256'` writes the prefix.
    expect(parseManifest(JSON.stringify({ [`sha256:${documentId(agents)}`]: agents }), 'team.json').entries).toEqual([{ id: documentId(agents), body: agents, origin: 'team.json' }]);
    const apollo = { format: 'apollo-persisted-query-manifest', version: 1, operations: [{ id: documentId(agents), name: 'Agents', type: 'query', body: agents }] };
    expect(parseManifest(JSON.stringify(apollo), 'apollo.json').entries).toEqual([{ id: documentId(agents), body: agents, origin: 'apollo.json' }]);
  });

  it('refuses an id that is not the SHA-256 of its text (no document travels under another\'s id), and names the file', () => {
    const other = 'query Other { __typename }';
    const read = parseManifest(JSON.stringify({ [documentId(other)]: agents, 'not-a-hash': agents, [documentId(agents)]: 42 }), 'team.json');
    expect(read.entries).toEqual([]);
    expect(read.problems).toEqual([
      expect.stringMatching(/^team\.json: document [0-9a-f]{64}: the id is not the SHA-256 of the document's text$/),
      'team.json: document not-a-hash: the id must be the SHA-256 of the document, 64 lowercase hex digits',
      expect.stringMatching(/^team\.json: document [0-9a-f]{64}: the document must be a non-empty string$/),
    ]);
    expect(parseManifest('{', 'broken.json').problems).toEqual(['broken.json: not JSON']);
    expect(parseManifest('[]', 'list.json').problems).toEqual([expect.stringContaining('list.json: must be a JSON object')]);
  });
});

describe('trusted documents judged when they load', () => {
  it('keeps a valid document with the scopes it needs, decided once', () => {
    const mutation = 'mutation Make($input: CreateWidgetUserInput!) { createWidgetUser(input: $input) { user { id } } }';
    const { registry, problems } = TrustedDocuments.load([entry(mutation), entry('query Q { agents(type: AGENT) { totalCount } }')], schema, limits);
    expect(problems).toEqual([]);
    expect(registry.size).toBe(2);
    expect(registry.byText(mutation)).toMatchObject({ operationType: 'mutation', operationName: 'Make', scopes: ['users:write'] });
    expect(registry.byId(documentId(mutation))?.body).toBe(mutation);
  });

  it('refuses, with a reason each, what fails validation, holds no single operation, or exceeds a limit', () => {
    // Four levels under a depth limit of 3.
    const deep = 'query Deep { agents(type: AGENT) { nodes { departments { id } } } }';
    const { registry, problems } = TrustedDocuments.load(
      [
        entry('query Bad { agents(type: AGENT) { nope } }'),
        entry('query A { __typename } query B { __typename }'),
        entry('query Broken {'),
        entry(`query Aliased { ${Array.from({ length: 31 }, (_, index) => `a${index}: agents(type: AGENT) { totalCount }`).join(' ')} }`),
        entry(deep),
      ],
      schema,
      { ...limits, maxDepth: 3 },
    );
    expect(registry.size).toBe(0);
    expect(problems).toEqual([
      expect.stringMatching(/^team\.json: document [0-9a-f]{64} \(Bad\): fails validation: Cannot query field "nope" on type "AgentConnection"\.$/),
      expect.stringMatching(/\(A\): must hold exactly one operation \(found 2\)$/),
      expect.stringMatching(/\(Broken\): does not parse: /),
      expect.stringMatching(/\(Aliased\): fails validation: .*aliases/i),
      expect.stringMatching(/\(Deep\): fails validation: .*depth/i),
    ]);
  });

  it('refuses a document whose worst case over its variables exceeds the cost limit, though its usual variables would not', () => {
    // 100 agents (the page maximum a variable can ask for) × 30 fields each, under a limit of 2000.
    const fields = Array.from({ length: 29 }, (_, index) => `f${index}: username`).join(' ');
    const body = `query Wide($first: Int) { agents(type: AGENT, first: $first) { nodes { id ${fields} } } }`;
    const { problems } = TrustedDocuments.load([entry(body)], schema, { ...limits, maxAliases: 100, maxCost: 2000 });
    expect(problems).toEqual([expect.stringMatching(/\(Wide\): its worst-case cost 3\d{3} exceeds the cost limit of 2000$/)]);
  });

  it('refuses introspection where Apollo Server does (production), and a cost a list variable decides', () => {
    const introspecting = 'query Fields { __type(name: "Agent") { fields { name } } }';
    expect(TrustedDocuments.load([entry(introspecting)], schema, limits).problems).toEqual([]);
    expect(TrustedDocuments.load([entry(introspecting)], schema, limits, { introspection: false }).problems).toEqual([
      expect.stringMatching(/\(Fields\): fails validation: GraphQL introspection has been disabled, but the requested query contained the field "__type"\./),
    ]);
    const entities = 'query Entities($representations: [_Any!]!) { _entities(representations: $representations) { __typename } }';
    expect(TrustedDocuments.load([entry(entities)], schema, limits).problems).toEqual([
      expect.stringMatching(/\(Entities\): its cost depends on the length of the list \$representations, which has no bound when the manifest loads$/),
    ]);
  });

  it('stops start-up with every problem listed, file by file', () => {
    const dir = mkdtempSync(join(tmpdir(), 'cgw-trusted-'));
    try {
      writeFileSync(join(dir, 'a.json'), JSON.stringify({ [documentId('query Bad { nope }')]: 'query Bad { nope }' }));
      writeFileSync(join(dir, 'b.json'), '{ not json');
      expect(loadTrustedDocuments([dir], schema, limits).problems).toEqual([
        'trusted documents: b.json: not JSON',
        expect.stringMatching(/^trusted documents: a\.json: document [0-9a-f]{64} \(Bad\): fails validation: Cannot query field "nope" on type "Query"\.$/),
      ]);
      expect(loadTrustedDocuments([join(dir, 'missing')], schema, limits).problems).toEqual([expect.stringMatching(/missing: cannot be read \(ENOENT\)$/)]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("loads the typed client's own manifest by default: every client operation is trusted", () => {
    const { registry, problems } = loadTrustedDocuments([], schema, limits);
    expect(problems).toEqual([]);
    expect(registry.size).toBeGreaterThanOrEqual(20);
    expect([...registry.all()].map((document) => document.operationName)).toEqual(expect.arrayContaining(['Agents', 'CreateWidgetUser', 'LivechatEvents']));
  });
});
