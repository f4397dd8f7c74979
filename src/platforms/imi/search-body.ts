import type { CountRange, CustomerCareUserSearch, DateRange } from './models.js';
import { badUserInput } from '../../errors.js';
import { toUtcTimestamp, toWireStatus } from './mapping.js';

/**
 * THE one place the body of `POST /v3.1/users/search` is written.
 *
 * IMI documents which filters exist (status eq; created_at / updated_at eq, lt, gt, lte, gte;
 * accepting_chats eq; active_chats lt, gt, lte, gte) but not how they are spelled in the body. This
 * project's chosen syntax — unverified against the platform, so kept swappable here and nowhere else —
 * is one operator object per field under `filters`:
 *
 * ```json
 * { "filters": { "status": { "eq": "active" }, "created_at": { "gte": "2024-01-01T00:00:00Z" },
 *                "accepting_chats": { "eq": true }, "active_chats": { "lt": 3 } } }
 * ```
 *
 * Only filters that constrain something are present: an empty search is `{ "filters": {} }`. The
 * simulator parses exactly this syntax and refuses anything else with 3115, so a change here that the
 * simulator does not follow fails the contract tests.
 */
export function toSearchBody(search: CustomerCareUserSearch): unknown {
  const filters: Record<string, unknown> = {};
  if (search.status !== undefined) filters.status = { eq: toWireStatus(search.status) };
  const createdAt = dateOperators(search.createdAt, 'createdAt');
  if (createdAt) filters.created_at = createdAt;
  const updatedAt = dateOperators(search.updatedAt, 'updatedAt');
  if (updatedAt) filters.updated_at = updatedAt;
  if (search.acceptingChats !== undefined) filters.accepting_chats = { eq: search.acceptingChats };
  const activeChats = countOperators(search.activeChats);
  if (activeChats) filters.active_chats = activeChats;
  return { filters };
}

const DATE_OPERATORS = ['eq', 'lt', 'gt', 'lte', 'gte'] as const;
const COUNT_OPERATORS = ['lt', 'gt', 'lte', 'gte'] as const;

/** Bounds as UTC ISO 8601 (`2024-01-01T00:00:00Z`, milliseconds only when not zero); undefined if none. */
function dateOperators(range: DateRange | undefined, field: string): Record<string, string> | undefined {
  if (range === undefined) return undefined;
  const operators: Record<string, string> = {};
  for (const operator of DATE_OPERATORS) {
    const value = range[operator];
    if (value === undefined) continue;
    const utc = toUtcTimestamp(value);
    if (utc === null) throw badUserInput(`${field}.${operator} must be an ISO 8601 date-time.`);
    operators[operator] = utc.replace('.000Z', 'Z');
  }
  return Object.keys(operators).length === 0 ? undefined : operators;
}

function countOperators(range: CountRange | undefined): Record<string, number> | undefined {
  if (range === undefined) return undefined;
  const operators: Record<string, number> = {};
  for (const operator of COUNT_OPERATORS) {
    const value = range[operator];
    if (value === undefined) continue;
    if (!Number.isSafeInteger(value) || value < 0) throw badUserInput(`activeChats.${operator} must be a whole number ≥ 0.`);
    operators[operator] = value;
  }
  return Object.keys(operators).length === 0 ? undefined : operators;
}
