import type { EventLabel } from './addon';

/**
 * Whether a person most likely made an open or a click (T9). A Gmail image-proxy fetch is the reader opening the
 * message (Gmail fetches on open, not on delivery), so a proxy open counts as the person's; a proxy never clicks.
 * Every view and count of people against machines goes through this one rule.
 */
export function madeByPerson(kind: 'open' | 'click', label: EventLabel): boolean {
  return label === 'human' || (kind === 'open' && label === 'proxy');
}
