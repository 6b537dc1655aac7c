import type { ComposeContextResponse } from '../../contract/addon';
import type { Strings } from '../i18n';
import type { ComposeView, ToggleView } from './compose';

export type ApplyOutcome = {
  track: 'off' | 'opens' | 'opens_clicks';
  anonymous: boolean;
  log: boolean;
  records: number;
  contacts: number;
};

const isOn = (t: ToggleView) => (t.kind === 'switch' ? t.selected : t.value);

/**
 * What Apply will do, from the card as it stands. Gmail lets a compose action answer with draft changes only (no
 * notification, no card), so the card says it before the click rather than after.
 */
export function applySummary(
  card: Pick<ComposeView, 'track' | 'log' | 'associations' | 'createContacts'> & {
    clicks: boolean;
    mode: ComposeContextResponse['tracking']['mode'];
  },
  s: Strings,
): string {
  const tracked = isOn(card.track);
  const a = card.associations;
  return s.applySummary({
    track: !tracked ? 'off' : card.clicks ? 'opens_clicks' : 'opens',
    anonymous: tracked && card.mode === 'anonymous',
    log: isOn(card.log),
    // An enforced picker lists its locked line first, then the records.
    records: a.kind === 'choices' ? a.choices.filter((c) => c.selected).length : a.lines.length - 1,
    contacts: card.createContacts?.choices.filter((c) => c.selected).length ?? 0,
  });
}
