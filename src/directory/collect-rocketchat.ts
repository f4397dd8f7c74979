import type { RocketChatClient } from '../platforms/rocketchat/index.js';
import type { AgentModel, AgentType } from '../platforms/rocketchat/models.js';
import type { IdentityInput } from '../store/types.js';
import { linkingEmail, type CollectContext, type Collected } from './collected.js';

/** The one client method the collector uses (a narrower type keeps test doubles honest). */
export type RocketChatDirectorySource = Pick<RocketChatClient, 'listUsers'>;

/** Rocket.Chat's largest page. */
export const ROCKETCHAT_PAGE_SIZE = 100;
/** Usernames are unique: sorted by them, offset pages neither repeat nor skip anyone while nothing changes. */
const BY_USERNAME = '{"username":1}';
const LISTS: ReadonlyArray<{ type: 'agent' | 'manager'; role: AgentType }> = [
  { type: 'agent', role: 'AGENT' },
  { type: 'manager', role: 'MANAGER' },
];

/**
 * Every Livechat agent and manager, one identity per user: a user who is both is one identity with
 * roles `['AGENT', 'MANAGER']`. Idle and offline agents are included (`showIdleAgents` stays at its
 * default), and so are bots: they are accounts on the platform like any other.
 */
export async function collectRocketChat(client: RocketChatDirectorySource, context: CollectContext): Promise<Collected> {
  const identities = new Map<string, IdentityInput>();
  for (const { type, role } of LISTS) {
    let firstTotal: number | undefined;
    for (let offset = 0, pages = 0; ; pages += 1) {
      if (context.signal.aborted) return { kind: 'incomplete', code: 'REFRESH_INTERRUPTED' };
      if (pages >= context.maxPages) return { kind: 'incomplete', code: 'DIRECTORY_TOO_LARGE' };
      await context.pacer.turn(context.signal);
      if (context.signal.aborted) return { kind: 'incomplete', code: 'REFRESH_INTERRUPTED' };
      const page = await client.listUsers(type, { sort: BY_USERNAME, count: ROCKETCHAT_PAGE_SIZE, offset }, context.scope());
      // Someone losing the role mid-pass shifts every later user one place forward: one of them would be
      // skipped and, were the pass applied, removed from the directory (and their person with them).
      firstTotal ??= page.total;
      if (page.total < firstTotal) return { kind: 'incomplete', code: 'DIRECTORY_SOURCE_CHANGED' };
      for (const user of page.users) addRole(identities, user, role);
      offset += page.users.length;
      if (page.users.length === 0 || offset >= page.total) break;
    }
  }
  return { kind: 'complete', identities: [...identities.values()] };
}

function addRole(identities: Map<string, IdentityInput>, user: AgentModel, role: AgentType): void {
  const known = identities.get(user.id);
  if (known) {
    if (!known.roles.includes(role)) known.roles.push(role);
    return;
  }
  identities.set(user.id, {
    platform: 'rocketchat',
    userId: user.id,
    email: linkingEmail(user.emails[0]?.address),
    displayName: user.name ?? user.username,
    roles: [role],
  });
}
