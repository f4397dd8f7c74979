import { isDeepStrictEqual } from 'node:util';
import type { Logger } from '../logger.js';
import { AuthFileError, loadAuthFile, type AuthFile } from './auth-file.js';
import { authenticatorOptions, createAuthenticator, type Authenticator } from './authenticator.js';

/** How a reload ended: the new keys in force, nothing changed, or the file refused (the old keys stay). */
export type AuthReloadOutcome = 'applied' | 'unchanged' | 'refused';

/**
 * The auth file's authenticator, re-read while the gateway runs: a key added with `npm run key:create`
 * (or removed by hand) takes effect without a restart. A file that does not validate leaves the keys in
 * force and says why; so does one whose tenants changed, because a tenant's platform connections are
 * made at start-up (a new tenant needs a restart, and a removed one must not keep serving half-way).
 * Requests in flight keep the authenticator they started with; the next ones use the new one.
 */
export class ReloadableAuthenticator implements Authenticator {
  readonly mode = 'on';
  private current: Authenticator;

  constructor(
    private readonly file: string,
    private running: AuthFile,
    private readonly logger: Logger,
  ) {
    this.current = createAuthenticator(authenticatorOptions(running));
  }

  authenticate(header: string | undefined) {
    return this.current.authenticate(header);
  }

  reload(): AuthReloadOutcome {
    let next: AuthFile;
    try {
      next = loadAuthFile(this.file);
    } catch (error) {
      if (!(error instanceof AuthFileError)) {
        this.logger.error({ err: error }, 'auth file not reloaded: it could not be read; the keys in force stay');
        return 'refused';
      }
      // The problems name paths and rules, never a key or a secret (auth-file.ts).
      this.logger.warn({ problems: error.problems }, 'auth file not reloaded: it is not valid; the keys in force stay');
      return 'refused';
    }
    if (!isDeepStrictEqual(tenantsOf(next), tenantsOf(this.running))) {
      this.logger.error('auth file not reloaded: its tenants changed, which takes a restart; the keys in force stay');
      return 'refused';
    }
    // Trusted documents are judged and compiled at start-up (trusted-documents/): a change waits for a restart.
    if (!isDeepStrictEqual(next.trustedDocuments, this.running.trustedDocuments)) {
      this.logger.warn('auth file: its trustedDocuments changed, which takes a restart; the manifests in force stay (keys are reloaded)');
    }
    if (isDeepStrictEqual(next.keys, this.running.keys) && isDeepStrictEqual(next.jwt, this.running.jwt)) return 'unchanged';
    this.current = createAuthenticator(authenticatorOptions(next));
    this.running = next;
    this.logger.info({ keys: next.keys.length, jwt: next.jwt !== undefined }, 'auth file reloaded: its keys are in force');
    return 'applied';
  }
}

/** The tenants and their platform entries, comparable whatever the order they were written in. */
function tenantsOf(file: AuthFile): Array<[string, unknown]> {
  return [...file.tenants.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
}
