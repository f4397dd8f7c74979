import type { PlatformName } from '../../errors.js';

export const ROCKETCHAT = { id: 'rocketchat', displayName: 'Rocket.Chat' } as const satisfies PlatformName;
