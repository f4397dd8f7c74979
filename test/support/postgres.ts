import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { accessSync, chownSync, constants, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { Client } from 'pg';
import { freePort } from './redis';

/**
 * A throwaway PostgreSQL server for tests, from Debian's `postgresql` package (`.ci/run` installs it):
 * initdb into a temporary folder, `postgres` on 127.0.0.1 on a free port with trust authentication,
 * a database per test file, everything stopped and removed by `close()`.
 */

export interface PostgresBinaries {
  initdb: string;
  postgres: string;
  /** PostgreSQL refuses to run as root: under root, the server runs as this user (Debian's `postgres`, else `nobody`). */
  runAs: { name: string; uid: number; gid: number } | undefined;
}

/** Where the binaries are, or why they cannot run here (for the skipped suite's title). */
export type PostgresLookup = { found: PostgresBinaries } | { missing: string };

const executable = (path: string) => {
  try {
    accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
};

/** initdb and postgres on PATH, else in Debian's /usr/lib/postgresql/<version>/bin (newest first), which is not on PATH. */
export function findPostgres(): PostgresLookup {
  const pathDirs = (process.env.PATH ?? '').split(delimiter).filter((dir) => dir !== '');
  let debianDirs: string[] = [];
  try {
    debianDirs = readdirSync('/usr/lib/postgresql')
      .filter((version) => /^\d+$/.test(version))
      .sort((a, b) => Number(b) - Number(a))
      .map((version) => join('/usr/lib/postgresql', version, 'bin'));
  } catch {
    // no Debian packages
  }
  const dir = [...pathDirs, ...debianDirs].find((candidate) => executable(join(candidate, 'initdb')) && executable(join(candidate, 'postgres')));
  if (dir === undefined) return { missing: 'postgres not installed' };
  const binaries = { initdb: join(dir, 'initdb'), postgres: join(dir, 'postgres') };
  if (process.getuid?.() !== 0) return { found: { ...binaries, runAs: undefined } };
  for (const name of ['postgres', 'nobody']) {
    try {
      const uid = Number(execFileSync('id', ['-u', name], { encoding: 'utf8' }).trim());
      const gid = Number(execFileSync('id', ['-g', name], { encoding: 'utf8' }).trim());
      if (uid > 0) return { found: { ...binaries, runAs: { name, uid, gid } } };
    } catch {
      // no such user
    }
  }
  return { missing: 'running as root with no postgres or nobody user to run the server as' };
}

export interface TestPostgres {
  port: number;
  /** Creates an empty database and returns its URL (`postgres://gateway@127.0.0.1:PORT/<name>`). */
  createDatabase(name: string): Promise<string>;
  /** Stops the server and removes its folder. */
  close(): Promise<void>;
}

const SUPERUSER = 'gateway';

export async function startTestPostgres(binaries: PostgresBinaries): Promise<TestPostgres> {
  const dir = mkdtempSync(join(tmpdir(), 'gateway-postgres-'));
  const data = join(dir, 'data');
  // The server's user must own its folder (root's mkdtemp gives it to root).
  if (binaries.runAs) chownSync(dir, binaries.runAs.uid, binaries.runAs.gid);
  const serverUser = binaries.runAs && { uid: binaries.runAs.uid, gid: binaries.runAs.gid };
  let child: ChildProcess | undefined;
  try {
    execFileSync(binaries.initdb, ['-D', data, '--auth=trust', `--username=${SUPERUSER}`, '--encoding=UTF8', '--locale=C.UTF-8', '--no-sync'], {
      stdio: 'pipe',
      cwd: dir,
      ...serverUser,
    });
    const port = await freePort();
    // Durability is not what these tests are about: no fsync makes them fast.
    const args = ['-D', data, '-p', String(port), '-h', '127.0.0.1', '-k', dir, '-c', 'fsync=off', '-c', 'synchronous_commit=off', '-c', 'full_page_writes=off'];
    child = await launch(binaries.postgres, args, dir, serverUser);
    const server = child;
    return {
      port,
      async createDatabase(name) {
        const admin = new Client({ host: '127.0.0.1', port, user: SUPERUSER, database: 'postgres' });
        await admin.connect();
        try {
          await admin.query(`create database "${name.replace(/"/g, '""')}"`);
        } finally {
          await admin.end();
        }
        return `postgres://${SUPERUSER}@127.0.0.1:${port}/${encodeURIComponent(name)}`;
      },
      async close() {
        await stop(server);
        rmSync(dir, { recursive: true, force: true });
      },
    };
  } catch (error) {
    if (child) await stop(child);
    rmSync(dir, { recursive: true, force: true });
    const stderr = (error as { stderr?: Buffer }).stderr?.toString();
    throw stderr ? new Error(`initdb failed:\n${stderr}`, { cause: error }) : error;
  }
}

/** Starts postgres in the foreground and resolves once it accepts connections (its own log line says so). */
function launch(executable: string, args: string[], cwd: string, serverUser: { uid: number; gid: number } | undefined): Promise<ChildProcess> {
  const child = spawn(executable, args, { cwd, stdio: ['ignore', 'pipe', 'pipe'], ...serverUser });
  let output = '';
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`postgres did not start:\n${output}`));
    }, 30_000);
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      if (!output.includes('database system is ready to accept connections')) return;
      clearTimeout(timer);
      child.stderr?.off('data', onData);
      // Keep draining its log, or a full pipe would block the server.
      child.stderr?.resume();
      resolve(child);
    };
    child.stderr?.on('data', onData);
    child.stdout?.resume();
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`postgres exited with ${String(code)} before it was ready:\n${output}`));
    });
  });
}

/** Fast shutdown (SIGINT: running sessions are ended), then waits for the process to exit. */
async function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.kill('SIGINT');
  await exited;
}
