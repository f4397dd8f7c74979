import { InputProblems, idIssue } from '../shared/input.js';
import type { UserErrorModel } from '../shared/user-errors.js';
import type { WidgetUserInput } from '../../platforms/jelou/models.js';

const MAX_NAMES_LENGTH = 200;
const MAX_LEGAL_ID_LENGTH = 64;

export type WidgetUserInputCheck = { ok: true; value: WidgetUserInput } | { ok: false; userErrors: UserErrorModel[] };

/** Validates `createWidgetUser`'s input before anything reaches Jelou. */
export function toWidgetUserInput(input: { id: string; names: string; legalId?: string | null }): WidgetUserInputCheck {
  const problems = new InputProblems();
  const idProblem = idIssue(input.id);
  if (idProblem !== undefined) problems.add(['input', 'id'], `The id ${idProblem}.`);
  problems.text(['input', 'names'], 'The names', input.names, MAX_NAMES_LENGTH);
  const legalId = input.legalId ?? undefined;
  if (legalId !== undefined) problems.text(['input', 'legalId'], 'The legal id', legalId, MAX_LEGAL_ID_LENGTH);
  if (!problems.empty) return { ok: false, userErrors: problems.list };
  return {
    ok: true,
    // The legal id is sent exactly as given: leading zeros and letters are meaningful.
    value: { id: input.id, names: input.names.trim(), ...(legalId !== undefined && { legalId }) },
  };
}
