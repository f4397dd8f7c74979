import { z } from 'zod';

/**
 * Jelou's wire shapes for `POST /v1/widget/user` (shared/upstreams/jelou.md), written by hand: Jelou
 * publishes no schema or typings. Only the user's id is required, because the model is keyed by it;
 * everything else is optional or nullable, and values whose format the docs leave open (timestamps,
 * room members, tags) are taken as `unknown` so that mapping can turn what it cannot read into null
 * instead of failing the whole answer.
 */

/** An id that Jelou documents as a string; a loose server may send a number. */
const idLike = z.union([z.string(), z.number()]);
const numberLike = z.union([z.number(), z.string()]).nullish();
const text = z.string().nullish();

export const wireRoom = z
  .object({
    _id: idLike.nullish(),
    id: idLike.nullish(),
    name: text,
    type: text,
    kind: text,
    channel: text,
    channelProvider: text,
    avatarUrl: text,
    /** Documented as ids; objects with `id`/`_id` have been seen on other Jelou endpoints. */
    members: z.array(z.unknown()).nullish(),
    tags: z.array(z.unknown()).nullish(),
    deleted: z.union([z.boolean(), z.string()]).nullish(),
    lastMessageAt: z.unknown().optional(),
    createdAt: z.unknown().optional(),
    updatedAt: z.unknown().optional(),
  })
  // A room is only useful with an id: `id` (e.g. `G:<botId>:<referenceId>`), else the database `_id`.
  .refine((room) => hasId(room.id) || hasId(room._id), { message: 'a room needs an id or _id', path: ['id'] });
export type WireRoom = z.infer<typeof wireRoom>;

export const wireUser = z
  .object({
    id: idLike.nullish(),
    /** The id the gateway sent as `user.id`. */
    referenceId: idLike.nullish(),
    names: text,
    botId: text,
    socketId: text,
    companyId: numberLike,
    providerId: text,
    roomId: text,
    groupId: text,
    groupRoomId: text,
    databaseId: numberLike,
    createdAt: z.unknown().optional(),
    updatedAt: z.unknown().optional(),
  })
  .refine((user) => hasId(user.referenceId) || hasId(user.id), {
    message: 'a user needs a referenceId or id',
    path: ['referenceId'],
  });
export type WireUser = z.infer<typeof wireUser>;

export const widgetUserData = z.object({
  User: wireUser,
  Room: wireRoom.nullish(),
  groupRoom: wireRoom.nullish(),
});
export type WidgetUserData = z.infer<typeof widgetUserData>;

/** `{ message: ["User created successfully!"], statusMessage: "success", status: 1, data }`. */
export const widgetUserResponse = z.object({
  status: z.union([z.literal(1), z.literal('1')]),
  statusMessage: text,
  message: z.union([z.array(z.string()), z.string()]).nullish(),
  data: widgetUserData,
});

/** `{es, en}` texts; anything else there is dropped rather than refused. */
const messages = z
  .object({ en: z.string().optional().catch(undefined), es: z.string().optional().catch(undefined) })
  .nullish()
  .catch(undefined);

/**
 * The failure envelope: `{ message, statusMessage: "failed", status: 0, error: {code, key, description,
 * developerMessages, clientMessages}, validationError? }`. Every field is optional and a malformed one
 * is dropped, so a half-readable failure is still classified by what can be read.
 */
export const failureResponse = z.object({
  status: z.union([z.number(), z.string()]).nullish().catch(undefined),
  statusMessage: z.string().nullish().catch(undefined),
  error: z
    .object({
      code: z.union([z.string(), z.number()]).nullish().catch(undefined),
      key: z.string().nullish().catch(undefined),
      clientMessages: messages,
    })
    .nullish()
    .catch(undefined),
  /** Shape unpublished: parsed by `validationProblems` in errors.ts. */
  validationError: z.unknown().optional(),
});
export type FailureResponse = z.infer<typeof failureResponse>;

/** The JSON `user` object of the request. `legalId` is sent as the string the caller gave. */
export interface WidgetUserRequest {
  user: { id: string; names: string; legalId?: string };
}

function hasId(value: string | number | null | undefined): boolean {
  return (typeof value === 'string' && value !== '') || (typeof value === 'number' && Number.isFinite(value));
}
