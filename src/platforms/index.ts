import type { PlatformDefinition } from './platform.js';
import { imiPlatform } from './imi/platform.js';
import { jelouPlatform } from './jelou/platform.js';
import { rocketChatPlatform } from './rocketchat/platform.js';

/**
 * THE list of platforms behind the gateway, one line each. Configuration, the auth file, upstream
 * wiring, the request context, readiness and metrics all loop over it; see docs/adding-a-platform.md.
 */
export const PLATFORMS = [rocketChatPlatform, jelouPlatform, imiPlatform] as const;

type Listed = (typeof PLATFORMS)[number];

/** A platform's id (`rocketchat`, …): `extensions.provider`, metric labels, config and context keys. */
export type PlatformId = Listed['name']['id'];

/** Every platform's id, in the list's order. */
export const PLATFORM_IDS: readonly PlatformId[] = PLATFORMS.map((platform) => platform.name.id);

type DefinitionOf<Id extends PlatformId> = Listed extends infer P ? (P extends { readonly name: { readonly id: Id } } ? P : never) : never;
type Parts<T> =
  T extends PlatformDefinition<string, infer Settings, infer Entry, infer Connection, infer Client, infer Session>
    ? { settings: Settings; entry: Entry; connection: Connection; client: Client; session: Session }
    : never;
type Part = 'settings' | 'entry' | 'connection' | 'client' | 'session';

/** One value per platform, each of its own type: `ByPlatform<'session'>['imi']` is an ImiSession. */
export type ByPlatform<P extends Part> = { [Id in PlatformId]: Parts<DefinitionOf<Id>>[P] };

/**
 * A platform walked like the others, without its own types: what loops over the list work with. The
 * values they pass between a platform's own members (its settings to its connect, …) stay its own.
 */
export type AnyPlatform = PlatformDefinition<PlatformId, unknown, unknown, unknown, ByPlatform<'client'>[PlatformId], unknown>;

/** The list, walked without each platform's own types. */
export const ALL_PLATFORMS: readonly AnyPlatform[] = PLATFORMS;
