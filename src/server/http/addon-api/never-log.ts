import { parseNeverLogList } from '../../../contract/never-log';
import { validationError } from '../../core/api-error';

/**
 * The user's never-log list as the sidebar sent it, each entry a rule; otherwise a 400 naming the entries that are
 * not, ending with what was not done (`nothingDone`, e.g. "No deal was created.").
 */
export function checkedNeverLog(entries: string[], nothingDone: string): string[] {
  const { rules, errors } = parseNeverLogList(entries);
  if (errors.length)
    throw validationError(`The never-log list has entries that are not rules: ${errors.join('; ')}. ${nothingDone}`);
  return rules.map((r) => r.text);
}
