import { badUserInput } from '../../errors.js';

/**
 * Cursors of offset-paged lists. Opaque to clients; inside, the list's name and the edge's position in
 * the filtered list, which is what the platforms page by. A cursor of another list is refused.
 * Positions shift when items are added or removed between pages, as with any offset paging.
 */
const MAX_OFFSET = 1_000_000_000;
/** Longer input is never a cursor of ours: refused before decoding. */
const MAX_CURSOR_LENGTH = 96;

export function encodeOffsetCursor(list: string, position: number): string {
  return Buffer.from(`${list}:${position}`, 'utf8').toString('base64url');
}

/** The position a cursor of `list` stands for; BAD_USER_INPUT for anything else. `listName` words the refusal. */
export function decodeOffsetCursor(list: string, cursor: string, listName: string): number {
  const text = cursor.length <= MAX_CURSOR_LENGTH ? Buffer.from(cursor, 'base64url').toString('utf8') : '';
  const separator = text.lastIndexOf(':');
  const digits = text.slice(separator + 1);
  const position = separator >= 0 && text.slice(0, separator) === list && /^\d{1,10}$/.test(digits) ? Number(digits) : NaN;
  if (!(position >= 0 && position < MAX_OFFSET)) {
    throw badUserInput(`after is not a cursor of this ${listName}; pass pageInfo.endCursor or an edge cursor unchanged.`);
  }
  return position;
}

/** Relay page information of an offset page holding `shown` items of `total`. */
export function offsetPageInfo(list: string, offset: number, shown: number, total: number) {
  return {
    hasNextPage: offset + shown < total,
    hasPreviousPage: offset > 0,
    startCursor: shown > 0 ? encodeOffsetCursor(list, offset) : null,
    endCursor: shown > 0 ? encodeOffsetCursor(list, offset + shown - 1) : null,
  };
}
