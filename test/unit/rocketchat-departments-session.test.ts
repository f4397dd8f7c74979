import { ErrorCode, GatewayError } from '../../src/errors';
import type { RocketChatAccountsApi } from '../../src/platforms/rocketchat/accounts-api';
import { RocketChatAccountsSession } from '../../src/platforms/rocketchat/accounts-session';
import type { RocketChatDepartmentsApi } from '../../src/platforms/rocketchat/departments-api';
import { RocketChatDepartmentsSession } from '../../src/platforms/rocketchat/departments-session';
import type { DepartmentModel, RocketChatUserModel } from '../../src/platforms/rocketchat/models';
import type { DepartmentAgentsChange } from '../../src/platforms/rocketchat/wire-departments';
import { within } from '../support/scope';

function department(id: string): DepartmentModel {
  return { id, name: `Dept ${id}`, enabled: true, description: null, email: null, showOnRegistration: true, showOnOfflineForm: true, archived: false };
}

/** A departments API double: `listed` is what the list call returns (its first page), `byId` what single lookups find. */
function fakeDepartmentsApi(options: { listed: string[]; byId?: string[]; memberships?: Record<string, string[]>; failList?: boolean }) {
  const calls: string[] = [];
  const known = new Set([...options.listed, ...(options.byId ?? [])]);
  const memberships = options.memberships ?? {};
  const api = {
    async list(query: { showArchived?: boolean; count: number }) {
      calls.push(`list archived=${String(query.showArchived)} count=${query.count}`);
      if (options.failList) throw new GatewayError(ErrorCode.UPSTREAM_UNAVAILABLE, 'down', { provider: 'rocketchat' });
      return { departments: options.listed.map(department), offset: 0, total: options.listed.length };
    },
    async get(id: string) {
      calls.push(`get ${id}`);
      return known.has(id) ? department(id) : null;
    },
    async ofAgent(agentId: string) {
      calls.push(`of ${agentId}`);
      return memberships[agentId] ?? [];
    },
    async change(departmentId: string, change: DepartmentAgentsChange) {
      calls.push(`change ${departmentId} +${change.upsert.map((a) => a.agentId).join(',')} -${change.remove.map((a) => a.agentId).join(',')}`);
      return known.has(departmentId) ? { kind: 'changed' as const } : { kind: 'unknown-department' as const };
    },
  };
  return { api: api as unknown as RocketChatDepartmentsApi, calls };
}

describe('RocketChatDepartmentsSession', () => {
  it('looks one department up with one GET, and several of the same tick with one list call', async () => {
    const { api, calls } = fakeDepartmentsApi({ listed: ['d1', 'd2', 'd3'] });
    const single = new RocketChatDepartmentsSession(api, within(1_000));
    await expect(single.department('d2')).resolves.toMatchObject({ id: 'd2' });
    expect(calls).toEqual(['get d2']);

    calls.length = 0;
    const batched = new RocketChatDepartmentsSession(api, within(1_000));
    const found = await Promise.all(['d1', 'd3', 'd1', 'd2'].map((id) => batched.department(id)));
    expect(found.map((d) => d?.id)).toEqual(['d1', 'd3', 'd1', 'd2']);
    // Archived departments are in the batch's list too: they are found by id like any other.
    expect(calls).toEqual(['list archived=true count=100']);
  });

  it('asks alone for an id the list lacks (beyond its first page, or no department at all)', async () => {
    const { api, calls } = fakeDepartmentsApi({ listed: ['d1'], byId: ['far'] });
    const session = new RocketChatDepartmentsSession(api, within(1_000));
    const found = await Promise.all(['d1', 'far', 'none'].map((id) => session.department(id)));
    expect(found.map((d) => d?.id ?? null)).toEqual(['d1', 'far', null]);
    expect(calls.sort()).toEqual(['get far', 'get none', 'list archived=true count=100']);
  });

  it('fails every department of the batch when the list call fails, with the provider named', async () => {
    const { api } = fakeDepartmentsApi({ listed: ['d1', 'd2'], failList: true });
    const session = new RocketChatDepartmentsSession(api, within(1_000));
    const results = await Promise.allSettled([session.department('d1'), session.department('d2')]);
    expect(results.map((r) => r.status)).toEqual(['rejected', 'rejected']);
    expect((results[0] as PromiseRejectedResult).reason).toMatchObject({ code: ErrorCode.UPSTREAM_UNAVAILABLE, provider: 'rocketchat' });
  });

  it("reads each agent's memberships once per request", async () => {
    const { api, calls } = fakeDepartmentsApi({ listed: [], memberships: { a: ['d1'], b: [] } });
    const session = new RocketChatDepartmentsSession(api, within(1_000));
    const answers = await Promise.all(['a', 'b', 'a', 'a'].map((id) => session.departmentIdsOf(id)));
    expect(answers).toEqual([['d1'], [], ['d1'], ['d1']]);
    expect(calls.sort()).toEqual(['of a', 'of b']);
  });

  it('adds only the missing memberships and removes the others, leaving kept ones untouched', async () => {
    const { api, calls } = fakeDepartmentsApi({ listed: ['d1', 'd2', 'd3', 'd4'], memberships: { a: ['d1', 'd2'] } });
    const session = new RocketChatDepartmentsSession(api, within(1_000));
    const result = await session.setAgentDepartments({ id: 'a', username: 'ana' }, ['d2', 'd3', 'd4']);
    expect(result).toEqual({ kind: 'changed', added: ['d3', 'd4'], removed: ['d1'] });
    expect(calls).toEqual(['list archived=true count=100', 'of a', 'change d3 +a -', 'change d4 +a -', 'change d1 + -a']);
  });

  it('changes nothing when a department is unknown', async () => {
    const { api, calls } = fakeDepartmentsApi({ listed: ['d1'], memberships: { a: [] } });
    const session = new RocketChatDepartmentsSession(api, within(1_000));
    await expect(session.setAgentDepartments({ id: 'a', username: 'ana' }, ['d1', 'ghost'])).resolves.toEqual({ kind: 'unknown-departments', ids: ['ghost'] });
    expect(calls.filter((call) => call.startsWith('change'))).toEqual([]);
  });

  it('reads the memberships afresh after a change', async () => {
    const memberships = { a: ['d1'] };
    const { api, calls } = fakeDepartmentsApi({ listed: ['d1', 'd2'], memberships });
    const session = new RocketChatDepartmentsSession(api, within(1_000));
    await session.departmentIdsOf('a');
    await session.setAgentDepartments({ id: 'a', username: 'ana' }, ['d2']);
    memberships.a = ['d2'];
    await expect(session.departmentIdsOf('a')).resolves.toEqual(['d2']);
    expect(calls.filter((call) => call === 'of a')).toHaveLength(3);
  });
});

const LUCIA: RocketChatUserModel = { id: 'u-1', username: 'lucia', name: 'Lucía', emails: [], active: true, livechatRoles: ['AGENT'] };
const NEW_LUCIA = { username: 'lucia', name: 'Lucía', email: 'lucia@example.com', password: 'secret-password', livechatRoles: ['AGENT' as const] };

function fakeAccountsApi(options: { existing?: string[]; createAnswer?: Awaited<ReturnType<RocketChatAccountsApi['create']>>; takenAfterCreate?: boolean }) {
  const calls: string[] = [];
  const existing = new Set(options.existing ?? []);
  const api = {
    async info(lookup: { id: string } | { username: string }) {
      const key = 'id' in lookup ? lookup.id : lookup.username;
      calls.push(`info ${key}`);
      return existing.has(key) ? { ...LUCIA, username: key } : null;
    },
    async create(user: { username: string }) {
      calls.push(`create ${user.username}`);
      if (options.takenAfterCreate) existing.add(user.username);
      return options.createAnswer ?? { kind: 'created' as const, user: LUCIA };
    },
    async setActive(userId: string, active: boolean) {
      calls.push(`active ${userId} ${String(active)}`);
      return { kind: 'set' as const, active };
    },
  };
  return { api: api as unknown as RocketChatAccountsApi, calls };
}

describe('RocketChatAccountsSession', () => {
  const departments = (listed: string[] = ['d1', 'd2'], failChange = false) => {
    const fake = fakeDepartmentsApi({ listed });
    if (failChange) {
      (fake.api as unknown as { change: () => Promise<never> }).change = async () => {
        throw new GatewayError(ErrorCode.UPSTREAM_UNAVAILABLE, 'down', { provider: 'rocketchat' });
      };
    }
    return { session: new RocketChatDepartmentsSession(fake.api, within(1_000)), calls: fake.calls };
  };

  it('creates nothing for a username in use', async () => {
    const { api, calls } = fakeAccountsApi({ existing: ['lucia'] });
    const session = new RocketChatAccountsSession(api, departments().session, 'svc', within(1_000));
    await expect(session.create(NEW_LUCIA, [])).resolves.toEqual({ kind: 'username-taken' });
    expect(calls).toEqual(['info lucia']);
  });

  it('creates nothing when a department is unknown', async () => {
    const { api, calls } = fakeAccountsApi({});
    const session = new RocketChatAccountsSession(api, departments(['d1']).session, 'svc', within(1_000));
    await expect(session.create(NEW_LUCIA, ['ghost'])).resolves.toEqual({ kind: 'unknown-departments', ids: ['ghost'] });
    expect(calls).toEqual(['info lucia']);
  });

  it("tells an e-mail in use from a username taken meanwhile by a second lookup, as the platform's refusal names neither", async () => {
    const email = fakeAccountsApi({ createAnswer: { kind: 'field-unavailable' } });
    await expect(new RocketChatAccountsSession(email.api, departments().session, 'svc', within(1_000)).create(NEW_LUCIA, [])).resolves.toEqual({ kind: 'email-taken' });
    expect(email.calls).toEqual(['info lucia', 'create lucia', 'info lucia']);
    const raced = fakeAccountsApi({ createAnswer: { kind: 'field-unavailable' }, takenAfterCreate: true });
    await expect(new RocketChatAccountsSession(raced.api, departments().session, 'svc', within(1_000)).create(NEW_LUCIA, [])).resolves.toEqual({ kind: 'username-taken' });
  });

  it('puts the new agent in its departments after creating it', async () => {
    const { api } = fakeAccountsApi({});
    const depts = departments();
    const result = await new RocketChatAccountsSession(api, depts.session, 'svc', within(1_000)).create(NEW_LUCIA, ['d1', 'd2']);
    expect(result).toEqual({ kind: 'created', user: LUCIA, departmentsError: undefined });
    expect(depts.calls.filter((call) => call.startsWith('change'))).toEqual(['change d1 +u-1 -', 'change d2 +u-1 -']);
  });

  it('returns the created user with the error when a department step fails: the user exists either way', async () => {
    const { api, calls } = fakeAccountsApi({});
    const result = await new RocketChatAccountsSession(api, departments(['d1'], true).session, 'svc', within(1_000)).create(NEW_LUCIA, ['d1']);
    expect(result).toMatchObject({ kind: 'created', user: LUCIA, departmentsError: { code: ErrorCode.UPSTREAM_UNAVAILABLE } });
    expect(calls.filter((call) => call.startsWith('create'))).toHaveLength(1);
  });

  it("refuses to deactivate the gateway's own service account without a call", async () => {
    const { api, calls } = fakeAccountsApi({});
    const session = new RocketChatAccountsSession(api, departments().session, 'svc', within(1_000));
    await expect(session.setActive('svc', false)).resolves.toEqual({ kind: 'protected' });
    await expect(session.setActive('svc', true)).resolves.toEqual({ kind: 'set', active: true });
    expect(calls).toEqual(['active svc true']);
  });
});
