import type { UserErrorModel } from '../shared/user-errors.js';
import type { WidgetUserModel } from '../../platforms/jelou/models.js';

// What the resolvers return beyond the platform's own models (src/platforms/jelou/models.ts).

export interface CreateWidgetUserPayloadModel {
  user: WidgetUserModel | null;
  userErrors: UserErrorModel[];
}
