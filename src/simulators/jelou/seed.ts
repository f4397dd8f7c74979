import { groupRoomOf, hashId, widgetRoom, widgetUserOf, type JelouData, type SimBot, type SimRoom, type SimWidgetUser } from './state.js';

/**
 * A small, deterministic Jelou tenant: one company, its widget bot with three existing widget users
 * (so a "get" is visible on a fresh start), and two bots whose credentials fail the way Jelou's do:
 * one disabled (403 forbidden_bot) and one deleted (404 bot_not_found). Timestamps are relative to the
 * simulator's clock, so a fixed `now` gives identical data on every run.
 */
export const SEED_COMPANY = { id: 135, name: 'Acme Retail' };

/** A UUID-shaped id derived from a name, like the UUIDs Jelou gives bots. */
function uuidOf(name: string): string {
  const hex = hashId(`bot:${name}`, 32);
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-a${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

export const SEED_BOT_ID = uuidOf('acme-widget');
export const SEED_DISABLED_BOT_ID = uuidOf('acme-disabled');
export const SEED_DELETED_BOT_ID = uuidOf('acme-deleted');

/** Existing widget users of the active bot: caller id → names. */
export const SEED_USERS: ReadonlyArray<{ referenceId: string; names: string; legalId?: string; daysAgo: number }> = [
  { referenceId: 'web-0001', names: 'Ana Acosta', legalId: '0912345678', daysAgo: 30 },
  { referenceId: 'web-0002', names: 'Bruno Benítez', daysAgo: 12 },
  { referenceId: 'crm-7f3a9c', names: 'Carla Castro', legalId: 'AB-00042', daysAgo: 2 },
];

const DAY_MS = 24 * 60 * 60 * 1000;

export function seedJelou(now: number): JelouData {
  const bots: SimBot[] = [
    { id: SEED_BOT_ID, name: 'Acme Assistant', companyId: SEED_COMPANY.id, state: 'active' },
    { id: SEED_DISABLED_BOT_ID, name: 'Acme Legacy Bot', companyId: SEED_COMPANY.id, state: 'disabled' },
    { id: SEED_DELETED_BOT_ID, name: 'Acme Test Bot', companyId: SEED_COMPANY.id, state: 'deleted' },
  ];
  const bot = bots[0] as SimBot;
  const users: SimWidgetUser[] = [];
  const rooms: SimRoom[] = [];
  SEED_USERS.forEach((seed, index) => {
    const at = new Date(now - seed.daysAgo * DAY_MS).toISOString();
    const room = widgetRoom(bot, seed.referenceId, seed.names, at);
    const groupRoom = groupRoomOf(bot, seed.referenceId, seed.names, at);
    rooms.push(room, groupRoom);
    users.push(
      widgetUserOf(bot, { referenceId: seed.referenceId, names: seed.names, legalId: seed.legalId }, { room, groupRoom }, 48_101 + index, at),
    );
  });
  return { companies: [{ ...SEED_COMPANY }], bots, users, rooms };
}
