import { getNamedType, getNullableType, isCompositeType, isListType, isObjectType, parse } from 'graphql';
import { ITEM_COUNTS, operationCost } from '../../src/plugins/query-cost';
import { buildGatewaySchema } from '../../src/schema';

const schema = buildGatewaySchema();
const cost = (query: string, variables?: Record<string, unknown>) => operationCost({ schema, document: parse(query), variables });

describe('operationCost (1 per field, list selections once per item)', () => {
  describe('agents pages: the selection counts once per agent of the page', () => {
    it('multiplies by a literal first', () => {
      // agents 1 + 10 × (nodes 1 + id 1)
      expect(cost('{ agents(type: AGENT, first: 10) { nodes { id } } }')).toBe(21);
    });

    it('takes first from variables, from the operation’s variable default, or else the page default of 50', () => {
      const query = 'query($first: Int) { agents(type: AGENT, first: $first) { nodes { id } } }';
      expect(cost(query, { first: 100 })).toBe(201);
      expect(cost(query, {})).toBe(101);
      expect(cost('query($first: Int = 7) { agents(type: AGENT, first: $first) { nodes { id } } }')).toBe(15);
      expect(cost('{ agents(type: AGENT) { nodes { id } } }')).toBe(101);
    });

    it('counts first: 0 as the field alone, and a first over 100 as 100 (the resolver refuses it anyway)', () => {
      expect(cost('{ agents(type: AGENT, first: 0) { totalCount nodes { id } } }')).toBe(1);
      expect(cost('{ agents(type: AGENT, first: 5000) { nodes { id } } }')).toBe(201);
    });

    it('counts edges, nodes, pageInfo and totalCount per agent (a deliberate overcount)', () => {
      // 1 + 2 × (totalCount 1 + pageInfo (1 + 1) + edges (1 + cursor 1 + node (1 + id 1)) + nodes (1 + id 1 + emails (1 + address 1)))
      expect(cost('{ agents(type: AGENT, first: 2) { totalCount pageInfo { endCursor } edges { cursor node { id } } nodes { id emails { address } } } }')).toBe(
        1 + 2 * (1 + 2 + 4 + 4),
      );
    });
  });

  it('counts a customer-care search page as 10 users', () => {
    // customerCareUsers 1 + (users (1 + 10 × (id 1 + email 1)) + hasNextPage 1)
    expect(cost('{ customerCareUsers(page: 3) { users { id email } hasNextPage } }')).toBe(1 + (1 + 10 * 2) + 1);
  });

  it('counts each aliased lookup by id on its own', () => {
    const lookups = Array.from({ length: 5 }, (_, index) => `a${index}: agent(type: AGENT, id: "u${index}") { id name }`).join(' ');
    expect(cost(`{ ${lookups} }`)).toBe(5 * 3);
  });

  it('counts a fragment wherever it is spread, and inline fragments where they stand', () => {
    const query = `
      { a: agent(type: AGENT, id: "1") { ...F } b: agent(type: MANAGER, id: "2") { ...F ... on Agent { username } } }
      fragment F on Agent { id name }`;
    expect(cost(query)).toBe(3 + 4);
  });

  it('counts _entities once per representation, taking the costliest type branch', () => {
    const query = 'query($r: [_Any!]!) { _entities(representations: $r) { ... on Agent { id } ... on CustomerCareUser { id email loginId } } }';
    const representations = (count: number) => Array.from({ length: count }, (_, index) => ({ __typename: 'Agent', id: `u${index}` }));
    expect(cost(query, { r: representations(3) })).toBe(1 + 3 * 3);
    expect(cost(query, { r: representations(1000) })).toBe(1 + 1000 * 3);
    expect(cost(query, { r: [] })).toBe(1);
  });

  it('leaves out fields skipped by @skip / @include', () => {
    expect(cost('query($full: Boolean!) { agent(type: AGENT, id: "1") { id name @include(if: $full) emails @skip(if: true) { address } } }', { full: false })).toBe(2);
  });

  it('has an item count, or a reason to count once, for every list of objects in the schema', () => {
    // Lists the caller cannot grow: a user's e-mails, a created user's privileges, a payload's userErrors.
    // Connection lists are sized by the `first` of the field above them (Query.agents, Query.departments,
    // Department.agents).
    const countedOnce = new Set([
      'Agent.emails',
      'AgentConnection.edges',
      'AgentConnection.nodes',
      'CreateCustomerCareUserPayload.privileges',
      'CreateCustomerCareUserPayload.userErrors',
      'CreateWidgetUserPayload.userErrors',
      'RegisterAgentPayload.userErrors',
      'RemoveAgentPayload.userErrors',
      'SetAgentDepartmentsPayload.userErrors',
      'SetAgentAvailabilityPayload.userErrors',
      'DepartmentConnection.edges',
      'DepartmentConnection.nodes',
      'DepartmentAgentConnection.edges',
      'DepartmentAgentConnection.nodes',
      'RocketChatUser.emails',
      'CreateRocketChatUserPayload.userErrors',
      'SetRocketChatUserActivePayload.userErrors',
      'PersonConnection.edges',
      'PersonConnection.nodes',
      // One entry per platform of the directory, and a workflow's handful of steps.
      'DirectorySync.platforms',
      'Workflow.steps',
      'OnboardPersonPayload.userErrors',
      'OffboardPersonPayload.userErrors',
      // An event's messages: the platform sends them (the caller cannot ask for more), plain scalars each.
      'LivechatEvent.messages',
    ]);
    const undecided: string[] = [];
    for (const type of Object.values(schema.getTypeMap())) {
      if (!isObjectType(type) || type.name.startsWith('__')) continue;
      for (const field of Object.values(type.getFields())) {
        const coordinate = `${type.name}.${field.name}`;
        const listOfObjects = isListType(getNullableType(field.type)) && isCompositeType(getNamedType(field.type));
        if (listOfObjects && !(coordinate in ITEM_COUNTS) && !countedOnce.has(coordinate)) undecided.push(coordinate);
      }
    }
    expect(undecided).toEqual([]);
    for (const coordinate of Object.keys(ITEM_COUNTS)) {
      const [typeName, fieldName] = coordinate.split('.') as [string, string];
      const type = schema.getType(typeName);
      expect({ coordinate, exists: isObjectType(type) && fieldName in type.getFields() }).toEqual({ coordinate, exists: true });
    }
  });
});
