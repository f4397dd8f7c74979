import type { FaultEffect, FaultSpec } from '../../src/simulators/faults';
import { useTestGateway, type GraphQLAnswer, type TestGateway } from '../support/gateway';

const CREATE = /* GraphQL */ `
  mutation Create($input: CreateCustomerCareUserInput!) {
    createCustomerCareUser(input: $input) {
      user {
        id platform displayName firstName lastName loginId email status acceptingChats activeChats
        createdAt updatedAt loggedIn jobDescription loginUsingEmail roleType skillAttributes
      }
      privileges { teamId role }
      userErrors { code message field }
    }
  }
`;

interface UserError {
  code: string;
  message: string;
  field: string[] | null;
}
interface CreatePayload {
  createCustomerCareUser: { user: Record<string, unknown> | null; privileges: unknown[]; userErrors: UserError[] } | null;
}

let serial = 0;
/** A valid input with a login id and e-mail address no other test uses. */
function newUser(overrides: Record<string, unknown> = {}): Record<string, unknown> {
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

function create(gateway: TestGateway, input: Record<string, unknown>): Promise<GraphQLAnswer<CreatePayload>> {
  return gateway.graphql<CreatePayload>(CREATE, { input });
}

const imiCalls = (gateway: TestGateway, method: string, pathPrefix: string) => gateway.imi.log.list({ method, pathPrefix }).length;
const creates = (gateway: TestGateway) => gateway.imi.log.list({ method: 'POST' }).filter((entry) => entry.path === '/v3.1/users').length;

describe('createCustomerCareUser', () => {
  const gateway = useTestGateway();

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
    const answer = await create(gateway(), input);
    expect(answer.body.errors).toBeUndefined();
    const payload = answer.body.data?.createCustomerCareUser;
    expect(payload?.userErrors).toEqual([]);
    expect(payload?.user).toEqual({
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
    expect(payload?.privileges).toEqual([
      { teamId: '101', role: 'TEAM_MANAGER' },
      { teamId: '104', role: 'TEAM_ANALYST' },
    ]);
    // The create answer carries every field: no extra lookup.
    expect(gateway().imi.log.list().map((entry) => `${entry.method} ${entry.path}`).filter((call) => !call.includes('authorize'))).toEqual([
      'POST /v3.1/users',
    ]);
    expect(JSON.stringify(answer.body)).not.toContain(String(input.password));

    const fetched = await gateway().graphql<{ customerCareUser: Record<string, unknown> }>(
      'query ($id: ID!) { customerCareUser(id: $id) { id loginId email roleType } }',
      { id: payload?.user?.id },
    );
    expect(fetched.body.data?.customerCareUser).toEqual({ id: payload?.user?.id, loginId: input.loginId, email: input.email, roleType: 'CUSTOMER_CARE' });
  });

  it.each([
    ['an existing login id', { loginId: 'ana.acosta' }, 'USER_ALREADY_EXISTS', ['input', 'loginId']],
    ['an e-mail address another user has (any case)', { email: 'ANA.ACOSTA@example.com' }, 'EMAIL_TAKEN', ['input', 'email']],
    ['a team IMI does not know', { privileges: [{ teamId: '999', role: 'TEAM_AGENT' }] }, 'TEAM_NOT_FOUND', ['input', 'privileges']],
    ['a business IMI does not accept (3107)', { skillAttributes: { business: 'Mining' } }, 'INVALID_INPUT', ['input', 'skillAttributes', 'business']],
    ['a location IMI does not accept (3110)', { skillAttributes: { location: 'Atlantis' } }, 'INVALID_INPUT', ['input', 'skillAttributes', 'location']],
  ])('turns %s into the userError %s', async (_case, overrides, code, field) => {
    const answer = await create(gateway(), newUser(overrides));
    expect(answer.body.errors).toBeUndefined();
    expect(answer.body.data?.createCustomerCareUser).toEqual({
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
    const answer = await create(gateway(), newUser());
    expect(answer.body.data?.createCustomerCareUser?.userErrors).toEqual([{ code: 'INVALID_INPUT', field: null, message: expect.any(String) }]);
  });

  it('refuses invalid input before calling IMI, listing every problem', async () => {
    const answer = await create(gateway(), {
      firstName: ' ',
      lastName: 'Mora',
      loginId: 'two words',
      email: 'not-an-email',
      password: '',
      privileges: [],
    });
    expect(answer.body.data?.createCustomerCareUser?.userErrors.map((error) => [error.code, error.field?.join('.')])).toEqual([
      ['INVALID_INPUT', 'input.firstName'],
      ['INVALID_INPUT', 'input.loginId'],
      ['INVALID_INPUT', 'input.email'],
      ['INVALID_INPUT', 'input.password'],
      ['INVALID_INPUT', 'input.privileges'],
    ]);
    expect(gateway().imi.log.list()).toHaveLength(0);
  });

  it('refuses an unknown role as invalid GraphQL input, before calling IMI', async () => {
    const answer = await create(gateway(), newUser({ privileges: [{ teamId: '101', role: 'TEAM_OWNER' }] }));
    expect(answer.body.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect(gateway().imi.log.list()).toHaveLength(0);
  });

  it('reports a lost answer as UPSTREAM_OUTCOME_UNKNOWN, never sends the create twice, and the next try finds the user', async () => {
    gateway().imi.faults.add({ method: 'POST', path: '/v3.1/users', times: 1, effect: { kind: 'drop' } });
    const input = newUser();
    const answer = await create(gateway(), input);
    expect(answer.body.data).toEqual({ createCustomerCareUser: null });
    expect(answer.body.errors?.[0]?.extensions).toMatchObject({ code: 'UPSTREAM_OUTCOME_UNKNOWN', provider: 'imi' });
    expect(creates(gateway())).toBe(1);
    // The platform did create it: trying again is a conflict the caller can resolve.
    const again = await create(gateway(), input);
    expect(again.body.data?.createCustomerCareUser?.userErrors[0]?.code).toBe('USER_ALREADY_EXISTS');
  });

  it('mints a new token once when IMI says the token expired, then sends the create again', async () => {
    await create(gateway(), newUser()); // a token is cached
    gateway().imi.log.clear();
    gateway().imi.expireTokens();
    const answer = await create(gateway(), newUser());
    expect(answer.body.data?.createCustomerCareUser?.user).not.toBeNull();
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
    const answer = await create(gateway(), newUser());
    expect(answer.body.data).toEqual({ createCustomerCareUser: null });
    expect(answer.body.errors?.[0]?.extensions?.code).toBe(code);
  });

  it('never quotes a password in an invalid-input error or its log line', async () => {
    const wrongType = { ...newUser(), password: 987654321123 };
    const valid = newUser();
    const withTypo = { ...valid, emial: 'typo@example.com' };
    for (const input of [wrongType, withTypo]) {
      const answer = await create(gateway(), input);
      expect(answer.body.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
      expect(answer.body.errors?.[0]?.message).toMatch(/^Variable "\$input" got an invalid value/);
      expect(JSON.stringify(answer.body)).not.toMatch(/987654321123|correct-horse/);
    }
    expect(gateway().logs.join('\n')).not.toMatch(/987654321123|correct-horse/);
    expect(gateway().imi.log.list()).toHaveLength(0);
  });

  it('never lets a password reach a response or a log line', async () => {
    const passwords: string[] = [];
    const run = async (overrides: Record<string, unknown>, fault?: FaultSpec) => {
      const input = newUser(overrides);
      passwords.push(String(input.password));
      if (fault) gateway().imi.faults.add({ times: 1, ...fault });
      const answer = await create(gateway(), input);
      expect(JSON.stringify(answer.body)).not.toContain(String(input.password));
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
