import type { RocketChatUserModel } from '../../platforms/rocketchat/models.js';
import type { UserErrorModel } from '../shared/user-errors.js';

/** The payload of a mutation on one Rocket.Chat user. */
export interface RocketChatUserPayloadModel {
  user: RocketChatUserModel | null;
  userErrors: UserErrorModel[];
}
