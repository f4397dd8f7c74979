import { z } from 'zod';
import { isoDateTime } from '../webhook-kit.js';

/**
 * The bodies Rocket.Chat's Omnichannel webhook posts (apps/meteor/app/livechat/server/hooks/sendToCRM.ts,
 * lib/guests.ts getLivechatRoomGuestInfo, hooks/offlineMessage.ts), written by hand. Only the fields the
 * gateway reads are checked; everything else a server sends (label, topic, tags, customFields, crmData,
 * closedBy, closer, blocks, attachments, navigation …) passes unchecked, so a field the gateway never
 * shows cannot make a delivery fail. Fields a server may omit or send as null are nullish.
 */

const id = z.string().min(1, 'must not be empty');
const optionalText = z.string().nullish();

/** A list that a server may also send as one bare string (or null, or not at all): always a list. */
const listOf = <Item extends z.ZodType>(item: Item) =>
  z.preprocess((value) => (typeof value === 'string' ? [value] : (value ?? [])), z.array(item, { error: 'must be an array' }));

/**
 * `visitor.email`: `visitorEmails`, an array of `{address}` on current servers; plain strings on some
 * versions; a single string on very old ones and on offline messages (the form's field). All become strings.
 */
const emails = listOf(
  z
    .union([z.string(), z.object({ address: z.string() })], { error: 'must be a string or an object with a string "address"' })
    .transform((item) => (typeof item === 'string' ? item : item.address)),
);

/** `visitor.phone`: an array of `{phoneNumber}` on current servers, of strings or one string elsewhere. */
const phones = listOf(
  z
    .union([z.string(), z.object({ phoneNumber: z.string() })], { error: 'must be a string or an object with a string "phoneNumber"' })
    .transform((item) => (typeof item === 'string' ? item : item.phoneNumber)),
);

const visitor = z.object({ _id: optionalText, name: optionalText, username: optionalText, email: emails, phone: phones });

/** `servedBy` and `oldServedBy`: the agent's id, username and (servedBy) when they took the room. */
const servingAgent = z.object({ _id: id, username: optionalText, ts: isoDateTime.nullish() });

/** `agent`: the serving agent's user record (absent while nobody serves the room). */
const agent = z.object({ _id: id, username: optionalText, name: optionalText });

/**
 * A message of the room. `msg` is missing on a file-only message (Rocket.Chat sends
 * `msg || JSON.stringify(blocks)`, which is undefined without blocks); `agentId` marks an agent's message.
 */
const message = z.object({
  _id: optionalText,
  username: optionalText,
  msg: optionalText,
  ts: isoDateTime,
  agentId: optionalText,
  editedAt: isoDateTime.nullish(),
});

/** Every event about a room: its fields, and those each type adds (departmentId, servedBy, closedAt …). */
export const wireRoomEvent = z.object({
  type: z.string(),
  _id: id,
  departmentId: optionalText,
  oldDepartmentId: optionalText,
  visitor: visitor.nullish(),
  agent: agent.nullish(),
  servedBy: servingAgent.nullish(),
  oldServedBy: servingAgent.nullish(),
  closedAt: isoDateTime.nullish(),
  messages: z.array(message).nullish(),
});
export type WireRoomEvent = z.output<typeof wireRoomEvent>;
export type WireRoomMessage = z.output<typeof message>;

/** `LivechatOfflineMessage`: the offline form, with no room, visitor id or message id. */
export const wireOfflineMessage = z.object({
  type: z.literal('LivechatOfflineMessage'),
  sentAt: isoDateTime.nullish(),
  visitor: z.object({ name: optionalText, email: emails }).nullish(),
  message: z.string(),
});
export type WireOfflineMessage = z.output<typeof wireOfflineMessage>;
