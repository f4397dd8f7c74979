import { closeSync, fsyncSync, mkdirSync, openSync, readFileSync, realpathSync, renameSync, statSync, unlinkSync, writeSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { basename, dirname, join } from 'node:path';
import { parseArgs } from 'node:util';
import { isMap, isScalar, isSeq, parseDocument, type Document } from 'yaml';
import { generateApiKey, hashApiKey } from '../access/api-keys.js';
import { AuthFileError, authFileFormat, parseAuthFile, type AuthFile, type AuthFileFormat } from '../access/auth-file.js';
import { NAME_PATTERN, NAME_RULE } from '../access/auth-file-schema.js';
import { ALL_SCOPES, DEFAULT_TENANT, isScope, type Scope } from '../access/caller.js';

/**
 * `npm run key:create -- --name <name> --scopes read,agents:write [--tenant <tenant>] --file <auth file>`
 *
 * Generates an API key, appends its hash entry to the auth file (created when missing; comments and the
 * rest of a YAML file are kept), and prints the key once on stdout. Nothing else is ever written to
 * stdout, so `KEY=$(npm run --silent key:create -- …)` captures exactly the key; notes go to stderr
 * and never contain it. The file is replaced atomically (temp file + rename), so a crash cannot leave
 * it half-written, and the result is validated exactly as the gateway will at start-up.
 */

export const USAGE = `Usage: npm run key:create -- --name <name> --scopes <scopes> [--tenant <tenant>] [--trusted-documents-only] --file <path>

Creates an API key for the gateway, adds its hash to the auth file and prints the key once.

  --name <name>      Unique key name (1-64 of a-z 0-9 . _ -), shown in logs: e.g. billing-frontend
  --scopes <list>    Comma-separated: ${ALL_SCOPES.join(', ')}
  --tenant <tenant>  Tenant the key belongs to (default: ${DEFAULT_TENANT})
  --trusted-documents-only
                     The key runs trusted documents only (a front-end's key; docs/trusted-documents.md)
  --file <path>      The auth file (GATEWAY_AUTH_FILE), .json, .yaml or .yml; created if missing
  --help             This text

Exit codes: 0 created, 2 refused (nothing written), 1 the file could not be read or written.
`;

export interface CliIo {
  stdout(text: string): void;
  stderr(text: string): void;
}

/** A refusal: the message is for the person at the terminal, and the file is left untouched. */
class Refusal extends Error {}

interface Request {
  name: string;
  scopes: Scope[];
  tenant: string;
  trustedDocumentsOnly: boolean;
  file: string;
  format: AuthFileFormat;
}

export function main(argv: readonly string[], io: CliIo): number {
  try {
    const request = parseRequest(argv);
    if (request === 'help') {
      io.stdout(USAGE);
      return 0;
    }
    return createKey(request, io);
  } catch (error) {
    if (error instanceof Refusal) {
      io.stderr(`key:create: ${error.message}\n`);
      return 2;
    }
    const code = (error as NodeJS.ErrnoException).code;
    io.stderr(`key:create: ${code ?? 'error'}: ${(error as Error).message}\n`);
    return 1;
  }
}

function parseRequest(argv: readonly string[]): Request | 'help' {
  let values;
  try {
    ({ values } = parseArgs({
      args: [...argv],
      options: {
        name: { type: 'string' },
        scopes: { type: 'string' },
        tenant: { type: 'string', default: DEFAULT_TENANT },
        'trusted-documents-only': { type: 'boolean', default: false },
        file: { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
      strict: true,
      allowPositionals: false,
    }));
  } catch (error) {
    throw new Refusal(`${(error as Error).message}\n\n${USAGE}`);
  }
  if (values.help) return 'help';
  const { name, scopes, tenant, file } = values;
  if (name === undefined || scopes === undefined || file === undefined) throw new Refusal(`--name, --scopes and --file are required\n\n${USAGE}`);
  if (!NAME_PATTERN.test(name)) throw new Refusal(`--name ${NAME_RULE}`);
  if (!NAME_PATTERN.test(tenant)) throw new Refusal(`--tenant ${NAME_RULE}`);
  const format = authFileFormat(file);
  if (format === undefined) throw new Refusal('--file must end in .json, .yaml or .yml');
  const listed = scopes.split(',').map((scope) => scope.trim()).filter((scope) => scope !== '');
  const unknown = listed.filter((scope) => !isScope(scope));
  if (unknown.length > 0) throw new Refusal(`unknown scope ${unknown.map((scope) => `"${scope}"`).join(', ')}: the scopes are ${ALL_SCOPES.join(', ')}`);
  if (listed.length === 0) throw new Refusal(`--scopes must list at least one of ${ALL_SCOPES.join(', ')}`);
  return { name, scopes: [...new Set(listed as Scope[])], tenant, trustedDocumentsOnly: values['trusted-documents-only'], file, format };
}

function createKey(request: Request, io: CliIo): number {
  // Another key:create on the same file reads it at the same time: without the lock the later rename
  // would drop the other's key. The lock sits beside the real file (a symlink's target).
  const target = realTarget(request.file);
  mkdirSync(dirname(target), { recursive: true, mode: 0o700 });
  return withFileLock(target, () => addKey(request, io));
}

function addKey(request: Request, io: CliIo): number {
  const existing = readExisting(request.file);
  const before = existing?.text ?? '';
  const key = generateApiKey();
  const entry: Entry = { name: request.name, hash: hashApiKey(key), scopes: request.scopes, tenant: request.tenant, ...(request.trustedDocumentsOnly && { trustedDocumentsOnly: true }) };
  const text = request.format === 'json' ? appendToJson(before, entry) : appendToYaml(before, entry, existing === undefined);
  // A file that cannot take the entry (not a mapping, `keys` not a list, broken syntax) is invalid as it
  // is: validating it names the problem. The hash check makes sure the key printed is in the file.
  const written = validate(text ?? before, request.format);
  if (!written.keys.some((written) => written.hash === entry.hash)) throw new Refusal('the key could not be added to the file; nothing was written');
  // A new file may be the first in its folder (e.g. `auth/` beside compose.yaml): createKey made the
  // folder, readable by its owner only, as the file is.
  writeAtomically(existing?.path ?? request.file, text ?? before, existing?.mode ?? 0o600);
  io.stdout(`${key}\n`);
  io.stderr(
    `key:create: added key "${request.name}" (scopes ${request.scopes.join(', ')}; tenant ${request.tenant}${request.trustedDocumentsOnly ? '; trusted documents only' : ''}) to ${request.file}.\n` +
      'The key is printed above, once: store it now (e.g. in your secret manager). Only its hash is kept, so it cannot be shown again.\n' +
      'A running gateway takes the new key within a second (it watches the file; SIGHUP also reloads it).\n',
  );
  return 0;
}

function validate(text: string, format: AuthFileFormat): AuthFile {
  try {
    return parseAuthFile(text, format);
  } catch (error) {
    if (!(error instanceof AuthFileError)) throw error;
    const problems = error.problems.map((problem) => `  - ${problem}`).join('\n');
    throw new Refusal(`the auth file would not be valid with this key, so nothing was written:\n${problems}`);
  }
}

/** The file's text, real path (a symlink's target is replaced, not the link) and permissions; undefined when it does not exist. */
function readExisting(file: string): { text: string; path: string; mode: number } | undefined {
  let path: string;
  try {
    path = realpathSync(file);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
  return { text: readFileSync(path, 'utf8'), path, mode: statSync(path).mode & 0o777 };
}

type Entry = { name: string; hash: string; scopes: Scope[]; tenant: string; trustedDocumentsOnly?: true };

function duplicate(name: string): Refusal {
  return new Refusal(`a key named "${name}" already exists: choose another name (or remove the old entry first)`);
}

/** The file with the entry appended, or undefined when the file's shape cannot take one. */
function appendToJson(text: string, entry: Entry): string | undefined {
  let data: unknown = {};
  if (text.trim() !== '') {
    try {
      data = JSON.parse(text) as unknown;
    } catch {
      return undefined;
    }
  }
  if (typeof data !== 'object' || data === null || Array.isArray(data)) return undefined;
  const file = data as Record<string, unknown>;
  const keys = file.keys ?? [];
  if (!Array.isArray(keys)) return undefined;
  if (keys.some((key: unknown) => (key as { name?: unknown } | null)?.name === entry.name)) throw duplicate(entry.name);
  return `${JSON.stringify({ ...file, keys: [...keys, entry] }, null, 2)}\n`;
}

/** Appends through yaml's Document API, which keeps the comments and layout of the rest of the file. */
function appendToYaml(text: string, entry: Entry, creating: boolean): string | undefined {
  const document: Document = parseDocument(text);
  if (document.errors.length > 0) return undefined;
  if (document.contents === null) document.contents = document.createNode({});
  if (!isMap(document.contents)) return undefined;
  if (creating) document.commentBefore = ' chat-gateway auth file (GATEWAY_AUTH_FILE): API key hashes, tenants, JWT. See docs/security.md.';
  const keys = document.get('keys', true);
  const node = document.createNode(entry);
  const scopes = node.get('scopes', true);
  if (isSeq(scopes)) scopes.flow = true;
  if (keys === undefined || (isScalar(keys) && keys.value === null)) {
    document.set('keys', document.createNode([node]));
  } else if (isSeq(keys)) {
    if (keys.items.some((item) => isMap(item) && item.get('name') === entry.name)) throw duplicate(entry.name);
    keys.flow = false;
    keys.add(node);
  } else {
    return undefined;
  }
  return document.toString();
}

/** The file a path names once symlinks are followed; the path itself when it does not exist yet. */
function realTarget(file: string): string {
  try {
    return realpathSync(file);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return file;
    throw error;
  }
}

/** How long a key:create waits for another one on the same file, and how often it looks. */
const LOCK_WAIT_MS = 10_000;
const LOCK_POLL_MS = 25;

/**
 * Runs `work` holding `<file>.lock`, created exclusively (O_EXCL) with this process's id in it. A lock
 * whose process is gone (a key:create killed mid-way) is taken over; a live one is waited for, then
 * reported. Synchronous, like the rest of the CLI.
 */
function withFileLock<T>(file: string, work: () => T): T {
  const lock = `${file}.lock`;
  const deadline = Date.now() + LOCK_WAIT_MS;
  for (;;) {
    try {
      const descriptor = openSync(lock, 'wx', 0o600);
      writeSync(descriptor, String(process.pid));
      closeSync(descriptor);
      break;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      if (isStale(lock)) {
        // Two runs finding the same stale lock may both remove it; one of them then removes the other's
        // fresh lock. Rare (a key:create killed mid-way, then two started together) and not worth more.
        removeIfPresent(lock);
        continue;
      }
      if (Date.now() > deadline) throw new Refusal(`another key:create is writing ${file} (its lock is ${lock}); try again, or remove the lock if none runs`);
      Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, LOCK_POLL_MS);
    }
  }
  try {
    return work();
  } finally {
    removeIfPresent(lock);
  }
}

/** A lock left by a process that no longer runs (or unreadable and older than the wait). */
function isStale(lock: string): boolean {
  let holder: number;
  try {
    holder = Number(readFileSync(lock, 'utf8').trim());
  } catch {
    return false;
  }
  if (!Number.isInteger(holder) || holder <= 0) {
    // Being written this instant, or not ours: stale only once it is old.
    try {
      return Date.now() - statSync(lock).mtimeMs > LOCK_WAIT_MS;
    } catch {
      return false;
    }
  }
  try {
    process.kill(holder, 0);
    return false;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'ESRCH';
  }
}

function removeIfPresent(path: string): void {
  try {
    unlinkSync(path);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
}

function writeAtomically(path: string, text: string, mode: number): void {
  const temporary = join(dirname(path), `.${basename(path)}.${randomBytes(6).toString('hex')}.tmp`);
  const descriptor = openSync(temporary, 'wx', mode);
  try {
    writeSync(descriptor, text);
    fsyncSync(descriptor);
  } finally {
    closeSync(descriptor);
  }
  try {
    renameSync(temporary, path);
  } catch (error) {
    unlinkSync(temporary);
    throw error;
  }
}

if (require.main === module) {
  process.exitCode = main(process.argv.slice(2), {
    stdout: (text) => void process.stdout.write(text),
    stderr: (text) => void process.stderr.write(text),
  });
}
