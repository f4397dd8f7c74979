import type { RoomModel, WidgetUserModel } from './models.js';
import type { WidgetUserData, WireRoom } from './wire.js';

/** Pure wire→model mapping for Jelou widget users; tolerant of the loose values real servers send. */
export function toWidgetUser(data: WidgetUserData): WidgetUserModel {
  const user = data.User;
  return {
    // The caller's id: the wire schema guarantees one of the two is present.
    id: toId(user.referenceId) ?? toId(user.id) ?? '',
    names: nonEmpty(user.names),
    botId: nonEmpty(user.botId),
    companyId: toInteger(user.companyId),
    roomId: nonEmpty(user.roomId),
    groupRoomId: nonEmpty(user.groupRoomId),
    createdAt: toTimestamp(user.createdAt),
    updatedAt: toTimestamp(user.updatedAt),
    room: data.Room ? toRoom(data.Room) : null,
    groupRoom: data.groupRoom ? toRoom(data.groupRoom) : null,
  };
}

export function toRoom(room: WireRoom): RoomModel {
  return {
    // `id` is the room's public id (`G:<botId>:<referenceId>`); `_id` the database one, a fallback.
    id: toId(room.id) ?? toId(room._id) ?? '',
    name: nonEmpty(room.name),
    type: nonEmpty(room.type),
    kind: nonEmpty(room.kind),
    channel: nonEmpty(room.channel),
    channelProvider: nonEmpty(room.channelProvider),
    avatarUrl: nonEmpty(room.avatarUrl),
    memberIds: (room.members ?? []).map(memberId).filter((id): id is string => id !== null),
    tags: (room.tags ?? []).filter((tag): tag is string => typeof tag === 'string'),
    deleted: toBoolean(room.deleted),
    lastMessageAt: toTimestamp(room.lastMessageAt),
    createdAt: toTimestamp(room.createdAt),
    updatedAt: toTimestamp(room.updatedAt),
  };
}

/** Numbers below this are epoch seconds, above it epoch milliseconds (1e11 ms is 1973; 1e11 s is year 5138). */
const SECONDS_LIMIT = 1e11;
/** ISO 8601 date-times, with or without zone (a zoneless one is read as UTC, as Mongo writes them). */
const ISO_DATE_TIME = /^(\d{4}-\d{2}-\d{2})(?:[T ](\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?)(Z|[+-]\d{2}:?\d{2})?)?$/;

/**
 * A timestamp as an ISO 8601 UTC string, or null when absent or unreadable. Accepts ISO strings, epoch
 * seconds or milliseconds (as numbers or digit strings) and Mongo's extended JSON `{ $date: … }`.
 * Other formats are refused rather than guessed: `Date.parse` reads locale formats differently per engine.
 */
export function toTimestamp(value: unknown): string | null {
  if (typeof value === 'object' && value !== null && '$date' in value) return toTimestamp(value.$date);
  if (typeof value === 'number') return fromEpoch(value);
  if (typeof value !== 'string') return null;
  const trimmed = value.trim();
  if (/^\d+$/.test(trimmed)) return fromEpoch(Number(trimmed));
  const match = ISO_DATE_TIME.exec(trimmed);
  if (!match) return null;
  const [, date, time, zone] = match;
  const normalised = time === undefined ? `${date}T00:00:00Z` : `${date}T${time}${zone ?? 'Z'}`;
  return fromEpoch(Date.parse(normalised.replace(/([+-]\d{2})(\d{2})$/, '$1:$2')));
}

function fromEpoch(value: number): string | null {
  if (!Number.isFinite(value) || value < 0) return null;
  const ms = value < SECONDS_LIMIT ? value * 1000 : value;
  const date = new Date(ms);
  return Number.isNaN(date.getTime()) ? null : date.toISOString();
}

/** An integer id sent as a number or a digit string (`135`, `"135"`); anything else is null. */
export function toInteger(value: number | string | null | undefined): number | null {
  if (value === null || value === undefined) return null;
  const number = typeof value === 'number' ? value : /^\s*-?\d+\s*$/.test(value) ? Number(value) : NaN;
  return Number.isSafeInteger(number) ? number : null;
}

/** A member given as an id, or as an object carrying `id` or `_id`; only string ids are kept. */
export function memberId(member: unknown): string | null {
  if (typeof member === 'string') return member === '' ? null : member;
  if (typeof member !== 'object' || member === null) return null;
  const { id, _id } = member as { id?: unknown; _id?: unknown };
  if (typeof id === 'string' && id !== '') return id;
  if (typeof _id === 'string' && _id !== '') return _id;
  return null;
}

function toBoolean(value: boolean | string | null | undefined): boolean | null {
  if (value === true || value === 'true') return true;
  if (value === false || value === 'false') return false;
  return null;
}

function toId(value: string | number | null | undefined): string | null {
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : null;
  return nonEmpty(value);
}

function nonEmpty(value: string | null | undefined): string | null {
  return value === undefined || value === null || value === '' ? null : value;
}
