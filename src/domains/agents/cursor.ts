import { badUserInput } from '../../errors.js';
import type { AgentType } from '../../platforms/rocketchat/models.js';

/**
 * Cursors are opaque to clients. Inside, a cursor is the list's type and the edge's position in the
 * filtered list, which is what the platform pages by; a cursor of the other list is refused.
 * Positions shift when agents are added or removed between pages, as with any offset paging.
 */
const MAX_OFFSET = 1_000_000_000;

export function encodeCursor(type: AgentType, position: number): string {
  return Buffer.from(`${type}:${position}`, 'utf8').toString('base64url');
}

export function decodeCursor(type: AgentType, cursor: string): number {
  const text = cursor.length <= 64 ? Buffer.from(cursor, 'base64url').toString('utf8') : '';
  const match = /^(AGENT|MANAGER):(\d{1,10})$/.exec(text);
  const position = match && match[1] === type ? Number(match[2]) : NaN;
  if (!(position >= 0 && position < MAX_OFFSET)) {
    throw badUserInput(`after is not a cursor of this ${type} list; pass pageInfo.endCursor or an edge cursor unchanged.`);
  }
  return position;
}
