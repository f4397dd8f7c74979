import type { AgentType } from '../../platforms/rocketchat/models.js';
import { decodeOffsetCursor, encodeOffsetCursor } from '../shared/offset-cursor.js';

/** Cursors of the agents and managers lists: a cursor of the other list is refused. */
export function encodeCursor(type: AgentType, position: number): string {
  return encodeOffsetCursor(type, position);
}

export function decodeCursor(type: AgentType, cursor: string): number {
  return decodeOffsetCursor(type, cursor, `${type} list`);
}
