import { useTestGateway, type TestGateway } from '../support/gateway';

interface SearchPage {
  customerCareUsers: {
    page: number;
    pageSize: number;
    hasNextPage: boolean;
    users: Array<{ id: string; status: string; createdAt: string; activeChats: number; acceptingChats: boolean; roleType?: string }>;
  } | null;
}

const SEARCH = /* GraphQL */ `
  query Search($filter: CustomerCareUserFilter, $page: Int) {
    customerCareUsers(filter: $filter, page: $page) {
      page pageSize hasNextPage
      users { id status createdAt activeChats acceptingChats }
    }
  }
`;

const searches = (gateway: TestGateway) => gateway.imi.log.list({ method: 'POST', pathPrefix: '/v3.1/users/search' });
const lookups = (gateway: TestGateway) => gateway.imi.log.list({ method: 'GET', pathPrefix: '/v3.1/users/' });

describe('Query.customerCareUser', () => {
  const gateway = useTestGateway();

  it('fetches one user with every field, administrative users included', async () => {
    const seeded = gateway().imi.state.userById(5003);
    const answer = await gateway().graphql<{ customerCareUser: Record<string, unknown> }>(
      '{ customerCareUser(id: "5003") { id platform displayName loginId email status roleType loggedIn skillAttributes createdAt } }',
    );
    expect(answer.body.data?.customerCareUser).toEqual({
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
    });
  });

  it('answers null for an unknown id, and for an id that cannot be IMI’s without calling it', async () => {
    const answer = await gateway().graphql('{ unknown: customerCareUser(id: "999999") { id } word: customerCareUser(id: "abc") { id } }');
    expect(answer.body).toEqual({ data: { unknown: null, word: null } });
    expect(lookups(gateway()).map((entry) => entry.path)).toEqual(['/v3.1/users/999999']);
  });

  it('looks each distinct user up once per operation', async () => {
    const answer = await gateway().graphql(
      '{ a: customerCareUser(id: "5001") { id } b: customerCareUser(id: "5001") { loginId } c: customerCareUser(id: "5003") { id } }',
    );
    expect(answer.body.errors).toBeUndefined();
    expect(lookups(gateway())).toHaveLength(2);
  });

  it('refuses an id too long to be anyone’s with BAD_USER_INPUT', async () => {
    const answer = await gateway().graphql('query ($id: ID!) { customerCareUser(id: $id) { id } }', { id: '1'.repeat(129) });
    expect(answer.body.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
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

  it('pages through 10 users at a time and says when more follow, looking ahead only after a full page', async () => {
    const first = await gateway().graphql<SearchPage>(SEARCH, {});
    expect(first.body.data?.customerCareUsers).toMatchObject({ page: 1, pageSize: 10, hasNextPage: true });
    expect(first.body.data?.customerCareUsers?.users).toHaveLength(10);
    expect(searches(gateway()).map((entry) => entry.query.get('page'))).toEqual(['1', '2']);

    gateway().imi.log.clear();
    const last = await gateway().graphql<SearchPage>(SEARCH, { page: 3 });
    expect(last.body.data?.customerCareUsers).toMatchObject({ page: 3, hasNextPage: false });
    expect(last.body.data?.customerCareUsers?.users).toHaveLength(7);
    expect(searches(gateway())).toHaveLength(1);
  });

  it('costs one call when hasNextPage is not asked for', async () => {
    await gateway().graphql('{ customerCareUsers { users { id } } }');
    expect(searches(gateway())).toHaveLength(1);
  });

  it('filters by status, creation date, chat availability and active chats', async () => {
    const inactive = await gateway().graphql<SearchPage>(SEARCH, { filter: { status: 'INACTIVE' } });
    const users = inactive.body.data?.customerCareUsers?.users ?? [];
    expect(users.length).toBeGreaterThan(0);
    expect(users.every((user) => user.status === 'INACTIVE')).toBe(true);

    const recent = await gateway().graphql<SearchPage>(SEARCH, { filter: { createdAt: { gte: '2025-01-01T00:00:00Z' } } });
    const recentUsers = recent.body.data?.customerCareUsers?.users ?? [];
    expect(recentUsers.length).toBeGreaterThan(0);
    expect(recentUsers.every((user) => user.createdAt >= '2025-01-01T00:00:00')).toBe(true);

    const busy = await gateway().graphql<SearchPage>(SEARCH, { filter: { acceptingChats: true, activeChats: { gte: 3 } } });
    const busyUsers = busy.body.data?.customerCareUsers?.users ?? [];
    expect(busyUsers.length).toBeGreaterThan(0);
    expect(busyUsers.every((user) => user.acceptingChats && user.activeChats >= 3)).toBe(true);
  });

  it('refuses a page out of range and a malformed date before calling IMI', async () => {
    const page = await gateway().graphql(SEARCH, { page: 0 });
    expect(page.body.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    const date = await gateway().graphql(SEARCH, { filter: { createdAt: { gte: 'yesterday' } } });
    expect(date.body.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect(gateway().imi.log.list()).toHaveLength(0);
  });

  it('fetches the fields search results lack with one lookup per user, shared with other lookups', async () => {
    const answer = await gateway().graphql<SearchPage & { one: { loggedIn: boolean } }>(
      '{ customerCareUsers(page: 3) { users { id roleType } } one: customerCareUser(id: "5021") { loggedIn } }',
    );
    expect(answer.body.errors).toBeUndefined();
    const users = answer.body.data?.customerCareUsers?.users ?? [];
    expect(users).toHaveLength(7);
    expect(users.every((user) => user.roleType === 'CUSTOMER_CARE' || user.roleType === 'ADMINISTRATIVE')).toBe(true);
    expect(lookups(gateway())).toHaveLength(7);
  });

  it('refreshes an expired token once, single-flight, for concurrent calls', async () => {
    await gateway().graphql('{ customerCareUser(id: "5001") { id } }');
    gateway().imi.log.clear();
    gateway().imi.expireTokens();
    const answer = await gateway().graphql(
      '{ a: customerCareUser(id: "5005") { id } b: customerCareUser(id: "5006") { id } c: customerCareUsers { users { id } } }',
    );
    expect(answer.body.errors).toBeUndefined();
    expect(gateway().imi.log.list({ pathPrefix: '/v3.1/authorize' })).toHaveLength(1);
  });
});

describe('IMI with a fixed access token that expired', () => {
  const gateway = useTestGateway({ imiConnection: (imi) => ({ auth: { kind: 'access-token', accessToken: imi.accessToken } }) });

  it('fails with UPSTREAM_UNAUTHORIZED without trying to mint, and other platforms still answer', async () => {
    gateway().imi.expireTokens();
    const answer = await gateway().graphql<{ agents: { totalCount: number } | null; customerCareUsers: unknown }>(
      '{ agents(type: MANAGER) { totalCount } customerCareUsers { page } }',
    );
    expect(answer.body.data?.agents?.totalCount).toBeGreaterThan(0);
    expect(answer.body.data?.customerCareUsers).toBeNull();
    expect(answer.body.errors).toEqual([
      expect.objectContaining({ path: ['customerCareUsers'], extensions: { code: 'UPSTREAM_UNAUTHORIZED', provider: 'imi' } }),
    ]);
    expect(gateway().imi.log.list({ pathPrefix: '/v3.1/authorize' })).toHaveLength(0);
    expect(gateway().logs.join('\n')).not.toContain(gateway().imi.accessToken);
  });
});

describe('IMI with a team id it does not know', () => {
  const gateway = useTestGateway({ imiConnection: () => ({ teamId: '999' }) });

  it('reports reads as UPSTREAM_UNAUTHORIZED (a configuration problem) and creates as TEAM_NOT_FOUND', async () => {
    const read = await gateway().graphql('{ customerCareUser(id: "5001") { id } }');
    expect(read.body.errors?.[0]?.extensions).toEqual({ code: 'UPSTREAM_UNAUTHORIZED', provider: 'imi' });
    const created = await gateway().graphql<{ createCustomerCareUser: { userErrors: Array<{ code: string }> } }>(
      `mutation { createCustomerCareUser(input: { firstName: "A", lastName: "B", loginId: "team.check", email: "team.check@example.com",
        password: "x-Secret-1", privileges: [{ teamId: "101", role: TEAM_AGENT }] }) { userErrors { code } } }`,
    );
    expect(created.body.data?.createCustomerCareUser.userErrors).toEqual([{ code: 'TEAM_NOT_FOUND' }]);
  });
});

describe('IMI with its daily quota spent', () => {
  const gateway = useTestGateway({ imi: { dailyQuota: 2 } });

  it('reports UPSTREAM_RATE_LIMITED with retryAfterMs', async () => {
    const answers = [];
    for (let i = 0; i < 3; i += 1) answers.push(await gateway().graphql('{ customerCareUser(id: "5001") { id } }'));
    const limited = answers.find((answer) => answer.body.errors !== undefined);
    expect(limited?.body.errors?.[0]?.extensions).toMatchObject({ code: 'UPSTREAM_RATE_LIMITED', provider: 'imi', retryAfterMs: expect.any(Number) });
  });
});

describe('one operation over every platform', () => {
  const gateway = useTestGateway();

  it('touches all three and each answers', async () => {
    const answer = await gateway().graphql<Record<string, unknown>>(
      `mutation { createWidgetUser(input: { id: "all-three", names: "Tres" }) { user { ... on User { displayName platform } } } }`,
    );
    expect(answer.body.data).toEqual({ createWidgetUser: { user: { displayName: 'Tres', platform: 'JELOU' } } });
    const reads = await gateway().graphql<Record<string, { nodes?: unknown[]; displayName?: string; platform?: string } | null>>(
      '{ agents(type: AGENT, first: 1) { nodes { ... on User { displayName platform } } } customerCareUser(id: "5001") { ... on User { displayName platform } } }',
    );
    expect(reads.body.data).toEqual({
      agents: { nodes: [{ displayName: expect.any(String), platform: 'ROCKETCHAT' }] },
      customerCareUser: { displayName: 'Ana Acosta', platform: 'IMI' },
    });
  });

  it('keeps the widget user when the customer-care create fails in the same mutation', async () => {
    gateway().imi.faults.add({ method: 'POST', path: '/v3.1/users', times: 1, effect: { kind: 'status', status: 503 } });
    const answer = await gateway().graphql<Record<string, unknown>>(
      `mutation {
        createWidgetUser(input: { id: "partial-1", names: "Parcial" }) { user { id } }
        createCustomerCareUser(input: { firstName: "A", lastName: "B", loginId: "partial.one", email: "partial.one@example.com",
          password: "x-Secret-2", privileges: [{ teamId: "101", role: TEAM_AGENT }] }) { user { id } }
      }`,
    );
    expect(answer.body.data).toEqual({ createWidgetUser: { user: { id: 'partial-1' } }, createCustomerCareUser: null });
    expect(answer.body.errors).toEqual([
      expect.objectContaining({ path: ['createCustomerCareUser'], extensions: { code: 'UPSTREAM_UNAVAILABLE', provider: 'imi' } }),
    ]);
  });
});
