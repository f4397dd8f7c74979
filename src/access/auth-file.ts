import { readFileSync } from 'node:fs';
import { extname } from 'node:path';
import { parseDocument } from 'yaml';
import type { z } from 'zod';
import { crossFieldProblems } from './auth-file-rules.js';
import { authFileSchema, type AuthFile } from './auth-file-schema.js';

export type {
  ApiKeyEntry,
  AuthFile,
  JwtAlgorithm,
  JwtSettings,
  TenantConnections,
} from './auth-file-schema.js';

/**
 * Reads the auth file (GATEWAY_AUTH_FILE): API keys, tenants, JWT settings. Every problem is reported at
 * once, each as "<path in the file> <rule>", and no message quotes a value from the file — it holds
 * upstream credentials and the JWT secret, and these messages end up in start-up logs.
 */
export class AuthFileError extends Error {
  readonly problems: string[];
  constructor(problems: string[]) {
    super(`Invalid auth file:\n${problems.map((problem) => `  - ${problem}`).join('\n')}`);
    this.name = 'AuthFileError';
    this.problems = problems;
  }
}

export type AuthFileFormat = 'json' | 'yaml';

/** The format a file name asks for (.json, .yaml, .yml), or undefined for any other extension. */
export function authFileFormat(path: string): AuthFileFormat | undefined {
  const extension = extname(path).toLowerCase();
  if (extension === '.json') return 'json';
  if (extension === '.yaml' || extension === '.yml') return 'yaml';
  return undefined;
}

/** Reads and validates the file at `path`; throws AuthFileError listing every problem. */
export function loadAuthFile(path: string): AuthFile {
  const format = authFileFormat(path);
  if (format === undefined) throw new AuthFileError(['the file name must end in .json, .yaml or .yml']);
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? 'unknown error';
    throw new AuthFileError([`cannot be read (${code})`]);
  }
  return parseAuthFile(text, format);
}

/** Validates the file's text; throws AuthFileError listing every problem. */
export function parseAuthFile(text: string, format: AuthFileFormat): AuthFile {
  const raw = nonEmpty(parseText(text, format));
  const result = authFileSchema.safeParse(raw, { error: plainMessage });
  const problems = [...(result.success ? [] : result.error.issues.map(describeIssue)), ...crossFieldProblems(raw)];
  if (!result.success || problems.length > 0) throw new AuthFileError(problems);
  return result.data;
}

/** JSON or YAML text to plain data. Parser messages are not passed on: they quote the offending line. */
export function parseText(text: string, format: AuthFileFormat): unknown {
  if (format === 'json') {
    try {
      return JSON.parse(text) as unknown;
    } catch (error) {
      const position = /position (\d+)/.exec((error as Error).message)?.[1];
      throw new AuthFileError([`is not valid JSON${position === undefined ? '' : ` (${lineAndColumn(text, Number(position))})`}`]);
    }
  }
  const document = parseDocument(text);
  if (document.errors.length > 0) {
    throw new AuthFileError(
      document.errors.map((error) => {
        const at = error.linePos?.[0];
        return `is not valid YAML (${error.code}${at ? ` at line ${at.line}, column ${at.col}` : ''})`;
      }),
    );
  }
  return document.toJS() as unknown;
}

/** An empty file (or one with only comments) is its own problem rather than "must be a mapping". */
function nonEmpty(raw: unknown): unknown {
  if (raw === null || raw === undefined) throw new AuthFileError(['the file is empty: it must list keys (see docs/security.md)']);
  return raw;
}

function lineAndColumn(text: string, offset: number): string {
  const before = text.slice(0, offset).split('\n');
  return `line ${before.length}, column ${(before.at(-1)?.length ?? 0) + 1}`;
}

/** Zod's default wording for the issues the schema leaves to it, rephrased for people editing YAML. */
function plainMessage(issue: z.core.$ZodRawIssue): string | undefined {
  if (issue.code === 'invalid_type') {
    if (issue.input === undefined) return 'is required';
    const expected: Record<string, string> = { object: 'a mapping', array: 'a list', string: 'a string', number: 'a number', record: 'a mapping' };
    return `must be ${expected[issue.expected] ?? issue.expected}`;
  }
  if (issue.code === 'unrecognized_keys') {
    const names = issue.keys.map((key) => `"${key}"`).join(', ');
    return `has unknown field${issue.keys.length === 1 ? '' : 's'} ${names} (a typo?)`;
  }
  return undefined;
}

function describeIssue(issue: z.core.$ZodIssue): string {
  return `${formatPath(issue.path)} ${issue.message}`;
}

/** `keys[0].hash`, `tenants.acme.imi.url`; the whole file is "the file". */
export function formatPath(path: readonly PropertyKey[]): string {
  if (path.length === 0) return 'the file';
  return path.map((part, index) => (typeof part === 'number' ? `[${part}]` : `${index === 0 ? '' : '.'}${String(part)}`)).join('');
}
