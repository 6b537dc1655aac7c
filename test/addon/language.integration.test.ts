// The add-on tells the server Gmail's language (Accept-Language), and the server's words on its cards follow it:
// the built bundle in the emulator against a real server on a temporary SQLite file.
import MailComposer from 'nodemailer/lib/mail-composer';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { actionParameters, cardOf, type Harness, notificationOf, startHarness } from './harness';

let h: Harness;

beforeAll(async () => {
  h = await startHarness();
  await h.scope.account.updateSettings({ neverLog: ['@spam.example'] });
});
afterAll(async () => h?.close());

const eml = (messageId: string) =>
  new MailComposer({
    messageId,
    from: 'Spammer <offers@spam.example>',
    to: 'Sam Seller <sam@acme.test>',
    subject: 'Offre',
    date: new Date('2026-03-02T10:00:00Z'),
    text: 'Achetez',
  })
    .compile()
    .build();

describe("the server's words in the sidebar", () => {
  it.each([
    [
      'fr-FR',
      "mailtrail a refusé la demande : Cet e-mail n'a pas été consigné : toutes les autres adresses de cet e-mail sont dans une liste « ne jamais consigner ».",
    ],
    [
      'en',
      'mailtrail refused the request: This email was not logged: every other address on this email is on a never-log list.',
    ],
  ])('say why an email was not logged in Gmail’s language (%s)', async (locale, expected) => {
    const addon = h.addon({ locale });
    const { messageId } = await addon.mailbox.add(await eml(`<offer-${locale}@spam.example>`));
    const card = cardOf(addon.message(messageId));
    const logged = addon.action('onLogMessage', {
      parameters: actionParameters(card, 'onLogMessage'),
      formInputs: {},
      messageId,
    });
    expect(notificationOf(logged)).toBe(expected);
  });
});
