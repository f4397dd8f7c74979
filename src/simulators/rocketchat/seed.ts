import { randomId, seededRandom } from './ids.js';
import type { RocketChatData, SimDepartment, SimDepartmentAgent, SimUser } from './state.js';

export { randomId, seededRandom } from './ids.js';

/**
 * A realistic, deterministic workspace: dozens of agents with mixed presence and Livechat status, a few
 * managers (one of them also an agent), a bot agent, plain users who can be registered, and the odd
 * values real servers hold (no name, no e-mail, `''` chat limits, string limits). Five departments (VIP
 * disabled) of at least two agents each, with routing weights (`count`, `order`) on some memberships,
 * plus an archived one ("Legacy", one agent). The service account is an admin too: the gateway creates
 * and (de)activates users.
 *
 * Users and the five departments' ids come from one PRNG in a fixed order that other tests rely on;
 * everything added since draws from a second one, so those ids never move.
 */
export const SERVICE_ACCOUNT_USERNAME = 'gateway.service';

const FIRST_NAMES = [
  'Ana', 'Bruno', 'Carla', 'Diego', 'Elena', 'Felipe', 'Gabriela', 'Hugo', 'Isabel', 'Javier',
  'Karina', 'Luis', 'Mariana', 'Nicolás', 'Olivia', 'Pablo', 'Quintina', 'Rafael', 'Sofía', 'Tomás',
  'Úrsula', 'Valentina', 'Walter', 'Ximena', 'Yolanda', 'Zacarías',
];
const LAST_NAMES = ['Acosta', 'Benítez', 'Castro', 'Domínguez', 'Espinoza', 'Flores', 'García', 'Herrera', 'Ibarra'];
const STATUSES = ['online', 'online', 'away', 'busy', 'offline', 'offline'] as const;
/**
 * The five live departments, in the order their ids are drawn (which fixes every later draw). VIP is
 * disabled; descriptions, e-mails and the registration/offline-form flags vary as on a real install.
 */
const DEPARTMENTS: ReadonlyArray<Omit<SimDepartment, '_id' | '_updatedAt'>> = [
  { name: 'Sales', enabled: true, description: 'New business, quotes and upgrades', email: 'sales@example.com', showOnRegistration: true, showOnOfflineForm: true },
  { name: 'Support', enabled: true, description: 'Product help and troubleshooting', email: 'support@example.com', showOnRegistration: true, showOnOfflineForm: true },
  { name: 'Billing', enabled: true, description: 'Invoices, payments and refunds', showOnRegistration: false, showOnOfflineForm: true },
  { name: 'Onboarding', enabled: true, showOnRegistration: true, showOnOfflineForm: false },
  { name: 'VIP', enabled: false, description: 'Key accounts, paused while the team is rebuilt', email: 'vip@example.com', showOnRegistration: false, showOnOfflineForm: false },
];
/** An archived department: left out of the department list unless `showArchived=true`, still found by id. */
const ARCHIVED_DEPARTMENT: Omit<SimDepartment, '_id' | '_updatedAt'> = {
  name: 'Legacy',
  enabled: false,
  description: 'The old phone queue, kept for its history',
  showOnRegistration: false,
  showOnOfflineForm: false,
  archived: true,
};
/** Who sits in the archived department (an agent that exists in every seed). */
const ARCHIVED_DEPARTMENT_AGENT = 'legacy.import';
/** A department with fewer agents than this gets the first agents not yet in it. */
const MIN_AGENTS_PER_DEPARTMENT = 2;
const SEED_TIME = Date.UTC(2024, 2, 4, 12, 0, 0);
const DAY_MS = 86_400_000;

function slug(text: string): string {
  return text
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase();
}

export function seedRocketChat(seed = 42): RocketChatData {
  const random = seededRandom(seed);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)] as T;
  const users: SimUser[] = [];
  // Ids are drawn from `random` first, in this order: every later draw, and so every seeded user, depends on it.
  const departments: SimDepartment[] = DEPARTMENTS.map((fields, index) => ({
    _id: randomId(random),
    ...fields,
    _updatedAt: new Date(SEED_TIME - (index + 1) * 7 * DAY_MS).toISOString(),
  }));
  /** (department id, agent id) in the order the memberships were drawn; duplicates dropped later. */
  const drawn: Array<[string, string]> = [];
  users.push({
    _id: randomId(random),
    username: SERVICE_ACCOUNT_USERNAME,
    name: 'Chat Gateway',
    status: 'online',
    emails: [{ address: 'gateway@example.com', verified: true }],
    roles: ['user', 'livechat-manager', 'bot', 'admin'],
    utcOffset: 0,
  });

  // 44 agents: names cycle through the lists so usernames stay unique and readable.
  for (let i = 0; i < 44; i += 1) {
    const first = FIRST_NAMES[i % FIRST_NAMES.length] as string;
    const last = LAST_NAMES[(i * 7) % LAST_NAMES.length] as string;
    const username = `${slug(first)}.${slug(last)}${i >= FIRST_NAMES.length ? i : ''}`;
    const status = pick(STATUSES);
    const user: SimUser = {
      _id: randomId(random),
      username,
      name: `${first} ${last}`,
      status,
      statusLivechat: status === 'offline' || random() < 0.2 ? 'not-available' : 'available',
      emails: [{ address: `${username}@example.com`, verified: random() < 0.8 }],
      livechat: pickChatLimit(random),
      roles: ['user', 'livechat-agent'],
    };
    users.push(user);
    const memberships = Math.floor(random() * 3);
    for (let d = 0; d < memberships; d += 1) drawn.push([pick(departments)._id, user._id]);
  }

  // The odd ones real servers hold.
  users.push(
    { _id: randomId(random), username: 'dialog.bot', name: 'Dialog Bot', status: 'offline', statusLivechat: 'not-available', emails: [{ address: 'dialog.bot@example.com', verified: true }], livechat: null, roles: ['bot', 'livechat-agent'] },
    { _id: randomId(random), username: 'no.name', status: 'online', statusLivechat: 'available', roles: ['user', 'livechat-agent'] },
    { _id: randomId(random), username: 'legacy.import', name: 'Legacy Import', roles: ['user', 'livechat-agent'], livechat: { maxNumberSimultaneousChat: '3' } },
  );

  // Managers: three people, the first of whom is also an agent.
  const managerNames = ['Marta Quiroga', 'Samuel Ortega', 'Renata Vidal'];
  managerNames.forEach((name, index) => {
    const username = slug(name).replace(' ', '.');
    users.push({
      _id: randomId(random),
      username,
      name,
      status: index === 2 ? 'offline' : 'online',
      statusLivechat: 'available',
      emails: [{ address: `${username}@example.com`, verified: true }],
      livechat: index === 0 ? { maxNumberSimultaneousChat: 8 } : null,
      utcOffset: -3,
      roles: index === 0 ? ['user', 'livechat-manager', 'livechat-agent'] : ['user', 'livechat-manager'],
    });
  });

  // Plain users without a Livechat role: candidates for registerAgent.
  for (const name of ['Camila Rojas', 'Daniel Peña', 'Emilia Soto', 'Federico Lara', 'Gloria Méndez']) {
    const username = slug(name).replace(' ', '.');
    users.push({
      _id: randomId(random),
      username,
      name,
      status: 'offline',
      emails: [{ address: `${username}@example.com`, verified: false }],
      roles: ['user'],
    });
  }

  // Everything below draws from a second PRNG, so the users above stay what they always were.
  const extra = seededRandom(seed ^ 0x5eed);
  const archived: SimDepartment = { _id: randomId(extra), ...ARCHIVED_DEPARTMENT, _updatedAt: new Date(SEED_TIME - 400 * DAY_MS).toISOString() };
  users.forEach((user, index) => {
    user.createdAt = new Date(SEED_TIME - (500 - index) * DAY_MS).toISOString();
    if (user.roles.includes('bot') && user.username !== SERVICE_ACCOUNT_USERNAME) user.type = 'bot';
  });
  const departmentAgents = seedMemberships(departments, users, drawn, extra);
  const legacyAgent = users.find((user) => user.username === ARCHIVED_DEPARTMENT_AGENT) as SimUser;
  departmentAgents.push(departmentMembership(archived, legacyAgent, { random: extra }));

  return { users, departments: [...departments, archived], departmentAgents, businessHoursOpen: true };
}

/**
 * The drawn memberships as LivechatDepartmentAgents rows, grouped by department (so each agent's
 * department ids keep the seed's department order), each department topped up to two agents. Some rows
 * get a non-zero `count` (chats taken) and every department's agents an increasing `order`.
 */
function seedMemberships(departments: SimDepartment[], users: SimUser[], drawn: Array<[string, string]>, random: () => number): SimDepartmentAgent[] {
  const agents = users.filter((user) => user.roles.includes('livechat-agent') && user.username !== ARCHIVED_DEPARTMENT_AGENT);
  const rows: SimDepartmentAgent[] = [];
  for (const department of departments) {
    const members = [...new Set(drawn.filter(([id]) => id === department._id).map(([, agentId]) => agentId))];
    for (const agent of agents) {
      if (members.length >= MIN_AGENTS_PER_DEPARTMENT) break;
      if (!members.includes(agent._id)) members.push(agent._id);
    }
    members.forEach((agentId, order) => {
      const count = random() < 0.4 ? 1 + Math.floor(random() * 12) : 0;
      rows.push(departmentMembership(department, users.find((user) => user._id === agentId) as SimUser, { count, order, random }));
    });
  }
  return rows;
}

/** A membership row for seed data (here, in tests and benchmarks that grow the seed). */
export function departmentMembership(
  department: SimDepartment,
  agent: SimUser,
  { count = 0, order = 0, random = Math.random }: { count?: number; order?: number; random?: () => number } = {},
): SimDepartmentAgent {
  return {
    _id: randomId(random),
    agentId: agent._id,
    departmentId: department._id,
    username: agent.username ?? '',
    count,
    order,
    departmentEnabled: department.enabled,
    _updatedAt: department._updatedAt,
  };
}

function pickChatLimit(random: () => number): SimUser['livechat'] {
  const roll = random();
  if (roll < 0.3) return null;
  if (roll < 0.55) return { maxNumberSimultaneousChat: '' };
  if (roll < 0.65) return { maxNumberSimultaneousChat: String(2 + Math.floor(random() * 4)) };
  return { maxNumberSimultaneousChat: 2 + Math.floor(random() * 6) };
}
