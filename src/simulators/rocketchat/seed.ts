import type { RocketChatData, SimUser } from './state.js';

/**
 * A realistic, deterministic workspace: dozens of agents with mixed presence and Livechat status, a few
 * managers (one of them also an agent), a bot agent, departments, plain users who can be registered,
 * and the odd values real servers hold (no name, no e-mail, `''` chat limits, string limits).
 */
export const SERVICE_ACCOUNT_USERNAME = 'gateway.service';

const FIRST_NAMES = [
  'Ana', 'Bruno', 'Carla', 'Diego', 'Elena', 'Felipe', 'Gabriela', 'Hugo', 'Isabel', 'Javier',
  'Karina', 'Luis', 'Mariana', 'Nicolás', 'Olivia', 'Pablo', 'Quintina', 'Rafael', 'Sofía', 'Tomás',
  'Úrsula', 'Valentina', 'Walter', 'Ximena', 'Yolanda', 'Zacarías',
];
const LAST_NAMES = ['Acosta', 'Benítez', 'Castro', 'Domínguez', 'Espinoza', 'Flores', 'García', 'Herrera', 'Ibarra'];
const STATUSES = ['online', 'online', 'away', 'busy', 'offline', 'offline'] as const;
const DEPARTMENTS = ['Sales', 'Support', 'Billing', 'Onboarding', 'VIP'];

/** Rocket.Chat's `Random.id()` alphabet: 17 characters without look-alikes. */
const ID_ALPHABET = '23456789ABCDEFGHJKLMNPQRSTWXYZabcdefghijkmnopqrstuvwxyz';

/** mulberry32: a tiny seeded PRNG, so every run serves the same workspace. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function randomId(random: () => number): string {
  let id = '';
  for (let i = 0; i < 17; i += 1) id += ID_ALPHABET[Math.floor(random() * ID_ALPHABET.length)];
  return id;
}

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
  const departments = DEPARTMENTS.map((name) => ({ _id: randomId(random), name }));
  const departmentAgents = new Map<string, Set<string>>(departments.map((d) => [d._id, new Set<string>()]));

  users.push({
    _id: randomId(random),
    username: SERVICE_ACCOUNT_USERNAME,
    name: 'Chat Gateway',
    status: 'online',
    emails: [{ address: 'gateway@example.com', verified: true }],
    roles: ['user', 'livechat-manager', 'bot'],
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
    for (let d = 0; d < memberships; d += 1) departmentAgents.get(pick(departments)._id)?.add(user._id);
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

  return { users, departments, departmentAgents };
}

function pickChatLimit(random: () => number): SimUser['livechat'] {
  const roll = random();
  if (roll < 0.3) return null;
  if (roll < 0.55) return { maxNumberSimultaneousChat: '' };
  if (roll < 0.65) return { maxNumberSimultaneousChat: String(2 + Math.floor(random() * 4)) };
  return { maxNumberSimultaneousChat: 2 + Math.floor(random() * 6) };
}
