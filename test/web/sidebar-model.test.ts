import { describe, expect, it } from 'vitest';
import { initialInputs, navigateStack, readEffects, type Card } from '../../src/web/gmail/card-json';
import { applyDraftUpdate, type Draft } from '../../src/web/gmail/draft';

// How the emulated Gmail reads the add-on's answers: the envelope, the card stack, form inputs, draft updates.
const card = (name: string): Card => ({
  name,
  header: { title: name },
  sections: [{ widgets: [{ textParagraph: { text: name } }] }],
});

describe('the add-on sidebar model', () => {
  it('reads a trigger answer, an action answer and a draft update from their envelopes', () => {
    expect(readEffects({ action: { navigations: [{ pushCard: card('home') }] } }).navigations).toEqual([
      { pushCard: card('home') },
    ]);
    const action = readEffects({
      renderActions: {
        action: {
          navigations: [{ updateCard: card('b') }],
          notification: { text: 'Saved' },
          link: { url: 'https://x.test/' },
        },
      },
    });
    expect(action).toMatchObject({
      notification: 'Saved',
      openLink: 'https://x.test/',
      navigations: [{ updateCard: card('b') }],
      draft: null,
    });
    const markup = { updateBccRecipients: { bccRecipients: [{ email: 'log+t@bcc.acme.test' }] } };
    expect(
      readEffects({ renderActions: { hostAppAction: { gmailAction: { updateDraftActionMarkup: markup } } } }).draft,
    ).toEqual(markup);
    expect(readEffects([card('a'), card('b')]).navigations).toHaveLength(2);
    expect(readEffects(null).navigations).toEqual([]);
  });

  it('keeps a card stack as Gmail does: push, update the top, pop, pop to root, pop to a named card', () => {
    let stack = navigateStack([], [{ pushCard: card('root') }, { pushCard: card('a') }, { pushCard: card('b') }]);
    expect(stack.map((c) => c.name)).toEqual(['root', 'a', 'b']);
    stack = navigateStack(stack, [{ updateCard: card('b2') }]);
    expect(stack.map((c) => c.name)).toEqual(['root', 'a', 'b2']);
    expect(navigateStack(stack, [{ popToCard: 'a' }]).map((c) => c.name)).toEqual(['root', 'a']);
    expect(navigateStack(stack, [{ popToRoot: true }]).map((c) => c.name)).toEqual(['root']);
    // The root card is never popped away.
    expect(navigateStack([card('root')], [{ popCard: true }]).map((c) => c.name)).toEqual(['root']);
  });

  it("starts form inputs from the card's values, as Gmail sends them (switches only when on)", () => {
    const form: Card = {
      sections: [
        {
          widgets: [
            { textInput: { name: 'url', value: 'https://acme.test' } },
            { textInput: { name: 'empty' } },
            {
              selectionInput: {
                name: 'assoc',
                type: 'CHECK_BOX',
                items: [
                  { text: 'A', value: 'a', selected: true },
                  { text: 'B', value: 'b' },
                ],
              },
            },
            { decoratedText: { text: 'Track', switchControl: { name: 'track', value: 'on', selected: true } } },
            { decoratedText: { text: 'Log', switchControl: { name: 'log', value: 'on', selected: false } } },
          ],
        },
      ],
    };
    expect(initialInputs(form)).toEqual({
      url: ['https://acme.test'],
      empty: [],
      assoc: ['a'],
      track: ['on'],
      log: [],
    });
  });

  it('applies an UpdateDraftActionResponse: recipients replaced, immutable HTML kept from editing, text escaped', () => {
    const draft: Draft = {
      to: 'hank@globex.test',
      cc: '',
      bcc: 'boss@acme.test',
      subject: 'Hi',
      body: '<p>Hello</p>',
      bodyVersion: 3,
    };
    const next = applyDraftUpdate(
      draft,
      {
        updateBccRecipients: { bccRecipients: [{ email: 'boss@acme.test' }, { email: 'log+tok@bcc.acme.test' }] },
        updateBody: {
          type: 'INSERT_AT_END',
          insertContents: [
            {
              content: '<img src="https://x.test/t/o/tok.gif" width="1" height="1" alt="">',
              contentType: 'IMMUTABLE_HTML',
            },
          ],
        },
      },
      () => null,
    );
    expect(next.bcc).toBe('boss@acme.test, log+tok@bcc.acme.test');
    expect(next.to).toBe('hank@globex.test');
    expect(next.body).toBe(
      '<p>Hello</p><span contenteditable="false" data-immutable=""><img src="https://x.test/t/o/tok.gif" width="1" height="1" alt=""></span>',
    );
    expect(next.bodyVersion).toBe(4);
    const text = applyDraftUpdate(
      draft,
      { updateBody: { type: 'INSERT_AT_START', insertContents: [{ content: '<b>x</b>', contentType: 'TEXT' }] } },
      () => null,
    );
    expect(text.body).toBe('&lt;b&gt;x&lt;/b&gt;<p>Hello</p>');
    // At the cursor when the editor knows it, else at the end.
    expect(
      applyDraftUpdate(
        draft,
        { updateBody: { insertContents: [{ content: 'A', contentType: 'MUTABLE_HTML' }] } },
        () => '<p>HeAllo</p>',
      ).body,
    ).toBe('<p>HeAllo</p>');
    expect(applyDraftUpdate(draft, { updateSubject: { subject: 'New' } }, () => null)).toMatchObject({
      subject: 'New',
      bodyVersion: 3,
    });
  });
});
