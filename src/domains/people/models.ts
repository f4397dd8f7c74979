import type { PeoplePage, SyncState, WorkflowRecord } from '../../store/types.js';
import type { UserErrorModel } from '../shared/user-errors.js';

// What the people resolvers return beyond the store's records (src/store/types.ts).

export interface PeoplePageModel extends PeoplePage {
  offset: number;
  requested: number;
}

export interface DirectorySyncModel {
  states: SyncState[];
}

export interface SyncDirectoryPayloadModel {
  started: boolean;
  states: SyncState[];
}

/** onboardPerson / offboardPerson: the person is read from the directory only when asked for. */
export interface PersonPayloadModel {
  personId: string | null;
  workflow: WorkflowRecord | null;
  userErrors: UserErrorModel[];
}
