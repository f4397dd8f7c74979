import {
  CustomerCareUserDocument,
  type AgentsQuery,
  type CustomerCareUserDetailsFragment,
  type CustomerCareUsersQuery,
  type Platform,
} from '../../client/src/index.js';
import { useTestGateway, type TestGateway } from '../support/gateway';
import { caught, document, useTypedClient } from '../support/typed-client';

// Through the typed client: its `CustomerCareUser`, `CustomerCareUsers` and `CreateCustomerCareUser`
// operations, and its `request` / `requestWithErrors` for operations of several root fields (or a
// smaller selection) that it has no operation for. Federation's `_entities` is sent raw, as a router does.

type Details = CustomerCareUserDetailsFragment;
/** What `... on User { displayName platform }` selects, on any platform's user. */
type User = { displayName: string | null; platform: Platform };

const searches = (gateway: TestGateway) => gateway.imi.log.list({ method: 'POST', pathPrefix: '/v3.1/users/search' });
const lookups = (gateway: TestGateway) => gateway.imi.log.list({ method: 'GET', pathPrefix: '/v3.1/users/' });

describe('Query.customerCareUser', () => {
  const gateway = useTestGateway();
  const client = useTypedClient(gateway);

  it('fetches one user with every field, administrative users included', async () => {
    const seeded = gateway().imi.state.userById(5003);
    const user = await client().customerCareUser({ id: '5003' });
    expect(user).toEqual(
      expect.objectContaining({
        id: '5003',
        platform: 'IMI',
        displayName: `${seeded?.first_name} ${seeded?.last_name}`,
        loginId: seeded?.login_id,
        email: seeded?.email_id,
        status: 'ACTIVE',
        roleType: 'ADMINISTRATIVE',
        loggedIn: false,
        skillAttributes: {},
        createdAt: new Date(seeded?.createdAt ?? 0).toISOString(),
      }),
    );
  });

  it('answers null for an unknown id, and for an id that cannot be IMI’s without calling it', async () => {
    // The typed call throws on any GraphQL error: null here is the answer, not a failure.
    expect(await client().customerCareUser({ id: '999999' })).toBeNull();
    expect(await client().customerCareUser({ id: 'abc' })).toBeNull();
    expect(lookups(gateway()).map((entry) => entry.path)).toEqual(['/v3.1/users/999999']);
  });

  it('looks each distinct user up once per operation', async () => {
    await client().request(
      document<Record<'a' | 'b' | 'c', Partial<Details> | null>>(
        '{ a: customerCareUser(id: "5001") { id } b: customerCareUser(id: "5001") { loginId } c: customerCareUser(id: "5003") { id } }',
      ),
    );
    expect(lookups(gateway())).toHaveLength(2);
  });

  it('refuses an id too long to be anyone’s with BAD_USER_INPUT', async () => {
    expect((await caught(client().customerCareUser({ id: '1'.repeat(129) }))).code).toBe('BAD_USER_INPUT');
    expect(gateway().imi.log.list()).toHaveLength(0);
  });

  it('resolves federation references in one operation, one lookup per distinct valid id', async () => {
    const answer = await gateway().graphql<{ _entities: Array<{ id: string } | null> }>(
      'query ($r: [_Any!]!) { _entities(representations: $r) { ... on CustomerCareUser { id loginId } } }',
      {
        r: [
          { __typename: 'CustomerCareUser', id: '5001' },
          { __typename: 'CustomerCareUser', id: '5004' },
          { __typename: 'CustomerCareUser', id: '5001' },
          { __typename: 'CustomerCareUser', id: 'not-a-number' },
        ],
      },
    );
    expect(answer.body.data?._entities).toEqual([
      { id: '5001', loginId: 'ana.acosta' },
      { id: '5004', loginId: expect.any(String) },
      { id: '5001', loginId: 'ana.acosta' },
      null,
    ]);
    expect(lookups(gateway())).toHaveLength(2);
  });
});

describe('Query.customerCareUsers', () => {
  const gateway = useTestGateway();
  const client = useTypedClient(gateway);

  it('pages through 10 users at a time and says when more follow, looking ahead only after a full page', async () => {
    const first = await client().customerCareUsers({});
    expect(first).toMatchObject({ page: 1, pageSize: 10, hasNextPage: true });
    expect(first.users).toHaveLength(10);
    expect(searches(gateway()).map((entry) => entry.query.get('page'))).toEqual(['1', '2']);

    gateway().imi.log.clear();
    const last = await client().customerCareUsers({ page: 3 });
    expect(last).toMatchObject({ page: 3, hasNextPage: false });
    expect(last.users).toHaveLength(7);
    expect(searches(gateway())).toHaveLength(1);
  });

  it('costs one call when hasNextPage is not asked for', async () => {
    // The client's CustomerCareUsers asks for hasNextPage: this selection leaves it out.
    await client().request(document<{ customerCareUsers: { users: Array<Pick<Details, 'id'>> } | null }>('{ customerCareUsers { users { id } } }'));
    expect(searches(gateway())).toHaveLength(1);
  });

  it('filters by status, creation date, chat availability and active chats', async () => {
    const inactive = await client().customerCareUsers({ filter: { status: 'INACTIVE' } });
    expect(inactive.users.length).toBeGreaterThan(0);
    expect(inactive.users.every((user) => user.status === 'INACTIVE')).toBe(true);

    const recent = await client().customerCareUsers({ filter: { createdAt: { gte: '2025-01-01T00:00:00Z' } } });
    expect(recent.users.length).toBeGreaterThan(0);
    expect(recent.users.every((user) => user.createdAt !== null && user.createdAt >= '2025-01-01T00:00:00')).toBe(true);

    const busy = await client().customerCareUsers({ filter: { acceptingChats: true, activeChats: { gte: 3 } } });
    expect(busy.users.length).toBeGreaterThan(0);
    expect(busy.users.every((user) => user.acceptingChats && user.activeChats !== null && user.activeChats >= 3)).toBe(true);
  });

  it('refuses a page out of range and a malformed date before calling IMI', async () => {
    expect((await caught(client().customerCareUsers({ page: 0 }))).code).toBe('BAD_USER_INPUT');
    expect((await caught(client().customerCareUsers({ filter: { createdAt: { gte: 'yesterday' } } }))).code).toBe('BAD_USER_INPUT');
    expect(gateway().imi.log.list()).toHaveLength(0);
  });

  it('fetches the fields search results lack with one lookup per user, shared with other lookups', async () => {
    // Search fields and a detail (roleType) together with a single lookup, in one operation.
    const data = await client().request(
      document<{ customerCareUsers: { users: Array<Pick<Details, 'id' | 'roleType'>> } | null; one: Pick<Details, 'loggedIn'> | null }>(
        '{ customerCareUsers(page: 3) { users { id roleType } } one: customerCareUser(id: "5021") { loggedIn } }',
      ),
    );
    const users = data.customerCareUsers?.users ?? [];
    expect(users).toHaveLength(7);
    expect(users.every((user) => user.roleType === 'CUSTOMER_CARE' || user.roleType === 'ADMINISTRATIVE')).toBe(true);
    expect(lookups(gateway())).toHaveLength(7);
  });

  it('refreshes an expired token once, single-flight, for concurrent calls', async () => {
    await client().customerCareUser({ id: '5001' });
    gateway().imi.log.clear();
    gateway().imi.expireTokens();
    // Three IMI calls at once, from one operation; throws on any GraphQL error.
    await client().request(
      document<{ a: Pick<Details, 'id'> | null; b: Pick<Details, 'id'> | null; c: { users: Array<Pick<Details, 'id'>> } | null }>(
        '{ a: customerCareUser(id: "5005") { id } b: customerCareUser(id: "5006") { id } c: customerCareUsers { users { id } } }',
      ),
    );
    expect(gateway().imi.log.list({ pathPrefix: '/v3.1/authorize' })).toHaveLength(1);
  });
});

describe('IMI with a fixed access token that expired', () => {
  const gateway = useTestGateway({ imiConnection: (imi) => ({ auth: { kind: 'access-token', accessToken: imi.accessToken } }) });
  const client = useTypedClient(gateway);

  it('fails with UPSTREAM_UNAUTHORIZED without trying to mint, and other platforms still answer', async () => {
    gateway().imi.expireTokens();
    const { data, errors } = await client().requestWithErrors(
      document<{ agents: Pick<NonNullable<AgentsQuery['agents']>, 'totalCount'> | null; customerCareUsers: Pick<NonNullable<CustomerCareUsersQuery['customerCareUsers']>, 'page'> | null }>(
        '{ agents(type: MANAGER) { totalCount } customerCareUsers { page } }',
      ),
    );
    expect(data?.agents?.totalCount).toBeGreaterThan(0);
    expect(data?.customerCareUsers).toBeNull();
    expect(errors).toEqual([expect.objectContaining({ path: ['customerCareUsers'], extensions: { code: 'UPSTREAM_UNAUTHORIZED', provider: 'imi' } })]);
    expect(gateway().imi.log.list({ pathPrefix: '/v3.1/authorize' })).toHaveLength(0);
    expect(gateway().logs.join('\n')).not.toContain(gateway().imi.accessToken);
  });
});

describe('IMI with a team id it does not know', () => {
  const gateway = useTestGateway({ imiConnection: () => ({ teamId: '999' }) });
  const client = useTypedClient(gateway);

  it('reports reads as UPSTREAM_UNAUTHORIZED (a configuration problem) and creates as TEAM_NOT_FOUND', async () => {
    const read = await caught(client().customerCareUser({ id: '5001' }));
    expect(read.extensions).toEqual({ code: 'UPSTREAM_UNAUTHORIZED', provider: 'imi' });
    const created = await client().createCustomerCareUser({
      input: {
        firstName: 'A',
        lastName: 'B',
        loginId: 'team.check',
        email: 'team.check@example.com',
        password: 'x-Secret-1',
        privileges: [{ teamId: '101', role: 'TEAM_AGENT' }],
      },
    });
    expect(created.userErrors).toEqual([expect.objectContaining({ code: 'TEAM_NOT_FOUND' })]);
  });
});

describe('IMI with its daily quota spent', () => {
  const gateway = useTestGateway({ imi: { dailyQuota: 2 } });
  const client = useTypedClient(gateway);

  it('reports UPSTREAM_RATE_LIMITED with retryAfterMs', async () => {
    const answers = [];
    for (let i = 0; i < 3; i += 1) answers.push(await client().requestWithErrors(CustomerCareUserDocument, { id: '5001' }));
    const limited = answers.find((answer) => answer.errors.length > 0);
    expect(limited?.errors[0]?.extensions).toMatchObject({ code: 'UPSTREAM_RATE_LIMITED', provider: 'imi', retryAfterMs: expect.any(Number) });
  });
});

describe('one operation over every platform', () => {
  const gateway = useTestGateway();
  const client = useTypedClient(gateway);

  it('touches all three and each answers', async () => {
    // `... on User` across platforms and several platforms in one operation: the client's operations
    // each have one root field, so these documents are the test's own.
    const created = await client().request(
      document<{ createWidgetUser: { user: User | null } | null }>(
        `mutation { createWidgetUser(input: { id: "all-three", names: "Tres" }) { user { ... on User { displayName platform } } } }`,
      ),
    );
    expect(created).toEqual({ createWidgetUser: { user: { displayName: 'Tres', platform: 'JELOU' } } });
    const reads = await client().request(
      document<{ agents: { nodes: User[] } | null; customerCareUser: User | null }>(
        '{ agents(type: AGENT, first: 1) { nodes { ... on User { displayName platform } } } customerCareUser(id: "5001") { ... on User { displayName platform } } }',
      ),
    );
    expect(reads).toEqual({
      agents: { nodes: [{ displayName: expect.any(String), platform: 'ROCKETCHAT' }] },
      customerCareUser: { displayName: 'Ana Acosta', platform: 'IMI' },
    });
  });

  it('keeps the widget user when the customer-care create fails in the same mutation', async () => {
    gateway().imi.faults.add({ method: 'POST', path: '/v3.1/users', times: 1, effect: { kind: 'status', status: 503 } });
    const { data, errors } = await client().requestWithErrors(
      document<{ createWidgetUser: { user: { id: string } | null } | null; createCustomerCareUser: { user: { id: string } | null } | null }>(`
        mutation {
          createWidgetUser(input: { id: "partial-1", names: "Parcial" }) { user { id } }
          createCustomerCareUser(input: { firstName: "A", lastName: "B", loginId: "partial.one", email: "partial.one@example.com",
            password: "x-Secret-2", privileges: [{ teamId: "101", role: TEAM_AGENT }] }) { user { id } }
        }`),
    );
    expect(data).toEqual({ createWidgetUser: { user: { id: 'partial-1' } }, createCustomerCareUser: null });
    expect(errors).toEqual([expect.objectContaining({ path: ['createCustomerCareUser'], extensions: { code: 'UPSTREAM_UNAVAILABLE', provider: 'imi' } })]);
  });
});
