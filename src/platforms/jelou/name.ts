import type { PlatformName } from '../../errors.js';

export const JELOU = { id: 'jelou', displayName: 'Jelou' } as const satisfies PlatformName;
