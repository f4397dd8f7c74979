/**
 * What the runner leaves behind, whatever way it ends: its child processes, the PostgreSQL server of the
 * run and its temporary folders. The normal path stops and deletes each in a `finally`; this is the last
 * resort, run synchronously when the runner exits (`process.exit` after a failure, or Ctrl-C / SIGTERM,
 * which the runner turns into an exit so that this runs: Node's default for those signals skips it).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const actions = new Set<() => void>();
const folders = new Set<string>();

/** Runs `action` when the runner exits (in the order registered), unless the returned function is called first. */
export function atExit(action: () => void): () => void {
  actions.add(action);
  return () => actions.delete(action);
}

export interface TemporaryFolder {
  dir: string;
  /** Deletes it (also done at exit when not done before). */
  remove(): void;
}

/** A new folder under the system's temporary one, deleted by `remove()` or when the runner exits. */
export function temporaryFolder(prefix: string): TemporaryFolder {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  folders.add(dir);
  return {
    dir,
    remove: () => {
      folders.delete(dir);
      removeFolder(dir);
    },
  };
}

function removeFolder(dir: string): void {
  // A process just killed may still be closing files in it: retry a few times rather than leave it.
  rmSync(dir, { recursive: true, force: true, maxRetries: 5, retryDelay: 100 });
}

process.on('exit', () => {
  for (const action of actions) {
    try {
      action();
    } catch {
      // the next one still runs
    }
  }
  for (const dir of folders) {
    try {
      removeFolder(dir);
    } catch {
      // nothing more to do at exit
    }
  }
});

for (const [signal, code] of [
  ['SIGINT', 130],
  ['SIGTERM', 143],
] as const) {
  process.once(signal, () => {
    process.stderr.write(`\n${signal}: stopping every process of the run and deleting its folders\n`);
    process.exit(code);
  });
}

/** Blocks the thread for `ms` (only for the exit path, where nothing asynchronous runs any more). */
export function sleepSync(ms: number): void {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}
