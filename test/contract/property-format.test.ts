// Record pages show values as people read them (issue 14): labels, amounts with their currency, dates in the
// reader's locale and time zone, all from the property catalogue.
import { describe, expect, it } from 'vitest';
import { formatPropertyValue } from '../../src/contract/property-format';

const deal = {
  dealstage: 'presentationscheduled',
  pipeline: 'default',
  amount: '24000',
  closedate: '2027-01-03T23:10:41.325Z',
  createdate: '2026-12-04T14:05:00.000Z',
};
const en = { locale: 'en-US', timeZone: 'America/New_York' };
const fr = { locale: 'fr-FR', timeZone: 'Europe/Paris' };
// Intl writes narrow no-break spaces in French numbers and times; a reader sees spaces.
const spaced = (s: string) => s.replace(/[\u202f\u00a0]/g, ' ');

describe('formatPropertyValue', () => {
  it('shows the stage and pipeline labels, not their internal values', () => {
    expect(formatPropertyValue('deals', 'dealstage', deal, en)).toBe('Presentation Scheduled');
    expect(formatPropertyValue('deals', 'pipeline', deal, en)).toBe('Sales Pipeline');
    // A pipeline read from elsewhere brings its own stage labels.
    expect(
      formatPropertyValue(
        'deals',
        'dealstage',
        { dealstage: '1234' },
        { ...en, options: { dealstage: [{ value: '1234', label: 'Signed' }] } },
      ),
    ).toBe('Signed');
  });

  it('shows an amount with its currency, in the reader’s locale', () => {
    expect(formatPropertyValue('deals', 'amount', deal, en)).toBe('$24,000.00');
    expect(spaced(formatPropertyValue('deals', 'amount', deal, fr))).toBe('24 000,00 $US');
    expect(spaced(formatPropertyValue('deals', 'amount', { ...deal, deal_currency_code: 'EUR' }, fr))).toBe(
      '24 000,00 €',
    );
  });

  it('shows dates and times in the reader’s locale and time zone; a close date is a day', () => {
    expect(formatPropertyValue('deals', 'closedate', deal, en)).toBe('Jan 3, 2027');
    expect(formatPropertyValue('deals', 'closedate', deal, fr)).toBe('4 janv. 2027');
    expect(spaced(formatPropertyValue('deals', 'createdate', deal, en))).toBe('Dec 4, 2026, 9:05 AM');
    expect(formatPropertyValue('deals', 'createdate', deal, fr)).toBe('4 déc. 2026, 15:05');
  });

  it('shows what it cannot read as stored, and nothing for no value', () => {
    expect(formatPropertyValue('deals', 'amount', { amount: 'n/a' }, en)).toBe('n/a');
    expect(formatPropertyValue('deals', 'dealstage', { dealstage: 'unknownstage' }, en)).toBe('unknownstage');
    expect(formatPropertyValue('deals', 'amount', {}, en)).toBe('');
  });
});
