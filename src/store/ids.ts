import { randomUUID } from 'node:crypto';

/**
 * Row ids are UUIDs made here (PGlite would need an extension for gen_random_uuid). Ids that arrive from
 * callers are checked before they reach a query: PostgreSQL refuses a malformed uuid with an error, and
 * "no such row" is the honest answer to `person(id: "abc")`.
 */
export const newId = (): string => randomUUID();

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export const isUuid = (value: string): boolean => UUID.test(value);
