import type { CallScope } from '../../upstream/call-scope.js';
import type { WidgetUserInput } from './models.js';
import type { GetOrCreateWidgetUserResult, JelouClient } from './client.js';

/**
 * Jelou as seen by one GraphQL request: the shared client plus the request's deadline. Created per
 * request by the context and never shared; per-request state (loaders, caches) belongs here when
 * Jelou reads arrive. Get-or-create is a write as far as caching goes, so it is never cached.
 */
export class JelouSession {
  private readonly client: JelouClient;
  private readonly scope: CallScope;

  constructor(client: JelouClient, scope: CallScope) {
    this.client = client;
    this.scope = scope;
  }

  createWidgetUser(input: WidgetUserInput): Promise<GetOrCreateWidgetUserResult> {
    return this.client.getOrCreateWidgetUser(input, this.scope);
  }
}
