// GmailApp over the emulated mailbox: the open message with headers, bodies and attachments, its thread, and
// access only through the event's token.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { AccessTokens } from '../../src/emulator/gmail/access';
import { createGmailApp } from '../../src/emulator/gmail/gmail-app';
import { gmailIdOf, Mailbox } from '../../src/emulator/gmail/mailbox';
import { hostRealm } from '../../src/emulator/realm';

const fixture = (name: string) => readFileSync(new URL(`./fixtures/${name}`, import.meta.url));

async function setup() {
  const mailbox = new Mailbox();
  const quote = await mailbox.add(fixture('quote.eml'));
  const reply = await mailbox.add(fixture('reply.eml'));
  const other = await mailbox.add(fixture('other.eml'));
  const tokens = new AccessTokens();
  const gmail = createGmailApp({ realm: hostRealm, mailbox, tokens });
  return { mailbox, quote, reply, other, tokens, gmail };
}

describe('Mailbox', () => {
  it('gives each source a 16-hex-digit id that does not change, and groups replies into their thread', async () => {
    const { mailbox, quote, reply, other } = await setup();
    expect(quote.messageId).toMatch(/^[0-9a-f]{16}$/);
    expect(quote.messageId).toBe(gmailIdOf(fixture('quote.eml')));
    expect(reply.threadId).toBe(quote.messageId);
    expect(other.threadId).toBe(other.messageId);
    expect(await mailbox.add(fixture('quote.eml'))).toEqual(quote);
    expect(mailbox.thread(quote.threadId).map((m) => m.id)).toEqual([quote.messageId, reply.messageId]);
  });

  it('an explicit thread id wins over headers', async () => {
    const mailbox = new Mailbox();
    const a = await mailbox.add(fixture('other.eml'), { threadId: 't-1' });
    expect(a.threadId).toBe('t-1');
  });
});

describe('GmailApp', () => {
  it('reads nothing before setCurrentMessageAccessToken, as in Apps Script', async () => {
    const { gmail, quote } = await setup();
    expect(() => gmail.getMessageById(quote.messageId)).toThrow(
      /Access denied: : Missing access token for per message scope authorization/,
    );
  });

  it('gives the open message: headers decoded and unfolded, bodies, date', async () => {
    const { gmail, tokens, quote } = await setup();
    gmail.setCurrentMessageAccessToken(tokens.issue(quote.messageId));
    const m = gmail.getMessageById(quote.messageId);
    expect(m.getId()).toBe(quote.messageId);
    expect(m.getFrom()).toBe('"Bob Stone" <bob@example.com>');
    expect(m.getTo()).toBe('Ada Lovelace <ada@acme.test>');
    expect(m.getCc()).toBe('André Martin <andre@example.com>');
    expect(m.getBcc()).toBe('');
    expect(m.getReplyTo()).toBe('sales@example.com');
    expect(m.getSubject()).toBe('Quote for café machines');
    expect(m.getDate().toISOString()).toBe('2024-10-01T10:00:00.000Z');
    expect(m.getHeader('Message-ID')).toBe('<quote-1@example.com>');
    expect(m.getHeader('x-campaign')).toBe('autumn 2024');
    expect(m.getHeader('X-Missing')).toBe('');
    expect(m.getPlainBody().trim()).toBe('Hello Ada, the quote is attached.');
    expect(m.getBody()).toBe('<p>Hello Ada, the quote is <b>attached</b>.</p>');
    expect(m.getRawContent()).toContain('Message-ID: <quote-1@example.com>');
  });

  it('gives attachments as blobs with name, type, bytes and size', async () => {
    const { gmail, tokens, quote } = await setup();
    gmail.setCurrentMessageAccessToken(tokens.issue(quote.messageId));
    const [pdf, csv] = gmail.getMessageById(quote.messageId).getAttachments();
    expect([pdf.getName(), pdf.getContentType(), pdf.getSize()]).toEqual(['quote.pdf', 'application/pdf', 54]);
    expect(Buffer.from(pdf.getBytes()).toString('latin1').startsWith('%PDF-1.4')).toBe(true);
    expect(pdf.getHash()).toMatch(/^[0-9a-f]{40}$/);
    expect([csv.getName(), csv.getContentType(), csv.getDataAsString()]).toEqual([
      'prices.csv',
      'text/csv',
      'item,price\r\nespresso,1200',
    ]);
    expect(csv.copyBlob().getName()).toBe('prices.csv');
  });

  it('the token also opens the rest of the thread; an HTML-only message has a plain body derived from it', async () => {
    const { gmail, tokens, quote, reply } = await setup();
    gmail.setCurrentMessageAccessToken(tokens.issue(reply.messageId));
    const thread = gmail.getMessageById(reply.messageId).getThread();
    expect(thread.getId()).toBe(quote.threadId);
    expect(thread.getFirstMessageSubject()).toBe('Quote for café machines');
    expect(thread.getMessages().map((m) => m.getId())).toEqual([quote.messageId, reply.messageId]);
    expect(thread.getMessageCount()).toBe(2);
    expect(gmail.getMessageById(quote.messageId).getSubject()).toBe('Quote for café machines');
    expect(gmail.getMessageById(reply.messageId).getPlainBody()).toBe('Thanks Bob & team,\nwe will order two.');
    expect(gmail.getThreadById(quote.threadId).getMessages()).toHaveLength(2);
  });

  it('the token opens no other thread; a compose token opens no message; a made-up token is refused', async () => {
    const { gmail, tokens, quote, other } = await setup();
    gmail.setCurrentMessageAccessToken(tokens.issue(quote.messageId));
    expect(() => gmail.getMessageById(other.messageId)).toThrow(
      /Access denied: : Per message scope authorization failed/,
    );
    gmail.setCurrentMessageAccessToken(tokens.issue());
    expect(() => gmail.getMessageById(quote.messageId)).toThrow(/Per message scope authorization failed/);
    expect(() => gmail.setCurrentMessageAccessToken('forged')).toThrow(/Invalid argument: accessToken/);
  });
});
