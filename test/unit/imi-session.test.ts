import type { CustomerCareUserModel, CustomerCareUserSearch, NewCustomerCareUser } from '../../src/platforms/imi/models';
import { ErrorCode, GatewayError } from '../../src/errors';
import type { ImiClient } from '../../src/platforms/imi/client';
import { ImiSession, MAX_LOOKUPS_PER_REQUEST } from '../../src/platforms/imi/session';
import { within } from '../support/scope';

function user(id: string, withDetails = true): CustomerCareUserModel {
  return {
    id,
    firstName: null,
    lastName: null,
    loginId: `login-${id}`,
    email: null,
    status: 'ACTIVE',
    acceptingChats: null,
    activeChats: null,
    createdAt: null,
    updatedAt: null,
    details: withDetails ? { loggedIn: false, jobDescription: null, loginUsingEmail: null, roleType: 'CUSTOMER_CARE', skillAttributes: null } : null,
  };
}

const NEW_USER: NewCustomerCareUser = {
  firstName: 'New',
  lastName: 'User',
  loginId: 'new.user',
  email: 'new@example.com',
  password: 'pw',
  loginUsingEmail: false,
  privileges: [{ teamId: '101', role: 'TEAM_AGENT' }],
};

/** A client double that records calls; the real client is covered by its own unit and contract tests. */
function fakeClient(users: Record<string, CustomerCareUserModel | Error>) {
  const calls: string[] = [];
  const client = {
    async getUser(id: string) {
      calls.push(`get ${id}`);
      const found = users[id];
      if (found instanceof Error) throw found;
      return found ?? null;
    },
    async searchUsers(search: CustomerCareUserSearch, page: number) {
      calls.push(`search ${JSON.stringify(search)} ${page}`);
      return [user('7', false)];
    },
    async createUser(input: NewCustomerCareUser) {
      calls.push(`create ${input.loginId}`);
      return input.loginId === 'taken'
        ? { kind: 'rejected' as const, rejection: { reason: 'USER_ALREADY_EXISTS' as const } }
        : { kind: 'created' as const, user: user('900') };
    },
  };
  return { client: client as unknown as ImiClient, calls };
}

const session = (client: ImiClient) => new ImiSession(client, within(1_000));

describe('ImiSession', () => {
  it('looks each distinct user up once per request, in parallel, returning results in key order', async () => {
    const { client, calls } = fakeClient({ '1': user('1'), '2': user('2') });
    const imi = session(client);
    const results = await Promise.all([imi.customerCareUser('2'), imi.customerCareUser('1'), imi.customerCareUser('2'), imi.customerCareUser('3')]);
    expect(results.map((result) => result?.id ?? null)).toEqual(['2', '1', '2', null]);
    expect(calls.sort()).toEqual(['get 1', 'get 2', 'get 3']);
  });

  it('fails only the lookup that failed, and does not repeat it within the request', async () => {
    const outage = new GatewayError(ErrorCode.UPSTREAM_UNAVAILABLE, 'down', { provider: 'imi' });
    const { client, calls } = fakeClient({ '1': user('1'), '2': outage });
    const imi = session(client);
    const [ok, failed] = await Promise.allSettled([imi.customerCareUser('1'), imi.customerCareUser('2')]);
    expect(ok).toEqual({ status: 'fulfilled', value: user('1') });
    expect(failed).toEqual({ status: 'rejected', reason: outage });
    await expect(imi.customerCareUser('2')).rejects.toBe(outage);
    expect(calls.filter((call) => call === 'get 2')).toHaveLength(1);
  });

  it(`refuses more than ${MAX_LOOKUPS_PER_REQUEST} distinct lookups in one request with BAD_USER_INPUT`, async () => {
    const { client, calls } = fakeClient({});
    const imi = session(client);
    const ids = Array.from({ length: MAX_LOOKUPS_PER_REQUEST + 1 }, (_, index) => String(index + 1));
    const results = await Promise.allSettled(ids.map((id) => imi.customerCareUser(id)));
    expect(results.filter((result) => result.status === 'fulfilled')).toHaveLength(MAX_LOOKUPS_PER_REQUEST);
    const refused = results.at(-1);
    expect(refused?.status === 'rejected' && (refused.reason as GatewayError).code).toBe(ErrorCode.BAD_USER_INPUT);
    expect(calls).toHaveLength(MAX_LOOKUPS_PER_REQUEST);
    // Ids already looked up still answer.
    await expect(imi.customerCareUser('1')).resolves.toBeNull();
  });

  it('memoises search pages by (search, page): the same page twice costs one call', async () => {
    const { client, calls } = fakeClient({});
    const imi = session(client);
    const [a, b] = await Promise.all([
      imi.searchCustomerCareUsers({ status: 'ACTIVE', activeChats: { lt: 3, gt: 0 } }, 2),
      imi.searchCustomerCareUsers({ activeChats: { gt: 0, lt: 3 }, status: 'ACTIVE' }, 2),
    ]);
    expect(a).toBe(b);
    await imi.searchCustomerCareUsers({ status: 'ACTIVE', activeChats: { lt: 3, gt: 0 } }, 3);
    await imi.searchCustomerCareUsers({ status: 'INACTIVE' }, 2);
    expect(calls.filter((call) => call.startsWith('search'))).toHaveLength(3);
  });

  it('does not answer lookups from search results, which lack the details', async () => {
    const { client, calls } = fakeClient({ '7': user('7') });
    const imi = session(client);
    await imi.searchCustomerCareUsers({}, 1);
    const found = await imi.customerCareUser('7');
    expect(found?.details).not.toBeNull();
    expect(calls).toEqual(['search {} 1', 'get 7']);
  });

  it('answers a lookup of the user it just created without a call', async () => {
    const { client, calls } = fakeClient({});
    const imi = session(client);
    await expect(imi.customerCareUser('900')).resolves.toBeNull();
    const result = await imi.createCustomerCareUser(NEW_USER);
    expect(result).toEqual({ kind: 'created', user: user('900') });
    await expect(imi.customerCareUser('900')).resolves.toEqual(user('900'));
    expect(calls).toEqual(['get 900', 'create new.user']);
  });

  it('sends every create, even a repeat, and passes refusals on as data', async () => {
    const { client, calls } = fakeClient({});
    const imi = session(client);
    await imi.createCustomerCareUser({ ...NEW_USER, loginId: 'taken' });
    const again = await imi.createCustomerCareUser({ ...NEW_USER, loginId: 'taken' });
    expect(again).toEqual({ kind: 'rejected', rejection: { reason: 'USER_ALREADY_EXISTS' } });
    expect(calls).toEqual(['create taken', 'create taken']);
  });

  it('forgets memoised search pages after a create, which may have changed them', async () => {
    const { client, calls } = fakeClient({});
    const imi = session(client);
    await imi.searchCustomerCareUsers({}, 1);
    await imi.createCustomerCareUser(NEW_USER);
    await imi.searchCustomerCareUsers({}, 1);
    expect(calls.filter((call) => call.startsWith('search'))).toHaveLength(2);
  });

  it('shares nothing between requests', async () => {
    const { client, calls } = fakeClient({ '1': user('1') });
    await session(client).customerCareUser('1');
    await session(client).customerCareUser('1');
    expect(calls).toEqual(['get 1', 'get 1']);
  });
});
