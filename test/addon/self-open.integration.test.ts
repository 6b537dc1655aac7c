// T8 through the real sidebar: the sender opens a thread in which the reader's reply sits on top of the sender's own
// tracked email. The message card (built bundle, emulator) reports every message of the thread in its one call, so
// Gmail's fetch of the pixel in the sender's own email is labelled theirs, not an open.
import MailComposer from 'nodemailer/lib/mail-composer';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { UA, trackedEmail } from '../tracking/fixtures';
import { cardOf, type Harness, startHarness, widgetsOf } from './harness';

let h: Harness;

beforeAll(async () => {
  h = await startHarness();
});
afterAll(async () => h?.close());

function eml(opts: { messageId: string; from: string; to: string; subject: string; date: string; inReplyTo?: string }): Promise<Buffer> {
  return new MailComposer({
    messageId: opts.messageId,
    from: opts.from,
    to: opts.to,
    subject: opts.subject,
    date: new Date(opts.date),
    text: 'Hello',
    ...(opts.inReplyTo ? { inReplyTo: opts.inReplyTo, references: [opts.inReplyTo] } : {}),
  })
    .compile()
    .build();
}

/** The home card's rows as "<kind>: <who · subject>". */
function homeRows(card: any): string[] {
  return widgetsOf(card).flatMap((w: any) => (w.decoratedText ? [`${w.decoratedText.topLabel}: ${w.decoratedText.text}`] : []));
}

it("the sender reading a thread with the reply on top reads their own tracked email: Gmail fetching its pixel is no open", async () => {
  const sam = h.account.users['sam@acme.test'];
  const mine = await trackedEmail(h.store, h.account.accountId, { userId: sam.id, mode: 'identified', to: ['grace@engines.example'], subject: 'Compiler licence' });
  const unread = await trackedEmail(h.store, h.account.accountId, { userId: sam.id, mode: 'identified', to: ['hal@engines.example'], subject: 'Support renewal' });
  const messageId = mine.intent.messageId!;

  const addon = h.addon();
  const sent = await addon.mailbox.add(await eml({ messageId, from: 'Sam Seller <sam@acme.test>', to: 'grace@engines.example', subject: 'Compiler licence', date: '2026-03-02T10:00:00Z' }));
  const reply = await addon.mailbox.add(
    await eml({ messageId: '<reply-1@engines.example>', from: 'Grace Hopper <grace@engines.example>', to: 'sam@acme.test', subject: 'Re: Compiler licence', date: '2026-03-02T11:00:00Z', inReplyTo: messageId }),
  );
  expect(reply.threadId).toBe(sent.threadId);

  // Sam opens the thread; Gmail selects the newest message, Grace's reply.
  cardOf(addon.message(reply.messageId));
  expect(addon.fetches).toHaveLength(1);

  // Gmail renders the whole thread and its image proxy fetches the pixel of Sam's own message; another of his
  // tracked emails, not on screen, is opened by its reader through the same proxy.
  for (const token of [mine.intent.token, unread.intent.token]) {
    const res = await fetch(`${h.server.url}/t/o/${token}.gif`, { headers: { 'user-agent': UA.gmailProxy } });
    expect(res.status).toBe(200);
  }

  const tracking = h.scope.tracking;
  expect(await tracking.eventsOf(mine.intent.id, 10)).toMatchObject([{ kind: 'open', label: 'self', reasons: expect.arrayContaining(['sender-viewing']) }]);
  expect(await tracking.eventsOf(unread.intent.id, 10)).toMatchObject([{ kind: 'open', label: 'proxy' }]);

  // What Sam sees on the home card: his own read left the email Sent; Hal's read made the other one Opened.
  const home = homeRows(cardOf(addon.homepage()));
  expect(home).toContain('Sent: grace@engines.example · Compiler licence');
  expect(home).toContainEqual(expect.stringMatching(/^Opened\b.*: hal@engines\.example · Support renewal$/));
});
