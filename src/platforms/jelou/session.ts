import type { Deadline } from '../../deadline.js';
import type { WidgetUserInput } from './models.js';
import type { GetOrCreateWidgetUserResult, JelouClient } from './client.js';

/**
 * Jelou as seen by one GraphQL request: the shared client plus the request's deadline. Created per
 * request by the context and never shared; per-request state (loaders, caches) belongs here when
 * Jelou reads arrive. Get-or-create is a write as far as caching goes, so it is never cached.
 */
export class JelouSession {
  private readonly client: JelouClient;
  private readonly deadline: Deadline;

  constructor(client: JelouClient, deadline: Deadline) {
    this.client = client;
    this.deadline = deadline;
  }

  createWidgetUser(input: WidgetUserInput): Promise<GetOrCreateWidgetUserResult> {
    return this.client.getOrCreateWidgetUser(input, this.deadline);
  }
}
