import { useTestGateway, type TestGateway } from '../support/gateway';
import { document, useTypedClient } from '../support/typed-client';

// Mutation.onboardPerson / offboardPerson and Query.people / person / workflow through the typed client,
// against the simulators and the gateway's embedded store.

const RC_PASSWORD = 'rc-Secret-never-echoed-1';
const IMI_PASSWORD = 'imi-Secret-never-echoed-2';

function onboardingInput(name: string, overrides: Record<string, unknown> = {}) {
  return {
    email: `${name}@example.com`,
    firstName: name.split('.')[0]!,
    lastName: name.split('.')[1] ?? 'Person',
    rocketChat: { username: name, password: RC_PASSWORD, roles: ['AGENT' as const] },
    imi: { loginId: name, password: IMI_PASSWORD, privileges: [{ teamId: '101', role: 'TEAM_AGENT' as const }] },
    ...overrides,
  };
}

function platformCalls(gateway: TestGateway): number {
  return gateway.simulator.log.list().length + gateway.imi.log.list().length;
}

describe('onboardPerson', () => {
  const gateway = useTestGateway();
  const client = useTypedClient(gateway);
  const rc = () => gateway().simulator.state;
  const imi = () => gateway().imi.state;

  it('creates the Rocket.Chat user with its roles and departments, then the IMI user, and the directory shows one person on both', async () => {
    const support = rc().departments.find((department) => department.name === 'Support')!;
    const input = onboardingInput('lucia.vera', {
      rocketChat: { username: 'lucia.vera', password: RC_PASSWORD, roles: ['AGENT', 'MANAGER'], departmentIds: [support._id] },
    });
    const payload = await client().onboardPerson({ input, idempotencyKey: 'onboard-lucia-1' });
    expect(payload.userErrors).toEqual([]);
    expect(payload.workflow).toMatchObject({ kind: 'ONBOARD', status: 'SUCCEEDED' });
    expect(payload.workflow?.steps.map((step) => [step.platform, step.action, step.status])).toEqual([
      ['ROCKETCHAT', 'CREATE_USER', 'DONE'],
      ['ROCKETCHAT', 'GRANT_ROLES', 'DONE'],
      ['ROCKETCHAT', 'SET_DEPARTMENTS', 'DONE'],
      ['IMI', 'CREATE_CUSTOMER_CARE_USER', 'DONE'],
    ]);
    expect(payload.person).toMatchObject({ email: 'lucia.vera@example.com', platforms: ['ROCKETCHAT', 'IMI'] });

    const user = rc().userByUsername('lucia.vera')!;
    expect(user.roles).toEqual(expect.arrayContaining(['livechat-agent', 'livechat-manager']));
    expect(rc().departmentIdsOf(user._id)).toEqual([support._id]);
    expect(imi().userByLoginId('lucia.vera')).toBeDefined();

    const person = await client().person({ email: 'LUCIA.VERA@example.com' });
    expect(person).toMatchObject({
      id: payload.person!.id,
      rocketChatAgent: { id: user._id, username: 'lucia.vera' },
      rocketChatManager: { id: user._id },
      customerCareUser: { loginId: 'lucia.vera' },
    });
    const listed = await client().people({ search: 'lucia.vera' });
    expect(listed.nodes.map((node) => node.id)).toEqual([payload.person!.id]);
    const everything = [...client().answers.map((answer) => answer.text), ...gateway().logs].join('\n');
    expect(everything).not.toContain(RC_PASSWORD);
    expect(everything).not.toContain(IMI_PASSWORD);
  });

  it('replays the recorded answer for the same key without calling any platform, and refuses the key with another input', async () => {
    const input = onboardingInput('mateo.ruiz');
    const first = await client().onboardPerson({ input, idempotencyKey: 'onboard-mateo' });
    expect(first.workflow?.status).toBe('SUCCEEDED');
    gateway().simulator.log.clear();
    gateway().imi.log.clear();
    // The replay's own fields: the person and workflow come from the store.
    const replay = await client().request(
      document<{ onboardPerson: { person: { id: string }; workflow: { id: string; status: string }; userErrors: unknown[] } }>(
        'mutation($input: OnboardPersonInput!, $key: String!) { onboardPerson(input: $input, idempotencyKey: $key) { person { id email platforms } workflow { id status } userErrors { code } } }',
      ),
      { input, key: 'onboard-mateo' },
    );
    expect(replay.onboardPerson.workflow).toEqual({ id: first.workflow!.id, status: 'SUCCEEDED' });
    expect(replay.onboardPerson.person.id).toBe(first.person!.id);
    expect(platformCalls(gateway())).toBe(0);

    const other = await client().onboardPerson({ input: onboardingInput('mateo.ruiz', { firstName: 'Mateo2' }), idempotencyKey: 'onboard-mateo' });
    expect(other.userErrors.map((error) => error.code)).toEqual(['IDEMPOTENCY_KEY_REUSED']);
    const otherPassword = await client().onboardPerson({
      input: { ...input, imi: { ...input.imi, password: 'another-password' } },
      idempotencyKey: 'onboard-mateo',
    });
    expect(otherPassword.userErrors.map((error) => error.code)).toEqual(['IDEMPOTENCY_KEY_REUSED']);
    expect(platformCalls(gateway())).toBe(0);
  });

  it('runs once for concurrent calls with one key', async () => {
    const input = onboardingInput('nora.paz');
    const answers = await Promise.all([1, 2, 3].map(() => client().onboardPerson({ input, idempotencyKey: 'onboard-nora' })));
    expect(new Set(answers.map((answer) => answer.workflow?.id)).size).toBe(1);
    expect(answers.every((answer) => answer.workflow?.status === 'SUCCEEDED')).toBe(true);
    expect(gateway().simulator.log.list({ method: 'POST', pathPrefix: '/api/v1/users.create' })).toHaveLength(1);
    expect(gateway().imi.log.list({ method: 'POST', pathPrefix: '/v3.1/users' }).filter((entry) => entry.path === '/v3.1/users')).toHaveLength(1);
  });

  it('undoes what it did on Rocket.Chat when IMI refuses, and touches nothing it did not do', async () => {
    // IMI already has this login id: the create is refused with 3102.
    await client().onboardPerson({ input: { ...onboardingInput('omar.lago'), rocketChat: undefined }, idempotencyKey: 'omar-imi-first' });
    const payload = await client().onboardPerson({ input: onboardingInput('omar.lago', { email: 'omar.lago2@example.com' }), idempotencyKey: 'omar-both' });
    expect(payload.workflow?.status).toBe('COMPENSATED');
    expect(payload.workflow?.steps.map((step) => [step.action, step.status, step.code])).toEqual([
      ['CREATE_USER', 'COMPENSATED', null],
      ['GRANT_ROLES', 'COMPENSATED', null],
      ['CREATE_CUSTOMER_CARE_USER', 'FAILED', 'USER_ALREADY_EXISTS'],
    ]);
    expect(payload.userErrors.map((error) => error.code)).toEqual(['USER_ALREADY_EXISTS']);
    const user = rc().userByUsername('omar.lago')!;
    expect(user.active).toBe(false);
    expect(user.roles).not.toContain('livechat-agent');
  });

  it('says why in userErrors when a platform refuses, and replays the same refusal', async () => {
    const input = { ...onboardingInput('omar.lago', { email: 'omar.lago3@example.com' }), rocketChat: undefined };
    const refused = await client().onboardPerson({ input, idempotencyKey: 'omar-imi-again' });
    expect(refused.workflow?.status).toBe('FAILED');
    expect(refused.userErrors).toEqual([{ code: 'USER_ALREADY_EXISTS', message: expect.any(String), field: ['input', 'imi', 'loginId'] }]);
    const replayed = await client().onboardPerson({ input, idempotencyKey: 'omar-imi-again' });
    expect(replayed.userErrors).toEqual(refused.userErrors);
  });

  it("leaves what an existing agent had: only the role and departments this workflow gave are taken back", async () => {
    const existing = rc().userByUsername('javier.acosta')!;
    const departmentsBefore = [...rc().departmentIdsOf(existing._id)].sort();
    const other = rc().departments.find((department) => department.archived !== true && !departmentsBefore.includes(department._id))!;
    // IMI has this login id already: its create is refused after the Rocket.Chat steps.
    const imiLogin = imi().allUsers()[0]!.login_id;
    const payload = await client().onboardPerson({
      input: {
        ...onboardingInput('javier.acosta'),
        rocketChat: { username: 'javier.acosta', password: RC_PASSWORD, roles: ['AGENT', 'MANAGER'], departmentIds: [other._id] },
        imi: { loginId: imiLogin, password: IMI_PASSWORD, privileges: [{ teamId: '101', role: 'TEAM_AGENT' }] },
      },
      idempotencyKey: 'javier-existing',
    });
    expect(payload.workflow?.status).toBe('COMPENSATED');
    expect(payload.workflow?.steps.map((step) => [step.action, step.status])).toEqual([
      ['CREATE_USER', 'SKIPPED'],
      ['GRANT_ROLES', 'COMPENSATED'],
      ['SET_DEPARTMENTS', 'COMPENSATED'],
      ['CREATE_CUSTOMER_CARE_USER', 'FAILED'],
    ]);
    const after = rc().userById(existing._id)!;
    expect(after.active).not.toBe(false);
    expect(after.roles).toContain('livechat-agent');
    expect(after.roles).not.toContain('livechat-manager');
    expect([...rc().departmentIdsOf(existing._id)].sort()).toEqual(departmentsBefore);
  });

  it('takes back a role granted before a later grant of the same step failed', async () => {
    gateway().simulator.faults.add({ method: 'POST', path: '/api/v1/livechat/users/manager', effect: { kind: 'status', status: 500 } });
    const payload = await client().onboardPerson({
      input: onboardingInput('sara.rio', { rocketChat: { username: 'sara.rio', password: RC_PASSWORD, roles: ['AGENT', 'MANAGER'] } }),
      idempotencyKey: 'sara-grant-fails',
    });
    gateway().simulator.faults.clear();
    expect(payload.workflow?.status).toBe('COMPENSATED');
    expect(payload.workflow?.steps.map((step) => [step.action, step.status])).toEqual([
      ['CREATE_USER', 'COMPENSATED'],
      ['GRANT_ROLES', 'FAILED'],
      ['CREATE_CUSTOMER_CARE_USER', 'NOT_RUN'],
    ]);
    const user = rc().userByUsername('sara.rio')!;
    expect(user.roles).not.toContain('livechat-agent');
    expect(user.active).toBe(false);
  });

  it('reports an IMI create without an answer as UNKNOWN and undoes nothing blindly', async () => {
    gateway().imi.faults.add({ method: 'POST', path: '/v3.1/users', times: 1, effect: { kind: 'drop' } });
    const payload = await client().onboardPerson({ input: onboardingInput('paula.rey'), idempotencyKey: 'onboard-paula' });
    expect(payload.workflow?.status).toBe('UNKNOWN');
    expect(payload.workflow?.steps.map((step) => [step.action, step.status])).toEqual([
      ['CREATE_USER', 'DONE'],
      ['GRANT_ROLES', 'DONE'],
      ['CREATE_CUSTOMER_CARE_USER', 'UNKNOWN'],
    ]);
    expect(payload.workflow?.steps[2]?.code).toBe('UPSTREAM_OUTCOME_UNKNOWN');
    const user = rc().userByUsername('paula.rey')!;
    expect(user.active).not.toBe(false);
    expect(user.roles).toContain('livechat-agent');
  });

  it('checks every input before any call', async () => {
    gateway().simulator.log.clear();
    gateway().imi.log.clear();
    const payload = await client().onboardPerson({
      input: {
        email: 'not-an-address',
        firstName: '',
        lastName: 'X',
        rocketChat: { username: 'bad name', password: '', roles: [] },
        imi: { loginId: 'ok', password: IMI_PASSWORD, privileges: [] },
      },
      idempotencyKey: 'bad-input',
    });
    expect(payload.workflow).toBeNull();
    expect(payload.userErrors.map((error) => error.field?.join('.'))).toEqual(
      expect.arrayContaining(['input.email', 'input.firstName', 'input.rocketChat.username', 'input.rocketChat.password', 'input.rocketChat.roles', 'input.imi.privileges']),
    );
    expect(platformCalls(gateway())).toBe(0);
  });
});

describe('offboardPerson', () => {
  const gateway = useTestGateway();
  const client = useTypedClient(gateway);
  const rc = () => gateway().simulator.state;

  it('takes every Livechat role away, deactivates when asked, and says IMI must be done by hand', async () => {
    const onboarded = await client().onboardPerson({
      input: onboardingInput('rita.sol', { rocketChat: { username: 'rita.sol', password: RC_PASSWORD, roles: ['AGENT', 'MANAGER'] } }),
      idempotencyKey: 'onboard-rita',
    });
    const personId = onboarded.person!.id;
    const payload = await client().offboardPerson({ input: { personId, deactivateRocketChatUser: true }, idempotencyKey: 'offboard-rita' });
    expect(payload.workflow?.status).toBe('SUCCEEDED');
    expect(payload.workflow?.steps.map((step) => [step.platform, step.action, step.status])).toEqual([
      ['ROCKETCHAT', 'REMOVE_AGENT_ROLE', 'DONE'],
      ['ROCKETCHAT', 'REMOVE_MANAGER_ROLE', 'DONE'],
      ['ROCKETCHAT', 'DEACTIVATE_USER', 'DONE'],
      ['IMI', 'DEACTIVATE_CUSTOMER_CARE_USER', 'UNSUPPORTED'],
    ]);
    expect(payload.workflow?.steps[3]?.message).toMatch(/IMI documents no way/);
    const user = rc().userByUsername('rita.sol')!;
    expect(user.roles.filter((role) => role.startsWith('livechat-'))).toEqual([]);
    expect(user.active).toBe(false);

    // Again, with a new key: nothing is left on Rocket.Chat, and every step says so.
    const again = await client().offboardPerson({ input: { email: 'RITA.SOL@example.com', deactivateRocketChatUser: true }, idempotencyKey: 'offboard-rita-2' });
    expect(again.workflow?.steps.map((step) => step.status)).toEqual(['SKIPPED', 'SKIPPED', 'SKIPPED', 'UNSUPPORTED']);
    // The same key replays, even after the directory changed.
    const replay = await client().offboardPerson({ input: { personId, deactivateRocketChatUser: true }, idempotencyKey: 'offboard-rita' });
    expect(replay.workflow?.id).toBe(payload.workflow?.id);
  });

  it('finds a Rocket.Chat role granted since the last refresh, so nothing is left behind', async () => {
    // Known to the directory from IMI only; the agent role was granted on Rocket.Chat afterwards.
    await client().onboardPerson({ input: { ...onboardingInput('tomas.vidal'), rocketChat: undefined }, idempotencyKey: 'tomas-imi' });
    await client().createRocketChatUser({ input: { username: 'tomas.vidal', name: 'Tomás Vidal', email: 'tomas.vidal@example.com', password: RC_PASSWORD, roles: ['AGENT'] } });
    const payload = await client().offboardPerson({ input: { email: 'tomas.vidal@example.com' }, idempotencyKey: 'offboard-tomas' });
    expect(payload.workflow?.steps.map((step) => [step.action, step.status])).toEqual([
      ['REMOVE_AGENT_ROLE', 'DONE'],
      ['REMOVE_MANAGER_ROLE', 'SKIPPED'],
      ['DEACTIVATE_CUSTOMER_CARE_USER', 'UNSUPPORTED'],
    ]);
    expect(rc().userByUsername('tomas.vidal')?.roles).not.toContain('livechat-agent');
  });

  it('answers UNKNOWN_PERSON for someone the directory does not hold', async () => {
    const payload = await client().offboardPerson({ input: { email: 'nobody@example.com' }, idempotencyKey: 'offboard-nobody' });
    expect(payload.userErrors.map((error) => error.code)).toEqual(['UNKNOWN_PERSON']);
  });
});

describe('the directory through the API', () => {
  const gateway = useTestGateway();
  const client = useTypedClient(gateway);

  async function refreshed(): Promise<void> {
    const started = await client().syncDirectory();
    expect(started.started).toBe(true);
    await idle();
  }

  async function idle(): Promise<void> {
    for (let waited = 0; ; waited += 50) {
      const sync = await client().directorySync();
      if (!sync.running && sync.platforms.every((platform) => platform.lastFinishedAt !== null)) return;
      if (waited > 15_000) throw new Error(`the refresh did not finish: ${JSON.stringify(sync)}`);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }

  it('links the seeded people who are on both platforms by e-mail, case-insensitively, and reads pages without platform calls', async () => {
    await refreshed();
    const sync = await client().directorySync();
    expect(sync.platforms.map((platform) => [platform.platform, platform.lastError])).toEqual([
      ['ROCKETCHAT', null],
      ['IMI', null],
    ]);
    expect(sync.identities).toBe(sync.platforms.reduce((sum, platform) => sum + platform.identities, 0));

    gateway().simulator.log.clear();
    gateway().imi.log.clear();
    const both = await client().people({ platform: 'IMI', first: 100, search: 'example.com' });
    const onBoth = both.nodes.filter((person) => person.platforms.length === 2);
    expect(onBoth.map((person) => person.email)).toEqual(expect.arrayContaining(['marta.quiroga@example.com', 'samuel.ortega@example.com']));
    expect(platformCalls(gateway())).toBe(0);

    // Samuel's IMI address is Samuel.Ortega@Example.com: one person all the same, with both identities live.
    const samuel = await client().person({ email: 'samuel.ortega@example.com' });
    expect(samuel).toMatchObject({ platforms: ['ROCKETCHAT', 'IMI'], rocketChatManager: { username: 'samuel.ortega' }, customerCareUser: { id: expect.any(String) } });
    const marta = await client().person({ email: 'marta.quiroga@example.com' });
    expect(marta).toMatchObject({ rocketChatAgent: { username: 'marta.quiroga' }, rocketChatManager: { username: 'marta.quiroga' } });
  });

  it('nulls only the identities of a person whose platform lookup fails, with the provider named, and keeps the page', async () => {
    await idle();
    gateway().imi.faults.add({ method: 'GET', path: '/v3.1/users/', effect: { kind: 'status', status: 503 } });
    const answer = await client().requestWithErrors(
      document<{ people: { totalCount: number; nodes: Array<{ email: string; identities: Array<{ id: string }> | null }> } }>(
        'query { people(platform: IMI, first: 3) { totalCount nodes { email identities { id platform } } } }',
      ),
    );
    gateway().imi.faults.clear();
    expect(answer.data?.people.nodes).toHaveLength(3);
    expect(answer.data?.people.nodes.every((person) => person.email.endsWith('example.com') && person.identities === null)).toBe(true);
    expect(answer.errors.length).toBeGreaterThan(0);
    expect(answer.errors.every((error) => error.provider === 'imi')).toBe(true);
  });

  it('does not start a second refresh while one runs', async () => {
    gateway().imi.faults.add({ method: 'POST', path: '/v3.1/users/search', times: 1, effect: { kind: 'latency', ms: 300 } });
    const first = await client().syncDirectory();
    const second = await client().syncDirectory();
    expect([first.started, second.started]).toEqual([true, false]);
    await idle();
  });
});

describe('onboardPerson while IMI hangs', () => {
  // A short request budget, so the hung create times out within the test.
  const gateway = useTestGateway({ env: { GATEWAY_REQUEST_TIMEOUT_MS: '1500' } });
  const client = useTypedClient(gateway);

  it('records the create as UNKNOWN when IMI never answers, and undoes nothing', async () => {
    gateway().imi.faults.add({ method: 'POST', path: '/v3.1/users', times: 1, effect: { kind: 'hang' } });
    const payload = await client().onboardPerson({ input: onboardingInput('ugo.sanz'), idempotencyKey: 'onboard-ugo' });
    expect(payload.workflow?.status).toBe('UNKNOWN');
    expect(payload.workflow?.steps.map((step) => [step.action, step.status])).toEqual([
      ['CREATE_USER', 'DONE'],
      ['GRANT_ROLES', 'DONE'],
      ['CREATE_CUSTOMER_CARE_USER', 'UNKNOWN'],
    ]);
    expect(gateway().simulator.state.userByUsername('ugo.sanz')?.roles).toContain('livechat-agent');
  });
});
