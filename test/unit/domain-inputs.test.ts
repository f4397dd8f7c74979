import { toNewCustomerCareUser, type CreateCustomerCareUserArgs } from '../../src/domains/customer-care/input';
import { MAX_PAGE, toCustomerCareSearch } from '../../src/domains/customer-care/search-args';
import { toWidgetUserInput } from '../../src/domains/widget-users/input';
import { ErrorCode, type GatewayError } from '../../src/errors';

describe('toWidgetUserInput', () => {
  it('passes a valid input on, the legal id exactly as given', () => {
    expect(toWidgetUserInput({ id: 'cust-0042', names: '  Ana Pérez ', legalId: '0912345678A' })).toEqual({
      ok: true,
      value: { id: 'cust-0042', names: 'Ana Pérez', legalId: '0912345678A' },
    });
    expect(toWidgetUserInput({ id: 'x', names: 'Ana', legalId: null })).toEqual({ ok: true, value: { id: 'x', names: 'Ana' } });
  });

  it('lists every problem with the field at fault', () => {
    const checked = toWidgetUserInput({ id: 'a\u0000b', names: '   ', legalId: 'x'.repeat(65) });
    expect(checked.ok).toBe(false);
    expect(!checked.ok && checked.userErrors.map((error) => [error.code, error.field])).toEqual([
      ['INVALID_INPUT', ['input', 'id']],
      ['INVALID_INPUT', ['input', 'names']],
      ['INVALID_INPUT', ['input', 'legalId']],
    ]);
  });

  it('refuses text that is not well-formed Unicode', () => {
    const checked = toWidgetUserInput({ id: 'ok', names: 'broken \uD800 surrogate' });
    expect(!checked.ok && checked.userErrors[0]).toMatchObject({ field: ['input', 'names'], message: expect.stringContaining('Unicode') });
  });
});

const validUser: CreateCustomerCareUserArgs = {
  firstName: 'Lucía',
  lastName: 'Mora',
  loginId: 'lucia.mora',
  email: 'lucia.mora@example.com',
  password: 'correct horse battery staple',
  privileges: [{ teamId: '101', role: 'TEAM_AGENT' }],
};

describe('toNewCustomerCareUser', () => {
  it('passes a valid input on with defaults filled in', () => {
    expect(toNewCustomerCareUser({ ...validUser, activeChats: 2, skillAttributes: { business: 'retail' } })).toEqual({
      ok: true,
      value: { ...validUser, loginUsingEmail: false, activeChats: 2, skillAttributes: { business: 'retail' } },
    });
  });

  it('lists every problem at once, with the field at fault', () => {
    const checked = toNewCustomerCareUser({
      firstName: '',
      lastName: 'x'.repeat(101),
      loginId: 'has space',
      email: 'not-an-email',
      password: '',
      jobDescription: 'tab\tinside',
      privileges: [
        { teamId: '0', role: 'TEAM_AGENT' },
        { teamId: '101', role: 'TEAM_AGENT' },
        { teamId: '101', role: 'TEAM_MANAGER' },
      ],
      skillAttributes: { notes: 'x'.repeat(10_001) },
      activeChats: -1,
    });
    expect(!checked.ok && checked.userErrors.map((error) => error.field?.join('.'))).toEqual([
      'input.firstName',
      'input.lastName',
      'input.loginId',
      'input.email',
      'input.password',
      'input.jobDescription',
      'input.privileges.0.teamId',
      'input.privileges.2.teamId',
      'input.skillAttributes',
      'input.activeChats',
    ]);
  });

  it('requires at least one privilege', () => {
    const checked = toNewCustomerCareUser({ ...validUser, privileges: [] });
    expect(!checked.ok && checked.userErrors).toEqual([expect.objectContaining({ field: ['input', 'privileges'] })]);
  });

  it('never repeats the password in a message', () => {
    const password = 'p'.repeat(300);
    const checked = toNewCustomerCareUser({ ...validUser, password });
    expect(checked.ok).toBe(false);
    expect(JSON.stringify(checked)).not.toContain(password);
  });
});

describe('toCustomerCareSearch', () => {
  it('turns filters into the provider search, dropping empty ranges', () => {
    const { search, page } = toCustomerCareSearch({
      filter: {
        status: 'ACTIVE',
        acceptingChats: false,
        createdAt: { gte: new Date('2024-01-01T00:00:00Z'), lt: null },
        updatedAt: {},
        activeChats: { lte: 3 },
      },
      page: 2,
    });
    expect(page).toBe(2);
    expect(search).toEqual({
      status: 'ACTIVE',
      acceptingChats: false,
      createdAt: { gte: '2024-01-01T00:00:00.000Z' },
      activeChats: { lte: 3 },
    });
  });

  it('defaults to page 1 and refuses impossible pages with BAD_USER_INPUT', () => {
    expect(toCustomerCareSearch({})).toEqual({ search: {}, page: 1 });
    for (const page of [0, -1, MAX_PAGE + 1]) {
      expect(() => toCustomerCareSearch({ page })).toThrow(
        expect.objectContaining({ code: ErrorCode.BAD_USER_INPUT }) as GatewayError,
      );
    }
  });
});
