import { closeSync, mkdirSync, openSync, readFileSync, rmSync, writeSync } from 'node:fs';
import { join } from 'node:path';

/**
 * PGlite is PostgreSQL in this process, with no postmaster to keep a second process out of its files:
 * two gateways on one directory would corrupt it. A lock file beside the data says who has it. A lock
 * left by a process that is gone (a crash, or a container whose new process has the same pid) is taken
 * over; a live holder makes the second open fail with a message that says what to do.
 */
const heldHere = new Set<string>();

export function lockStoreDir(dir: string): () => void {
  mkdirSync(dir, { recursive: true });
  const file = join(dir, 'gateway.lock');
  for (let attempt = 0; attempt < 2; attempt += 1) {
    try {
      const fd = openSync(file, 'wx');
      writeSync(fd, String(process.pid));
      closeSync(fd);
      heldHere.add(file);
      return () => {
        heldHere.delete(file);
        rmSync(file, { force: true });
      };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const holder = Number(readFileSync(file, 'utf8').trim());
      if (heldHere.has(file) || (holder !== process.pid && isAlive(holder))) {
        throw new Error(
          `the store directory ${dir} is in use by process ${holder || 'unknown'} (another gateway?): give each process its own GATEWAY_STORE_DIR, or share a PostgreSQL server with DATABASE_URL`,
        );
      }
      rmSync(file, { force: true });
    }
  }
  throw new Error(`could not lock the store directory ${dir}`);
}

function isAlive(pid: number): boolean {
  if (!Number.isInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: it exists, under another user.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
