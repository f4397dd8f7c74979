import type { SimResponse } from '../http-kit.js';
import { matchError } from './answers.js';

/**
 * Meteor's `check(value, pattern)` (packages/check/match.js), for the handlers that run it after the
 * route's permission check. Only the patterns Rocket.Chat's department code uses, with Meteor's own
 * messages and quirks:
 * - an object pattern checks the value's keys in the value's order, then reports the first required key
 *   missing (in the pattern's order); a key not in the pattern is `Unknown key` unless the pattern is
 *   `Match.ObjectIncluding`;
 * - a key declared `Match.Optional(p)` or `Match.Maybe(p)` may be absent, but when present is tested
 *   against `p` itself — so `{agents: null}` fails `agents: Match.Maybe(Array)`;
 * - a constructor pattern (`Array`) fails with just `Expected Array`;
 * - `Match.OneOf` (and `Maybe`/`Optional` outside an object) fails with one fixed text.
 */
export type Pattern =
  | { kind: 'string' }
  | { kind: 'boolean' }
  | { kind: 'integer' }
  | { kind: 'undefined' }
  | { kind: 'null' }
  /** A constructor: `value instanceof Array`. */
  | { kind: 'constructor'; name: 'Array' }
  /** `[p]`: an array whose every item matches `p`. */
  | { kind: 'arrayOf'; item: Pattern }
  | { kind: 'oneOf'; choices: readonly Pattern[] }
  /** `Match.Optional(p)` (`nullable: false`) or `Match.Maybe(p)` (`nullable: true`). */
  | { kind: 'optional'; inner: Pattern; nullable: boolean }
  /** `{...}` (`including: false`) or `Match.ObjectIncluding({...})`; `Object` is `ObjectIncluding({})`. */
  | { kind: 'object'; keys: Readonly<Record<string, Pattern>>; including: boolean };

export const Match = {
  String: { kind: 'string' },
  Boolean: { kind: 'boolean' },
  Integer: { kind: 'integer' },
  Array: { kind: 'constructor', name: 'Array' },
  Object: { kind: 'object', keys: {}, including: true },
  arrayOf: (item: Pattern): Pattern => ({ kind: 'arrayOf', item }),
  oneOf: (...choices: Pattern[]): Pattern => ({ kind: 'oneOf', choices }),
  optional: (inner: Pattern): Pattern => ({ kind: 'optional', inner, nullable: false }),
  maybe: (inner: Pattern): Pattern => ({ kind: 'optional', inner, nullable: true }),
  object: (keys: Record<string, Pattern>): Pattern => ({ kind: 'object', keys, including: false }),
  objectIncluding: (keys: Record<string, Pattern>): Pattern => ({ kind: 'object', keys, including: true }),
} as const satisfies Record<string, Pattern | ((...args: never[]) => Pattern)>;

interface Failure {
  message: string;
  path: string;
}

/** `check(value, pattern)`: undefined when it matches, else the 400 a thrown Match.Error becomes. */
export function check(value: unknown, pattern: Pattern): SimResponse | undefined {
  const failed = test(value, pattern);
  if (!failed) return undefined;
  return matchError(failed.path ? `${failed.message} in field ${failed.path}` : failed.message);
}

function test(value: unknown, pattern: Pattern): Failure | undefined {
  switch (pattern.kind) {
    case 'string':
    case 'boolean':
      return typeof value === pattern.kind ? undefined : fail(`Expected ${pattern.kind}, got ${value === null ? 'null' : typeof value}`);
    case 'undefined':
      return value === undefined ? undefined : fail(`Expected undefined, got ${describe(value)}`);
    case 'null':
      return value === null ? undefined : fail(`Expected null, got ${describe(value)}`);
    case 'integer':
      return typeof value === 'number' && (value | 0) === value ? undefined : fail(`Expected Integer, got ${describe(value)}`);
    case 'constructor':
      return Array.isArray(value) ? undefined : fail(`Expected ${pattern.name}`);
    case 'arrayOf': {
      if (!Array.isArray(value)) return fail(`Expected array, got ${describe(value)}`);
      for (const [index, item] of value.entries()) {
        const failed = test(item, pattern.item);
        if (failed) return { message: failed.message, path: prependPath(index, failed.path) };
      }
      return undefined;
    }
    case 'optional':
      return test(value, Match.oneOf({ kind: 'undefined' }, ...(pattern.nullable ? [{ kind: 'null' } as const] : []), pattern.inner));
    case 'oneOf':
      return pattern.choices.some((choice) => !test(value, choice))
        ? undefined
        : fail('Failed Match.OneOf, Match.Maybe or Match.Optional validation');
    case 'object':
      return testObject(value, pattern);
  }
}

function testObject(value: unknown, pattern: Extract<Pattern, { kind: 'object' }>): Failure | undefined {
  if (typeof value !== 'object') return fail(`Expected object, got ${typeof value}`);
  if (value === null) return fail('Expected object, got null');
  if (Array.isArray(value)) return fail('Expected plain object');
  const missing = new Set(Object.keys(pattern.keys).filter((key) => pattern.keys[key]?.kind !== 'optional'));
  for (const [key, item] of Object.entries(value)) {
    const keyPattern = pattern.keys[key];
    if (keyPattern === undefined) {
      if (!pattern.including) return { message: 'Unknown key', path: key };
      continue;
    }
    // A present optional key is tested against the inner pattern alone (null included).
    const failed = test(item, keyPattern.kind === 'optional' ? keyPattern.inner : keyPattern);
    if (failed) return { message: failed.message, path: prependPath(key, failed.path) };
    missing.delete(key);
  }
  const [first] = missing;
  return first === undefined ? undefined : fail(`Missing key '${first}'`);
}

const fail = (message: string): Failure => ({ message, path: '' });

/** Meteor's `stringForErrorMessage` (without `onlyShowType`): the value as EJSON text. */
function describe(value: unknown): string {
  if (value === null) return 'null';
  if (value === undefined) return 'undefined';
  return JSON.stringify(value) ?? typeof value;
}

const JS_KEYWORDS = new Set(
  'do if in for let new try var case else enum eval false null this true void with break catch class const super throw while yield delete export import public return static switch typeof default extends finally package private continue debugger function arguments interface protected implements instanceof'.split(
    ' ',
  ),
);

/** Meteor's `_prependPath`: `[0]` for indexes, `key.sub` for identifiers, `["odd key"]` otherwise. */
function prependPath(key: string | number, base: string): string {
  let head: string;
  if (typeof key === 'number' || /^[0-9]+$/.test(key)) head = `[${key}]`;
  else if (!/^[a-z_$][0-9a-z_$]*$/i.test(key) || JS_KEYWORDS.has(key)) head = JSON.stringify([key]);
  else head = key;
  return base && !base.startsWith('[') ? `${head}.${base}` : head + base;
}
