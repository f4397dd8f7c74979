import { watch, type FSWatcher } from 'node:fs';
import { basename, dirname } from 'node:path';
import type { Logger } from '../logger.js';

/** Editors and key:create write in bursts (a temporary file, then a rename): one reload per burst. */
const SETTLE_MS = 200;

/**
 * Calls `onChange` once a burst of changes to `file` has settled. The folder is watched, not the file:
 * key:create replaces the file by renaming a new one over it, which a watch on the old file would miss.
 */
export function watchAuthFile(file: string, onChange: () => void, logger: Logger): { close(): void } {
  const name = basename(file);
  let timer: NodeJS.Timeout | undefined;
  let watcher: FSWatcher;
  try {
    watcher = watch(dirname(file), { persistent: false }, (_event, changed) => {
      if (changed !== null && changed.toString() !== name) return;
      clearTimeout(timer);
      timer = setTimeout(onChange, SETTLE_MS);
    });
  } catch (error) {
    // Some file systems cannot be watched: SIGHUP still reloads.
    logger.warn({ err: error }, 'auth file not watched: send SIGHUP to reload it');
    return { close: () => undefined };
  }
  watcher.on('error', (error) => logger.warn({ err: error }, 'auth file watch failed: send SIGHUP to reload it'));
  return {
    close() {
      clearTimeout(timer);
      watcher.close();
    },
  };
}
