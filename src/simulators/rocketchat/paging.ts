import type { SimResponse } from '../http-kit.js';

/**
 * Paging and sorting as Rocket.Chat's list endpoints do them: `count`/`offset` from the query, a JSON
 * `sort` object, and the database's byte-wise ordering with no tie-breaker.
 */

export const DEFAULT_COUNT = 50;
export const MAX_COUNT = 100;

export type Sort = Array<[string, 1 | -1]>;

/** The answer to a `sort` that is not a JSON object of 1/-1 directions. */
export const invalidSort = (): SimResponse => ({
  status: 400,
  body: { success: false, error: 'Invalid sort parameter provided', errorType: 'error-invalid-sort' },
});

/** The query's `sort`, `fallback` when absent, or 'invalid'. */
export function parseSort(raw: string | null, fallback: Sort): Sort | 'invalid' {
  if (raw === null) return fallback;
  try {
    const parsed: unknown = JSON.parse(raw);
    if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) return 'invalid';
    const entries = Object.entries(parsed);
    if (entries.some(([, direction]) => direction !== 1 && direction !== -1)) return 'invalid';
    return entries as Sort;
  } catch {
    return 'invalid';
  }
}

/**
 * The database's ordering: missing values first, strings compared byte by byte in UTF-8 (so "Úrsula"
 * sorts after "Zacarías", upper case before lower case), and ties left in whatever order they came.
 * Numbers and booleans compare by value.
 */
export function compareBy<T extends object>(sort: Sort): (a: T, b: T) => number {
  return (a, b) => {
    for (const [field, direction] of sort) {
      const left = (a as Record<string, unknown>)[field];
      const right = (b as Record<string, unknown>)[field];
      if (left === right) continue;
      if (left === undefined || left === null) return -direction;
      if (right === undefined || right === null) return direction;
      if (typeof left === 'number' && typeof right === 'number') return (left < right ? -1 : 1) * direction;
      if (typeof left === 'boolean' && typeof right === 'boolean') return (left ? 1 : -1) * direction;
      const order = Buffer.compare(Buffer.from(String(left)), Buffer.from(String(right)));
      if (order !== 0) return order * direction;
    }
    return 0;
  };
}

/**
 * The server's `getPaginationItems`: `parseInt` of each (so `1.5` is 1), offset 0 and count 50 by
 * default, count capped at 100, and `count=0` read as the default (only some routes may ask for "all").
 */
export function paginationOf(query: URLSearchParams): { offset: number; count: number } {
  const offset = parseInt(query.get('offset') ?? '0', 10);
  const count = parseInt(query.get('count') ?? String(DEFAULT_COUNT), 10);
  return {
    offset: Number.isNaN(offset) || offset < 0 ? 0 : offset,
    count: Number.isNaN(count) || count <= 0 ? DEFAULT_COUNT : Math.min(count, MAX_COUNT),
  };
}
