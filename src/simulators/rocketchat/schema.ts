import type { SimResponse } from '../http-kit.js';
import { invalidParams } from './answers.js';

/**
 * The few JSON-schema checks Rocket.Chat's `validateParams` (rest-typings, ajv with `coerceTypes`) runs
 * on request bodies, answering with ajv's first error as `invalid-params`. Ajv's order is kept:
 * `required` (in the schema's order), then `additionalProperties`, then each property's type in the
 * schema's order. Coercion is ajv's: `"true"`/`"false"`/1/0/null to booleans, numbers, booleans and null
 * to strings — the coerced value is what the route then sees, as on the server.
 */
export type FieldSchema =
  | { type: 'string' | 'boolean' | 'object' }
  | { type: 'array'; items: 'string' }
  | { type: 'string'; enum: readonly string[] };

export interface BodySchema {
  required: readonly string[];
  properties: Readonly<Record<string, FieldSchema>>;
}

export function validateBody(body: unknown, schema: BodySchema): { value: Record<string, unknown> } | SimResponse {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) return invalidParams('must be object');
  const value = { ...(body as Record<string, unknown>) };
  for (const key of schema.required) {
    if (!(key in value)) return invalidParams(`must have required property '${key}'`);
  }
  if (Object.keys(value).some((key) => !(key in schema.properties))) return invalidParams('must NOT have additional properties');
  for (const [key, field] of Object.entries(schema.properties)) {
    if (!(key in value)) continue;
    const checked = checkField(value[key], field, `/${key}`);
    if ('message' in checked) return invalidParams(checked.message);
    value[key] = checked.value;
  }
  return { value };
}

function checkField(raw: unknown, field: FieldSchema, path: string): { value: unknown } | { message: string } {
  if (field.type === 'array') {
    if (!Array.isArray(raw)) return { message: `${path} must be array` };
    const items: unknown[] = [];
    for (const [index, item] of raw.entries()) {
      const coerced = toStringValue(item);
      if (coerced === undefined) return { message: `${path}/${index} must be string` };
      items.push(coerced);
    }
    return { value: items };
  }
  if (field.type === 'object') {
    return typeof raw === 'object' && raw !== null && !Array.isArray(raw) ? { value: raw } : { message: `${path} must be object` };
  }
  if (field.type === 'boolean') {
    const coerced = toBooleanValue(raw);
    return coerced === undefined ? { message: `${path} must be boolean` } : { value: coerced };
  }
  const coerced = toStringValue(raw);
  if (coerced === undefined) return { message: `${path} must be string` };
  if ('enum' in field && !field.enum.includes(coerced)) return { message: `${path} must be equal to one of the allowed values` };
  return { value: coerced };
}

function toStringValue(raw: unknown): string | undefined {
  if (typeof raw === 'string') return raw;
  if (typeof raw === 'number' || typeof raw === 'boolean') return String(raw);
  if (raw === null) return '';
  return undefined;
}

function toBooleanValue(raw: unknown): boolean | undefined {
  if (typeof raw === 'boolean') return raw;
  if (raw === 'true' || raw === 1) return true;
  if (raw === 'false' || raw === 0 || raw === null) return false;
  return undefined;
}

/**
 * A nested JSON schema as rest-typings writes them (`type`, `nullable`, `properties`, `required`,
 * `additionalProperties`, `items`), for bodies `validateBody` cannot describe. Checked in ajv's order
 * (per object: `required`, then `additionalProperties`, then each present property in the schema's
 * order), stopping at the first error, with ajv's messages prefixed by the value's JSON pointer.
 */
export type JsonSchema =
  | { type: 'string' | 'boolean' | 'number'; nullable?: boolean }
  | { type: 'array'; items: JsonSchema; nullable?: boolean }
  | {
      type: 'object';
      properties: Readonly<Record<string, JsonSchema>>;
      required?: readonly string[];
      additionalProperties: boolean;
      nullable?: boolean;
    };

/** The value as ajv (with `coerceTypes`) leaves it, or the `invalid-params` answer to its first error. */
export function validateJson(value: unknown, schema: JsonSchema): { value: unknown } | SimResponse {
  const checked = checkJson(value, schema, '');
  return 'message' in checked ? invalidParams(checked.message) : checked;
}

function checkJson(raw: unknown, schema: JsonSchema, path: string): { value: unknown } | { message: string } {
  const at = (message: string) => ({ message: path ? `${path} ${message}` : message });
  if (raw === null && schema.nullable === true) return { value: null };
  switch (schema.type) {
    case 'string': {
      const coerced = toStringValue(raw);
      return coerced === undefined ? at('must be string') : { value: coerced };
    }
    case 'boolean': {
      const coerced = toBooleanValue(raw);
      return coerced === undefined ? at('must be boolean') : { value: coerced };
    }
    case 'number': {
      const coerced = toNumberValue(raw);
      return coerced === undefined ? at('must be number') : { value: coerced };
    }
    case 'array': {
      if (!Array.isArray(raw)) return at('must be array');
      const items: unknown[] = [];
      for (const [index, item] of raw.entries()) {
        const checked = checkJson(item, schema.items, `${path}/${index}`);
        if ('message' in checked) return checked;
        items.push(checked.value);
      }
      return { value: items };
    }
    case 'object': {
      if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) return at('must be object');
      const value = { ...(raw as Record<string, unknown>) };
      for (const key of schema.required ?? []) {
        if (!(key in value)) return at(`must have required property '${key}'`);
      }
      if (!schema.additionalProperties && Object.keys(value).some((key) => !(key in schema.properties))) {
        return at('must NOT have additional properties');
      }
      for (const [key, property] of Object.entries(schema.properties)) {
        if (!(key in value)) continue;
        const checked = checkJson(value[key], property, `${path}/${key}`);
        if ('message' in checked) return checked;
        value[key] = checked.value;
      }
      return { value };
    }
  }
}

/** ajv's coercion to number: numeric text, booleans (1/0) and null (0). */
function toNumberValue(raw: unknown): number | undefined {
  if (typeof raw === 'number') return raw;
  if (typeof raw === 'boolean') return raw ? 1 : 0;
  if (raw === null) return 0;
  if (typeof raw === 'string' && raw.trim() !== '' && Number.isFinite(Number(raw))) return Number(raw);
  return undefined;
}
