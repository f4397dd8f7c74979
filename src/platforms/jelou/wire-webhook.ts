import { z } from 'zod';
import { isoDateTime } from '../webhook-kit.js';

/**
 * The bodies of Jelou's widget webhooks, from Jelou's docs. Their sender, room and message objects are not
 * documented, so those are read loosely (an `id` or `_id`, `names` or `name`), and only what the gateway
 * shows is checked: anything else Jelou adds passes unchecked. Ids are strings, or numbers on some
 * objects (Jelou's `companyId` is one): both become strings.
 */

/** A union's own wording, or "is required" when the field is absent (a union's message would say neither). */
const unionError = (message: string) => (issue: { input?: unknown }) => (issue.input === undefined ? 'is required' : message);

const id = z
  .union([z.string().min(1), z.number()], { error: unionError('must be a non-empty string or a number') })
  .transform((value) => String(value));
const optionalText = z.string().nullish();

/** A person as Jelou describes one (SenderProps, MemberProps): its id and names under either spelling. */
const person = z.object({ id: id.nullish(), _id: id.nullish(), names: optionalText, name: optionalText });
export type WirePerson = z.output<typeof person>;

/** A room: its id, or an object (RoomProps) carrying it as `id` or `_id`. */
const room = z.union([id, z.object({ id: id.nullish(), _id: id.nullish() })], { error: unionError('must be a room id or an object with "id"') });
export type WireRoom = z.output<typeof room>;

/** `user-new`: the new widget user, with its room `G:<botId>:<referenceId>`. */
export const wireUserNew = z.object({
  payload: z.object({ id, names: optionalText, roomId: id.nullish(), botId: id.nullish(), createdAt: isoDateTime.nullish() }),
});

/** `message:user`: what a widget user wrote; only items whose `text` is a string carry text. */
export const wireMessageUser = z.object({
  app: z.object({ id: id.nullish() }).nullish(),
  sender: person,
  room: room.nullish(),
  messages: z.array(z.object({ type: optionalText, text: z.unknown().optional() })),
  datetime: isoDateTime.nullish(),
});

/** `room-member-add`, `room-member-remove`: the member's id, and its details when Jelou sends them. */
export const wireRoomMember = z.object({
  payload: z.object({ roomId: id, member: id, memberInfo: person.nullish() }),
  datetime: isoDateTime.nullish(),
});

/** `conversation-open`: the room, and who opened it. */
export const wireConversationOpen = z.object({
  payload: z.object({ room, openedBy: id.nullish() }),
  datetime: isoDateTime.nullish(),
});
