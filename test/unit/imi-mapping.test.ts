import type { NewCustomerCareUser } from '../../src/platforms/imi/models';
import { ErrorCode, GatewayError } from '../../src/errors';
import {
  toCustomerCareUser,
  toRoleType,
  toStatus,
  toTeamRole,
  toUtcTimestamp,
  toWireCreateBody,
  toWireRole,
} from '../../src/platforms/imi/mapping';
import { wireSearchPage, wireUserDetail, wireUserSummary } from '../../src/platforms/imi/wire';

const DETAIL = {
  id: 5001,
  created_at: '2024-03-05 09:15:00',
  updated_at: '2024-03-06T10:00:00Z',
  first_name: 'Ana',
  last_name: 'Acosta',
  login_id: 'ana.acosta',
  email_id: 'ana@example.com',
  status: 'active',
  logged_in: false,
  job_description: 'Agent',
  login_using_email: true,
  role_type: 'Customer Care',
  accepting_chats: true,
  skill_attributes: { business: 'Retail' },
  active_chats: 2,
};

describe('IMI wire shapes and mapping', () => {
  it('maps the detail view with every detail field filled', () => {
    expect(toCustomerCareUser(wireUserDetail.parse(DETAIL))).toEqual({
      id: '5001',
      firstName: 'Ana',
      lastName: 'Acosta',
      loginId: 'ana.acosta',
      email: 'ana@example.com',
      status: 'ACTIVE',
      acceptingChats: true,
      activeChats: 2,
      createdAt: '2024-03-05T09:15:00.000Z',
      updatedAt: '2024-03-06T10:00:00.000Z',
      details: {
        loggedIn: false,
        jobDescription: 'Agent',
        loginUsingEmail: true,
        roleType: 'CUSTOMER_CARE',
        skillAttributes: { business: 'Retail' },
      },
    });
  });

  it('maps the search list view with details null, even when extra fields come along', () => {
    const user = toCustomerCareUser(wireUserSummary.parse({ ...DETAIL, id: '77' }));
    expect(user.id).toBe('77');
    expect(user.details).toBeNull();
  });

  it('reads missing, null and loosely typed optional fields without failing', () => {
    const user = toCustomerCareUser(
      wireUserDetail.parse({ id: '12', accepting_chats: 'false', logged_in: 1, active_chats: '3', status: null, first_name: '' }),
    );
    expect(user).toMatchObject({ id: '12', firstName: null, email: null, status: null, acceptingChats: false, activeChats: 3 });
    expect(user.details).toEqual({ loggedIn: true, jobDescription: null, loginUsingEmail: null, roleType: null, skillAttributes: null });
  });

  it('turns unreadable chat counts into null', () => {
    for (const active_chats of [-1, 2.5, 'many']) {
      expect(toCustomerCareUser(wireUserSummary.parse({ id: 1, active_chats })).activeChats).toBeNull();
    }
  });

  it.each([[undefined], [null], [''], ['abc'], [-3], [1.5], [2 ** 60], ['1234567890123456789']])(
    'refuses the id %p: ids are strict',
    (id) => {
      expect(wireUserSummary.safeParse({ id }).success).toBe(false);
    },
  );

  it('reads the documented Users List object, `{ users: [...] }`, and an empty one', () => {
    expect(wireSearchPage.parse({ users: [{ id: 7 }, { id: '8' }] }).map((user) => user.id)).toEqual(['7', '8']);
    expect(wireSearchPage.parse({ users: [] })).toEqual([]);
  });

  it('still reads a bare array (older deployments) and an empty page sent as null or `{ users: null }`', () => {
    expect(wireSearchPage.parse([{ id: 7 }]).map((user) => user.id)).toEqual(['7']);
    expect(wireSearchPage.parse(null)).toEqual([]);
    expect(wireSearchPage.parse({ users: null })).toEqual([]);
  });

  it('refuses an object whose `users` is missing or not a list', () => {
    expect(wireSearchPage.safeParse({ users: { id: 7 } }).success).toBe(false);
    expect(wireSearchPage.safeParse({ items: [] }).success).toBe(false);
  });

  it('maps roles both ways and unknown roles to null', () => {
    expect(toWireRole('TEAM_MANAGER')).toBe('Team Manager');
    expect(toWireRole('TEAM_AGENT')).toBe('Team Agent');
    expect(toWireRole('TEAM_ANALYST')).toBe('Team Analyst');
    expect(toTeamRole('Team Manager')).toBe('TEAM_MANAGER');
    expect(toTeamRole('Team Agent')).toBe('TEAM_AGENT');
    expect(toTeamRole('Team Analyst')).toBe('TEAM_ANALYST');
    expect(toTeamRole('Team Owner')).toBeNull();
  });

  it('maps status and role type, unknown values to null', () => {
    expect([toStatus('active'), toStatus('INACTIVE'), toStatus('suspended'), toStatus(undefined)]).toEqual(['ACTIVE', 'INACTIVE', null, null]);
    expect([toRoleType('Customer Care'), toRoleType('Administrative'), toRoleType('Bot')]).toEqual(['CUSTOMER_CARE', 'ADMINISTRATIVE', null]);
  });

  it.each([
    ['2024-01-02T03:04:05Z', '2024-01-02T03:04:05.000Z'],
    ['2024-01-02T03:04:05.123456Z', '2024-01-02T03:04:05.123Z'],
    ['2024-01-02T03:04:05+02:00', '2024-01-02T01:04:05.000Z'],
    ['2024-01-02T03:04:05-0530', '2024-01-02T08:34:05.000Z'],
    ['2024-01-02 03:04:05', '2024-01-02T03:04:05.000Z'],
    ['2024-01-02T03:04', '2024-01-02T03:04:00.000Z'],
    ['2024-02-30 00:00:00', null],
    ['2024-01-02 25:00:00', null],
    ['yesterday', null],
    ['1700000000', null],
    ['', null],
    [null, null],
  ])('normalises the timestamp %p to %p (UTC unless an offset says otherwise)', (input, expected) => {
    expect(toUtcTimestamp(input)).toBe(expected);
  });
});

describe('toWireCreateBody', () => {
  const input: NewCustomerCareUser = {
    firstName: 'Ana',
    lastName: 'Acosta',
    loginId: 'ana.acosta',
    email: 'ana@example.com',
    password: 'S3cret!pass',
    loginUsingEmail: false,
    privileges: [
      { teamId: '101', role: 'TEAM_AGENT' },
      { teamId: '104', role: 'TEAM_ANALYST' },
    ],
  };

  it('writes snake_case fields, team ids as integers, and omits optionals that were not given', () => {
    expect(toWireCreateBody(input)).toEqual({
      first_name: 'Ana',
      last_name: 'Acosta',
      login_id: 'ana.acosta',
      email_id: 'ana@example.com',
      password: 'S3cret!pass',
      login_using_email: false,
      privileges: [
        { teamid: 101, role: 'Team Agent' },
        { teamid: 104, role: 'Team Analyst' },
      ],
    });
    expect(Object.keys(toWireCreateBody(input))).not.toContain('job_description');
  });

  it('passes the optional fields through when given', () => {
    const body = toWireCreateBody({ ...input, jobDescription: 'Lead', skillAttributes: { location: 'Lima' }, activeChats: 0 });
    expect(body).toMatchObject({ job_description: 'Lead', skill_attributes: { location: 'Lima' }, active_chats: 0 });
  });

  it.each(['0', '-1', 'abc', '1.5', '99999999999999999'])('refuses the team id %p with BAD_USER_INPUT', (teamId) => {
    let caught: unknown;
    try {
      toWireCreateBody({ ...input, privileges: [{ teamId, role: 'TEAM_AGENT' }] });
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(GatewayError);
    expect((caught as GatewayError).code).toBe(ErrorCode.BAD_USER_INPUT);
  });
});
