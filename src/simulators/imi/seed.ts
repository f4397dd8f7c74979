import { hashPassword, type ImiData, type SimImiUser, type SimPrivilege } from './state.js';

/**
 * A deterministic tenant: four teams, 25 Customer Care users and 2 Administrative ones (27 users: three
 * search pages, the last one partial), with a mix of statuses, chat availability and chat counts, and
 * creation dates spread over 2023–2025 so that every search filter selects a meaningful subset.
 * Everything derives from the user's index: no randomness, so every run serves the same tenant.
 *
 * Some people also work on the Rocket.Chat simulator's seed (its e-mails are `<username>@example.com`),
 * so the directory links them into one person: see SEED_EMAILS_SHARED_WITH_ROCKETCHAT.
 */
export const SEED_TEAMS = [
  { id: 101, name: 'Sales' },
  { id: 102, name: 'Support' },
  { id: 103, name: 'Billing' },
  { id: 104, name: 'VIP' },
];

/** The team the gateway uses by default. */
export const DEFAULT_TEAM_ID = '101';
export const SEED_BUSINESS_VALUES = ['Retail', 'Banking', 'Insurance', 'Telecom'];
export const SEED_LOCATIONS = ['Bogota', 'Lima', 'Madrid', 'Mexico City', 'Santiago'];
/** The first seeded id; ids then follow creation order. */
export const FIRST_SEED_ID = 5001;
/** Indexes (0-based, in id order) of the two Administrative users. */
const ADMIN_INDEXES = new Set([2, 14]);

/**
 * Users (by index) who are people of the Rocket.Chat seed: Marta Quiroga is an agent and a manager there,
 * Samuel Ortega a manager, whose address IMI holds in another case (the directory compares e-mails
 * case-insensitively). Ids stay where they were; only these users' names, login ids and e-mails differ.
 */
const ROCKETCHAT_PEOPLE: ReadonlyMap<number, { first: string; last: string; email?: string }> = new Map([
  [5, { first: 'Marta', last: 'Quiroga' }],
  [17, { first: 'Samuel', last: 'Ortega', email: 'Samuel.Ortega@Example.com' }],
]);

/**
 * The seed's e-mail addresses (lower-cased) that the Rocket.Chat simulator's seed has too. Six match by
 * their names alone (both seeds cycle through the same names); the two above were made to.
 */
export const SEED_EMAILS_SHARED_WITH_ROCKETCHAT: readonly string[] = [
  'ana.acosta@example.com', // Rocket.Chat agent
  'diego.dominguez@example.com', // Rocket.Chat agent; inactive on IMI
  'marta.quiroga@example.com', // Rocket.Chat agent and manager
  'gabriela.garcia@example.com', // Rocket.Chat agent
  'javier.acosta@example.com', // Rocket.Chat agent
  'mariana.dominguez@example.com', // Rocket.Chat agent
  'pablo.garcia@example.com', // Rocket.Chat agent; inactive on IMI
  'samuel.ortega@example.com', // Rocket.Chat manager; IMI holds Samuel.Ortega@Example.com
];

const FIRST_NAMES = [
  'Ana', 'Bruno', 'Carla', 'Diego', 'Elena', 'Felipe', 'Gabriela', 'Hugo', 'Isabel', 'Javier',
  'Karina', 'Luis', 'Mariana', 'Nicolas', 'Olivia', 'Pablo', 'Rafael', 'Sofia', 'Tomas', 'Valentina',
  'Walter', 'Ximena', 'Yolanda', 'Zoe', 'Andres', 'Beatriz', 'Camilo',
];
const LAST_NAMES = ['Acosta', 'Benitez', 'Castro', 'Dominguez', 'Espinoza', 'Flores', 'Garcia', 'Herrera', 'Ibarra'];
const ROLES: SimPrivilege['role'][] = ['Team Agent', 'Team Agent', 'Team Manager', 'Team Agent', 'Team Analyst'];
const JOBS = ['Customer care agent', 'Team lead', 'Quality analyst', null];

const DAY_MS = 86_400_000;
const START = Date.UTC(2023, 0, 10, 9, 15, 0);

export function seedImi(): ImiData {
  const users: SimImiUser[] = [];
  for (let i = 0; i < 27; i += 1) {
    const shared = ROCKETCHAT_PEOPLE.get(i);
    const first = shared?.first ?? (FIRST_NAMES[i] as string);
    const last = shared?.last ?? (LAST_NAMES[(i * 4) % LAST_NAMES.length] as string);
    const login = `${first}.${last}`.toLowerCase();
    const admin = ADMIN_INDEXES.has(i);
    const active = i % 4 !== 3;
    // One user every ~5 weeks from January 2023: 27 users reach into mid-2025.
    const createdAt = START + i * 35 * DAY_MS + (i % 7) * 3_600_000;
    users.push({
      id: FIRST_SEED_ID + i,
      createdAt,
      updatedAt: createdAt + (i % 5) * 9 * DAY_MS + (i % 3) * 60_000,
      first_name: first,
      last_name: last,
      login_id: login,
      email_id: shared?.email ?? `${login}@example.com`,
      status: active ? 'active' : 'inactive',
      logged_in: active && i % 2 === 1,
      job_description: admin ? 'Administrator' : (JOBS[i % JOBS.length] ?? null),
      login_using_email: i % 2 === 0,
      role_type: admin ? 'Administrative' : 'Customer Care',
      accepting_chats: active && i % 3 !== 0,
      skill_attributes:
        admin || i % 6 === 5
          ? {}
          : { business: SEED_BUSINESS_VALUES[i % SEED_BUSINESS_VALUES.length], location: SEED_LOCATIONS[i % SEED_LOCATIONS.length] },
      active_chats: active ? i % 6 : 0,
      // Administrative users are tenant-level: no team privileges.
      privileges: admin ? [] : privilegesOf(i),
      passwordHash: hashPassword(`seed-password-${i}`, `seed${i}`),
    });
  }
  return { teams: SEED_TEAMS.map((team) => ({ ...team })), users, businessValues: [...SEED_BUSINESS_VALUES], locations: [...SEED_LOCATIONS] };
}

function privilegesOf(i: number): SimPrivilege[] {
  const team = SEED_TEAMS[i % SEED_TEAMS.length] as { id: number };
  const main: SimPrivilege = { teamid: team.id, role: ROLES[i % ROLES.length] as SimPrivilege['role'] };
  // Every fourth user also analyses the VIP team.
  return i % 4 === 1 && team.id !== 104 ? [main, { teamid: 104, role: 'Team Analyst' }] : [main];
}
