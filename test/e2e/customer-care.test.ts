import { CreateCustomerCareUserDocument, type CreateCustomerCareUserInput } from '../../client/src/index.js';
import type { FaultEffect, FaultSpec } from '../../src/simulators/faults';
import { useTestGateway, type TestGateway } from '../support/gateway';
import { caught, useTypedClient } from '../support/typed-client';

// Through the typed client: its `CreateCustomerCareUser` and `CustomerCareUser` operations. Checks that
// a password never reaches an answer look at the answer's raw text (`answers`), not only at what the
// client kept of it.

let serial = 0;
/** A valid input with a login id and e-mail address no other test uses. */
function newUser(overrides: Partial<CreateCustomerCareUserInput> = {}): CreateCustomerCareUserInput {
  serial += 1;
  return {
    firstName: 'Lucía',
    lastName: 'Mora',
    loginId: `e2e.user.${serial}`,
    email: `e2e.user.${serial}@example.com`,
    password: `pw-${serial}-Zq8!correct-horse`,
    privileges: [{ teamId: '101', role: 'TEAM_AGENT' }],
    ...overrides,
  };
}

const imiCalls = (gateway: TestGateway, method: string, pathPrefix: string) => gateway.imi.log.list({ method, pathPrefix }).length;
const creates = (gateway: TestGateway) => gateway.imi.log.list({ method: 'POST' }).filter((entry) => entry.path === '/v3.1/users').length;

describe('createCustomerCareUser', () => {
  const gateway = useTestGateway();
  const client = useTypedClient(gateway);
  /** The raw text of the last answer. */
  const lastAnswer = () => client().answers.at(-1)?.text ?? '';

  it('creates a user with team privileges and returns it without the password', async () => {
    const input = newUser({
      jobDescription: 'Night shift',
      loginUsingEmail: true,
      privileges: [
        { teamId: '101', role: 'TEAM_MANAGER' },
        { teamId: '104', role: 'TEAM_ANALYST' },
      ],
      skillAttributes: { business: 'Retail', location: 'Lima' },
      activeChats: 2,
    });
    // The typed call throws on any GraphQL error.
    const payload = await client().createCustomerCareUser({ input });
    expect(lastAnswer()).not.toContain(String(input.password));
    expect(payload.userErrors).toEqual([]);
    expect(payload.user).toEqual({
      id: expect.stringMatching(/^\d+$/),
      platform: 'IMI',
      displayName: 'Lucía Mora',
      firstName: 'Lucía',
      lastName: 'Mora',
      loginId: input.loginId,
      email: input.email,
      status: 'ACTIVE',
      acceptingChats: false,
      activeChats: 2,
      createdAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z$/),
      updatedAt: expect.any(String),
      loggedIn: false,
      jobDescription: 'Night shift',
      loginUsingEmail: true,
      roleType: 'CUSTOMER_CARE',
      skillAttributes: { business: 'Retail', location: 'Lima' },
    });
    expect(payload.privileges).toEqual([
      { teamId: '101', role: 'TEAM_MANAGER' },
      { teamId: '104', role: 'TEAM_ANALYST' },
    ]);
    // The create answer carries every field: no extra lookup.
    expect(gateway().imi.log.list().map((entry) => `${entry.method} ${entry.path}`).filter((call) => !call.includes('authorize'))).toEqual([
      'POST /v3.1/users',
    ]);

    const fetched = await client().customerCareUser({ id: payload.user!.id });
    expect(fetched).toEqual(expect.objectContaining({ id: payload.user?.id, loginId: input.loginId, email: input.email, roleType: 'CUSTOMER_CARE' }));
  });

  it.each<[string, Partial<CreateCustomerCareUserInput>, string, string[]]>([
    ['an existing login id', { loginId: 'ana.acosta' }, 'USER_ALREADY_EXISTS', ['input', 'loginId']],
    ['an e-mail address another user has (any case)', { email: 'ANA.ACOSTA@example.com' }, 'EMAIL_TAKEN', ['input', 'email']],
    ['a team IMI does not know', { privileges: [{ teamId: '999', role: 'TEAM_AGENT' }] }, 'TEAM_NOT_FOUND', ['input', 'privileges']],
    ['a business IMI does not accept (3107)', { skillAttributes: { business: 'Mining' } }, 'INVALID_INPUT', ['input', 'skillAttributes', 'business']],
    ['a location IMI does not accept (3110)', { skillAttributes: { location: 'Atlantis' } }, 'INVALID_INPUT', ['input', 'skillAttributes', 'location']],
  ])('turns %s into the userError %s', async (_case, overrides, code, field) => {
    // The typed call throws on any GraphQL error: the refusal is data.
    const payload = await client().createCustomerCareUser({ input: newUser(overrides) });
    expect(payload).toEqual({
      user: null,
      privileges: [],
      userErrors: [{ code, field, message: expect.any(String) }],
    });
    expect(creates(gateway())).toBe(1);
  });

  it.each([
    [3114, 'Request body not provided'],
    [3115, 'Request is invalid'],
  ])('turns IMI %d into an INVALID_INPUT userError without a field', async (statusCode, description) => {
    gateway().imi.faults.add({
      method: 'POST',
      path: '/v3.1/users',
      times: 1,
      effect: { kind: 'status', status: 400, body: { status_code: statusCode, description, response: null } },
    });
    const payload = await client().createCustomerCareUser({ input: newUser() });
    expect(payload.userErrors).toEqual([{ code: 'INVALID_INPUT', field: null, message: expect.any(String) }]);
  });

  it('refuses invalid input before calling IMI, listing every problem', async () => {
    const payload = await client().createCustomerCareUser({
      input: {
        firstName: ' ',
        lastName: 'Mora',
        loginId: 'two words',
        email: 'not-an-email',
        password: '',
        privileges: [],
      },
    });
    expect(payload.userErrors.map((error) => [error.code, error.field?.join('.')])).toEqual([
      ['INVALID_INPUT', 'input.firstName'],
      ['INVALID_INPUT', 'input.loginId'],
      ['INVALID_INPUT', 'input.email'],
      ['INVALID_INPUT', 'input.password'],
      ['INVALID_INPUT', 'input.privileges'],
    ]);
    expect(gateway().imi.log.list()).toHaveLength(0);
  });

  it('refuses an unknown role as invalid GraphQL input, before calling IMI', async () => {
    // Deliberately not a TeamRole.
    const input = newUser({ privileges: [{ teamId: '101', role: 'TEAM_OWNER' as 'TEAM_AGENT' }] });
    expect((await caught(client().createCustomerCareUser({ input }))).code).toBe('BAD_USER_INPUT');
    expect(gateway().imi.log.list()).toHaveLength(0);
  });

  it('reports a lost answer as UPSTREAM_OUTCOME_UNKNOWN, never sends the create twice, and the next try finds the user', async () => {
    gateway().imi.faults.add({ method: 'POST', path: '/v3.1/users', times: 1, effect: { kind: 'drop' } });
    const input = newUser();
    const { data, errors } = await client().requestWithErrors(CreateCustomerCareUserDocument, { input });
    expect(data).toEqual({ createCustomerCareUser: null });
    expect(errors[0]?.extensions).toMatchObject({ code: 'UPSTREAM_OUTCOME_UNKNOWN', provider: 'imi' });
    expect(creates(gateway())).toBe(1);
    // The platform did create it: trying again is a conflict the caller can resolve.
    const again = await client().createCustomerCareUser({ input });
    expect(again.userErrors[0]?.code).toBe('USER_ALREADY_EXISTS');
  });

  it('mints a new token once when IMI says the token expired, then sends the create again', async () => {
    await client().createCustomerCareUser({ input: newUser() }); // a token is cached
    gateway().imi.log.clear();
    gateway().imi.expireTokens();
    const payload = await client().createCustomerCareUser({ input: newUser() });
    expect(payload.user).not.toBeNull();
    expect(imiCalls(gateway(), 'GET', '/v3.1/authorize')).toBe(1);
    // Refused with 2004 (IMI did nothing), then created: the only case a create is sent twice.
    expect(gateway().imi.log.list({ method: 'POST' }).map((entry) => entry.status)).toEqual([401, 200]);
  });

  it.each<[FaultEffect, string]>([
    // An internal error may come after IMI created the user: the caller must look before creating again.
    [{ kind: 'status', status: 500 }, 'UPSTREAM_OUTCOME_UNKNOWN'],
    [{ kind: 'status', status: 503 }, 'UPSTREAM_UNAVAILABLE'],
    [{ kind: 'status', status: 405 }, 'INTERNAL_SERVER_ERROR'],
  ])('maps IMI failure %j to %s', async (effect, code) => {
    gateway().imi.faults.add({ method: 'POST', path: '/v3.1/users', times: 1, effect });
    const { data, errors } = await client().requestWithErrors(CreateCustomerCareUserDocument, { input: newUser() });
    expect(data).toEqual({ createCustomerCareUser: null });
    expect(errors[0]?.code).toBe(code);
  });

  it('never quotes a password in an invalid-input error or its log line', async () => {
    const wrongType = { ...newUser(), password: 987654321123 };
    const valid = newUser();
    const withTypo = { ...valid, emial: 'typo@example.com' };
    for (const input of [wrongType, withTypo]) {
      // Deliberately not a CreateCustomerCareUserInput: a number for the password, an unknown field.
      const error = await caught(client().createCustomerCareUser({ input: input as unknown as CreateCustomerCareUserInput }));
      expect(error.code).toBe('BAD_USER_INPUT');
      expect(error.message).toMatch(/^Variable "\$input" got an invalid value/);
      expect(lastAnswer()).not.toMatch(/987654321123|correct-horse/);
    }
    expect(gateway().logs.join('\n')).not.toMatch(/987654321123|correct-horse/);
    expect(gateway().imi.log.list()).toHaveLength(0);
  });

  it('never lets a password reach a response or a log line', async () => {
    const passwords: string[] = [];
    const run = async (overrides: Partial<CreateCustomerCareUserInput>, fault?: FaultSpec) => {
      const input = newUser(overrides);
      passwords.push(String(input.password));
      if (fault) gateway().imi.faults.add({ times: 1, ...fault });
      await client().requestWithErrors(CreateCustomerCareUserDocument, { input });
      expect(lastAnswer()).not.toContain(String(input.password));
    };
    await run({});
    await run({ loginId: 'ana.acosta' });
    await run({ email: 'bad' });
    await run({}, { method: 'POST', path: '/v3.1/users', effect: { kind: 'drop' } });
    await run({}, { method: 'POST', path: '/v3.1/users', effect: { kind: 'status', status: 500, body: 'not json' } });
    const logs = gateway().logs.join('\n');
    for (const password of passwords) expect(logs).not.toContain(password);
    expect(logs).not.toContain(gateway().imi.apiKey);
  });
});
