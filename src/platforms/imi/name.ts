import type { PlatformName } from '../../errors.js';

export const IMI = { id: 'imi', displayName: 'IMI (Webex Engage)' } as const satisfies PlatformName;
