/**
 * Our own model of a Jelou widget user and its rooms: what the Jelou client maps the wire shapes to
 * and what the `WidgetUser` and `Room` GraphQL types resolve from. Timestamps are ISO 8601 strings
 * (UTC), null when the platform sent none or something unreadable.
 */
export interface RoomModel {
  /** Jelou's room id, e.g. `G:<botId>:<referenceId>` for a widget room. */
  id: string;
  name: string | null;
  /** Jelou's own values (e.g. `group`); kept as strings because the platform does not publish the set. */
  type: string | null;
  kind: string | null;
  /** `Widget` for widget rooms. */
  channel: string | null;
  channelProvider: string | null;
  avatarUrl: string | null;
  /** Ids of the room's members. */
  memberIds: string[];
  tags: string[];
  deleted: boolean | null;
  lastMessageAt: string | null;
  createdAt: string | null;
  updatedAt: string | null;
}

export interface WidgetUserModel {
  /** The id the caller chose (Jelou's `referenceId`). */
  id: string;
  names: string | null;
  botId: string | null;
  companyId: number | null;
  roomId: string | null;
  groupRoomId: string | null;
  createdAt: string | null;
  updatedAt: string | null;
  room: RoomModel | null;
  groupRoom: RoomModel | null;
}

/** What the caller asks Jelou to get or create. */
export interface WidgetUserInput {
  id: string;
  names: string;
  /** Sent as given: real legal ids have leading zeros and letters. */
  legalId?: string;
}

/** An input field Jelou's validation named, in the caller's terms. */
export type WidgetUserField = 'id' | 'names' | 'legalId';
