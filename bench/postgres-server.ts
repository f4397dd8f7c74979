/**
 * One PostgreSQL server for a benchmark run (`BENCH_STORE=server`): each gateway lane gets a database of
 * its own on it through DATABASE_URL, as the replicas of a deployment share one server. The same way the
 * tests start theirs (test/support/postgres.ts, which the bench's build does not include, and whose
 * server the runner could not stop at exit): the binaries on PATH or in Debian's
 * /usr/lib/postgresql/<version>/bin, initdb into a temporary folder, `postgres` on a free port on
 * 127.0.0.1 with trust authentication, run as the `postgres` user (else `nobody`) when the runner is root.
 * The server keeps its defaults otherwise. `close()` stops it and deletes its folder; if the runner exits
 * first (a failure, Ctrl-C), cleanup.ts's exit actions do (immediate shutdown, then the folder).
 */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { accessSync, chownSync, constants, readdirSync, readFileSync } from 'node:fs';
import { delimiter, join } from 'node:path';
import { Client } from 'pg';
import { atExit, sleepSync, temporaryFolder } from './cleanup.js';
import { freePort } from './processes.js';

export interface PostgresBinaries {
  /** The folder of initdb and postgres. */
  dir: string;
  initdb: string;
  postgres: string;
  /** PostgreSQL refuses to run as root: under root, the server runs as this user (Debian's `postgres`, else `nobody`). */
  runAs: { name: string; uid: number; gid: number } | undefined;
}

/** Where the binaries are, or why there are none that can run here. */
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
  if (dir === undefined) return { missing: 'no initdb and postgres on PATH or in /usr/lib/postgresql/<version>/bin' };
  const binaries = { dir, initdb: join(dir, 'initdb'), postgres: join(dir, 'postgres') };
  if (process.getuid?.() !== 0) return { found: { ...binaries, runAs: undefined } };
  for (const name of ['postgres', 'nobody']) {
    try {
      const uid = Number(execFileSync('id', ['-u', name], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim());
      const gid = Number(execFileSync('id', ['-g', name], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim());
      if (uid > 0) return { found: { ...binaries, runAs: { name, uid, gid } } };
    } catch {
      // no such user
    }
  }
  return { missing: 'running as root with no postgres or nobody user to run the server as' };
}

export interface PostgresServer {
  port: number;
  /** The postmaster's process id. */
  pid: number;
  /** `PostgreSQL 15.14`, from `postgres --version`. */
  version: string;
  binaries: PostgresBinaries;
  /** Seconds initdb and the start took. */
  startSeconds: number;
  /** Creates an empty database and returns its URL (`postgres://gateway@127.0.0.1:PORT/<name>`). */
  createDatabase(name: string): Promise<string>;
  /** Proportional set size (PSS) of the postmaster and all its processes now, in MB (10⁶ bytes): what the server holds in memory, shared pages counted once. */
  memoryMb(): number;
  /** Stops the server (fast shutdown) and deletes its folder. */
  close(): Promise<void>;
}

const SUPERUSER = 'gateway';

export async function startPostgresServer(binaries: PostgresBinaries): Promise<PostgresServer> {
  const started = Date.now();
  const folder = temporaryFolder('bench-postgres-');
  const data = join(folder.dir, 'data');
  // The server's user must own its folder (root's mkdtemp gives it to root).
  if (binaries.runAs) chownSync(folder.dir, binaries.runAs.uid, binaries.runAs.gid);
  const serverUser = binaries.runAs && { uid: binaries.runAs.uid, gid: binaries.runAs.gid };
  let child: ChildProcess | undefined;
  let forget: (() => void) | undefined;
  try {
    const version = execFileSync(binaries.postgres, ['--version'], { encoding: 'utf8' })
      .trim()
      .replace(/^postgres \(PostgreSQL\) /, 'PostgreSQL ');
    execFileSync(binaries.initdb, ['-D', data, '--auth=trust', `--username=${SUPERUSER}`, '--encoding=UTF8', '--locale=C.UTF-8', '--no-sync'], {
      stdio: 'pipe',
      cwd: folder.dir,
      ...serverUser,
    });
    const port = await freePort();
    child = spawn(binaries.postgres, ['-D', data, '-p', String(port), '-h', '127.0.0.1', '-k', folder.dir], {
      cwd: folder.dir,
      stdio: ['ignore', 'pipe', 'pipe'],
      ...serverUser,
    });
    const server = child;
    forget = atExit(() => stopAtExit(server));
    await accepting(server);
    const stopAndRemove = async () => {
      await stop(server);
      forget?.();
      folder.remove();
    };
    return {
      port,
      pid: server.pid as number,
      version,
      binaries,
      startSeconds: (Date.now() - started) / 1000,
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
      memoryMb: () => treeOf(server.pid as number).reduce((sum, pid) => sum + pssMb(pid), 0),
      close: stopAndRemove,
    };
  } catch (error) {
    if (child) await stop(child);
    forget?.();
    folder.remove();
    const stderr = (error as { stderr?: Buffer }).stderr?.toString();
    throw stderr ? new Error(`initdb failed:\n${stderr}`, { cause: error }) : error;
  }
}

/** Resolves once postgres accepts connections (its own log line says so); fails if it exits first or takes 30 s. */
function accepting(child: ChildProcess): Promise<void> {
  let output = '';
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`postgres did not start within 30 s:\n${output}`));
    }, 30_000);
    const onExit = (code: number | null) => {
      clearTimeout(timer);
      reject(new Error(`postgres exited with ${String(code)} before it was ready:\n${output}`));
    };
    const onData = (chunk: Buffer) => {
      output = (output + chunk.toString()).slice(-4000);
      if (!output.includes('database system is ready to accept connections')) return;
      clearTimeout(timer);
      child.stderr?.off('data', onData);
      child.off('exit', onExit);
      // Keep draining its log, or a full pipe would block the server.
      child.stderr?.resume();
      resolve();
    };
    child.stderr?.on('data', onData);
    child.stdout?.resume();
    child.once('exit', onExit);
  });
}

/** Fast shutdown (SIGINT: sessions are ended), then waits for the exit (SIGKILL after 15 s). */
async function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  await new Promise<void>((resolve) => {
    const killer = setTimeout(() => child.kill('SIGKILL'), 15_000);
    child.once('exit', () => {
      clearTimeout(killer);
      resolve();
    });
    child.kill('SIGINT');
  });
}

/**
 * At the runner's exit, where nothing asynchronous runs any more: immediate shutdown (SIGQUIT: the
 * postmaster ends its processes and releases its shared memory), waiting up to 5 s for it to be gone
 * (a zombie, since the runner cannot reap it now), then SIGKILL. The folder goes after (cleanup.ts).
 */
function stopAtExit(child: ChildProcess): void {
  const pid = child.pid;
  if (pid === undefined || child.exitCode !== null || child.signalCode !== null) return;
  child.kill('SIGQUIT');
  const until = Date.now() + 5_000;
  while (Date.now() < until && running(pid)) sleepSync(50);
  if (running(pid)) child.kill('SIGKILL');
}

/** True while the process exists and is not a zombie. */
function running(pid: number): boolean {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3) !== 'Z';
  } catch {
    return false;
  }
}

/** The process and its children (the postmaster's backends and auxiliary processes), from /proc. */
function treeOf(root: number): number[] {
  const pids = [root];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      const parent = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      if (parent === root) pids.push(Number(entry));
    } catch {
      // gone meanwhile
    }
  }
  return pids;
}

/** A process's PSS in MB (10⁶ bytes), 0 if it is gone or unreadable. */
function pssMb(pid: number): number {
  try {
    const match = /^Pss:\s+(\d+) kB$/m.exec(readFileSync(`/proc/${pid}/smaps_rollup`, 'utf8'));
    return match ? (Number(match[1]) * 1024) / 1e6 : 0;
  } catch {
    return 0;
  }
}
