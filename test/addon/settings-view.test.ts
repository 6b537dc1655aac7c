import { describe, expect, it } from 'vitest';
import { stringsFor } from '../../src/addon/i18n';
import {
  addNeverLog,
  deserialiseNeverLog,
  NEVER_LOG_LIMIT_BYTES,
  removeNeverLog,
  serialiseNeverLog,
  settingsView,
  utf8Bytes,
} from '../../src/addon/views/settings';
import { AddonFailure, describeFailure, errorView } from '../../src/addon/views/failure';
import { languageOf } from '../../src/addon/i18n';
import { me } from './fixtures';

const en = stringsFor('en');

describe('the never-log list in user properties', () => {
  it('adds addresses, @domains and *.domains, normalised and without duplicates', () => {
    const edit = addNeverLog(['@private.example'], ' CEO@Board.example, @PRIVATE.example; *.Holding.example ceo@board.example', en);
    expect(edit).toEqual({ list: ['@private.example', 'ceo@board.example', '*.holding.example'], changed: true, notice: '2 entries added.' });
  });

  it('refuses the whole addition when one entry is not a rule, and says which', () => {
    const edit = addNeverLog(['@private.example'], 'ok@fine.example, not-an-address, @', en);
    expect(edit.changed).toBe(false);
    expect(edit.list).toEqual(['@private.example']);
    expect(edit.notice).toBe('Nothing was added: "not-an-address", "@" — each entry must be an address, @domain or *.domain.');
  });

  it('says so when nothing new was typed', () => {
    expect(addNeverLog(['@x.example'], '@X.example', en)).toMatchObject({ changed: false, notice: en.alreadyListed });
    expect(addNeverLog([], '   ', en)).toMatchObject({ changed: false, notice: en.neverLogNothing });
  });

  it('warns before the 9 KB value limit and refuses to pass it', () => {
    const list: string[] = [];
    for (let i = 0; utf8Bytes(serialiseNeverLog(list)) < 7600; i++) list.push(`someone.${i}@a-long-domain-name.example`);
    const near = addNeverLog(list, 'one.more@x.example', en);
    expect(near.changed).toBe(true);
    expect(near.notice).toMatch(/Your list uses \d\.\d KB of 9 KB: it is nearly full\./);

    while (utf8Bytes(serialiseNeverLog(list)) < NEVER_LOG_LIMIT_BYTES - 20) list.push(`x${list.length}@a-long-domain-name.example`);
    const full = addNeverLog(list, 'another-long-address@a-long-domain-name.example', en);
    expect(full).toEqual({ list, changed: false, notice: en.neverLogFull });
  });

  it('removes ticked and typed entries, and says when there was nothing to remove', () => {
    const list = ['@a.example', 'b@b.example', '*.c.example'];
    expect(removeNeverLog(list, ['@a.example'], 'B@b.example', en)).toEqual({ list: ['*.c.example'], changed: true, notice: '2 entries removed.' });
    expect(removeNeverLog(list, [], '', en)).toMatchObject({ changed: false, notice: en.nothingToRemove });
  });

  it('reads back what it stored, dropping anything that is not a rule', () => {
    expect(deserialiseNeverLog('@a.example\nb@b.example\n\ngarbage')).toEqual(['@a.example', 'b@b.example']);
    expect(deserialiseNeverLog(null)).toEqual([]);
  });
});

describe('the settings card', () => {
  it("lists the user's entries to tick, the account's list read-only, and the defaults where not enforced", () => {
    const v = settingsView(me({ settings: { ...me().settings, log: { value: true, enforced: true } } }), ['@a.example'], { track: false }, null, en);
    expect(v.neverLog.ticked?.choices).toEqual([{ text: '@a.example', value: '@a.example', selected: false }]);
    expect(v.account.text).toBe('@competitor.example');
    expect(v.defaults.track).toEqual({ kind: 'switch', name: 'trackDefault', label: 'Track', selected: false });
    expect(v.defaults.log).toMatchObject({ kind: 'fixed', value: true, reason: en.setByAdmin });
    expect(v.defaults.save?.parameters).toEqual({ track: 'on', log: '' });
  });
});

describe('errors and language', () => {
  it('says what failed in words, never with a stack trace', () => {
    expect(describeFailure(new AddonFailure('unreachable', { host: 'crm.example' }), en)).toMatch(/could not be reached at crm\.example/);
    expect(describeFailure(new AddonFailure('server', { status: 503, correlationId: 'c-1' }), en)).toMatch(/HTTP 503.*c-1/);
    expect(describeFailure(new AddonFailure('unauthorized', { status: 403, serverMessage: 'sam@x is not a user of any account' }), en)).toBe(
      'mailtrail did not accept your Google account: sam@x is not a user of any account',
    );
    const v = errorView(new AddonFailure('timeout'), 'compose', en);
    expect(v).toEqual({ title: en.errorTitle, message: en.failTimeout, retry: { text: 'Retry', parameters: { view: 'compose' } } });
  });

  it('picks French for fr, fr-FR and fr_CA, English otherwise', () => {
    expect(['fr', 'fr-FR', 'fr_CA', 'en-US', 'de', undefined, 'frisian'].map(languageOf)).toEqual(['fr', 'fr', 'fr', 'en', 'en', 'en', 'en']);
  });
});
