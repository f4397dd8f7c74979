import { badUserInput } from '../../errors.js';
import type { UserErrorModel } from './user-errors.js';

/**
 * Checks on strings that callers send on to a platform. Whatever reaches an upstream is bounded,
 * free of control characters and well-formed Unicode, so odd input gets a clear refusal here instead
 * of an upstream error (or an upstream surprise).
 */
const CONTROL = /\p{Cc}/u;
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

export const MAX_ID_LENGTH = 128;

/** Why a string cannot be sent as text of at most `maxLength` characters, or undefined when it can. */
export function textIssue(value: string, maxLength: number, options: { allowEmpty?: boolean } = {}): string | undefined {
  if (!options.allowEmpty && value.trim() === '') return 'must not be empty';
  if (value.length > maxLength) return `must be at most ${maxLength} characters`;
  if (CONTROL.test(value)) return 'must not contain control characters';
  if (LONE_SURROGATE.test(value)) return 'must be valid Unicode text';
  return undefined;
}

export const MAX_EMAIL_LENGTH = 254;
/** Deliberately loose (one @, a dot in the domain, no spaces): the platform has the final word. */
const EMAIL = /^[^\s@]+@[^\s@.]+(\.[^\s@.]+)+$/;

/** Whether a (trimmed) string looks like an e-mail address the platforms would take. */
export function isEmailAddress(value: string): boolean {
  return value.length <= MAX_EMAIL_LENGTH && EMAIL.test(value);
}

/** Why a string cannot be a platform id, or undefined when it can. */
export function idIssue(id: string): string | undefined {
  return id === '' || id.length > MAX_ID_LENGTH || CONTROL.test(id) || LONE_SURROGATE.test(id)
    ? `must be 1 to ${MAX_ID_LENGTH} characters without control characters`
    : undefined;
}

/** An id given as a query argument: refused with BAD_USER_INPUT when it cannot be an id. */
export function checkId(id: string, argument: string): string {
  const issue = idIssue(id);
  if (issue) throw badUserInput(`${argument} ${issue}.`);
  return id;
}

/** Collects INVALID_INPUT userErrors for one mutation input. */
export class InputProblems {
  readonly list: UserErrorModel[] = [];

  add(field: string[], message: string): void {
    this.list.push({ code: 'INVALID_INPUT', message, field });
  }

  /** Checks a text field; `label` names it in the message ("The first name …"). */
  text(field: string[], label: string, value: string, maxLength: number, options: { allowEmpty?: boolean } = {}): void {
    const issue = textIssue(value, maxLength, options);
    if (issue !== undefined) this.add(field, `${label} ${issue}.`);
  }

  get empty(): boolean {
    return this.list.length === 0;
  }
}
