import { z } from 'zod';

/**
 * Rocket.Chat's wire shapes for its users (`users.*` endpoints) and an agent's availability
 * (shared/upstreams/rocketchat.md, "Users" and "Availability").
 */
const email = z.object({
  address: z.string(),
  verified: z.union([z.boolean(), z.string()]).nullish(),
});

/**
 * The full user, as `users.info` answers a caller with `view-full-other-user-info` and `users.create`
 * answers. `roles` is required: without it the gateway cannot tell an agent from anyone else, and an
 * answer lacking it means the service account sees only the public view.
 */
export const wireAccount = z.object({
  _id: z.string().min(1),
  username: z.string().nullish(),
  name: z.string().nullish(),
  emails: z.array(email).nullish(),
  active: z.boolean().nullish(),
  roles: z.array(z.string()),
});
export type WireAccount = z.infer<typeof wireAccount>;

export const accountResponse = z.object({ user: wireAccount, success: z.literal(true) });

export const setActiveStatusResponse = z.object({
  user: z.object({ _id: z.string().min(1), active: z.boolean() }),
  success: z.literal(true),
});

/** `POST /livechat/agent.status`: the status the agent has after the call (the old one when nothing changed). */
export const agentStatusResponse = z.object({ status: z.string(), success: z.literal(true) });

/** `POST /users.create`: only these keys are sent; the server refuses any it does not know. */
export interface CreateAccountBody {
  username: string;
  name: string;
  email: string;
  password: string;
  roles: string[];
  /** Always false: a new agent is not put into the workspace's default channels. */
  joinDefaultChannels: false;
}

export type WireLivechatStatus = 'available' | 'not-available';
