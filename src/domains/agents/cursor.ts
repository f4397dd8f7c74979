import { badUserInput } from '../../errors.js';

/**
 * Cursors are opaque to clients. Inside, a cursor is the edge's position in the filtered list, which is
 * what the platform pages by; the prefix keeps cursors of other connections from being mixed in.
 */
const PREFIX = 'agent:';
const MAX_OFFSET = 1_000_000_000;

export function encodeCursor(position: number): string {
  return Buffer.from(`${PREFIX}${position}`, 'utf8').toString('base64url');
}

export function decodeCursor(cursor: string): number {
  const text = cursor.length <= 64 ? Buffer.from(cursor, 'base64url').toString('utf8') : '';
  const match = /^agent:(\d{1,10})$/.exec(text);
  const position = match ? Number(match[1]) : NaN;
  if (!(position >= 0 && position < MAX_OFFSET)) {
    throw badUserInput('after is not a cursor of this list; pass pageInfo.endCursor or an edge cursor unchanged.');
  }
  return position;
}
