// The draft in Gmail's compose window: what the user typed and what the add-on's UpdateDraftActionResponses
// changed. Its recipients feed the next compose event; Send turns its body into the message that goes out.
// https://developers.google.com/workspace/add-ons/gmail/extending-compose-ui#inserting_content_into_the_current_draft
import MailComposer from 'nodemailer/lib/mail-composer';
import type { UpdateDraftActionMarkupJson } from '../card-service/json';

export interface DraftFields {
  to: string[];
  cc: string[];
  bcc: string[];
  subject: string;
  /** The body as HTML. */
  body: string;
}

export interface SentDraft {
  /** The message as the sender's Sent folder keeps it, Bcc line included. */
  sent: Buffer;
  /** The message as it travels to every recipient (the Bcc copy too): without the Bcc line. */
  wire: Buffer;
  /** Every envelope recipient: To, Cc and Bcc. */
  recipients: string[];
}

const escapeHtml = (text: string) =>
  text.replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c]!);

export class Draft implements DraftFields {
  to: string[];
  cc: string[];
  bcc: string[];
  subject: string;
  body: string;
  /** Where the user's cursor is in the body: IN_PLACE_INSERT puts content there. */
  private cursor: number;

  constructor(fields: Partial<DraftFields> = {}) {
    this.to = [...(fields.to ?? [])];
    this.cc = [...(fields.cc ?? [])];
    this.bcc = [...(fields.bcc ?? [])];
    this.subject = fields.subject ?? '';
    this.body = fields.body ?? '';
    this.cursor = this.body.length;
  }

  /** The user types HTML at the cursor. */
  type(html: string): void {
    this.body = this.body.slice(0, this.cursor) + html + this.body.slice(this.cursor);
    this.cursor += html.length;
  }

  /** What Gmail does with an UpdateDraftActionResponse: lists and subject replaced, content inserted. */
  apply(markup: UpdateDraftActionMarkupJson): void {
    const emails = (list: { email: string }[]) => list.map((r) => r.email);
    if (markup.updateToRecipients) this.to = emails(markup.updateToRecipients.toRecipients);
    if (markup.updateCcRecipients) this.cc = emails(markup.updateCcRecipients.ccRecipients);
    if (markup.updateBccRecipients) this.bcc = emails(markup.updateBccRecipients.bccRecipients);
    if (markup.updateSubject) this.subject = markup.updateSubject.subject;
    const body = markup.updateBody;
    if (!body) return;
    const html = body.insertContents
      .map((c) => (c.contentType === 'TEXT' ? escapeHtml(c.content) : c.content))
      .join('');
    if (body.type === 'INSERT_AT_START') {
      this.body = html + this.body;
      this.cursor += html.length;
    } else if (body.type === 'INSERT_AT_END') this.body += html;
    else this.type(html);
  }

  /** Send: the message built once (its Message-ID and Date fixed), kept with its Bcc line and sent without it. */
  async send(from: string): Promise<SentDraft> {
    const recipients = [...this.to, ...this.cc, ...this.bcc];
    if (!recipients.length) throw new Error('Please specify at least one recipient.');
    const fields = {
      from,
      to: this.to,
      cc: this.cc,
      subject: this.subject,
      html: this.body,
      messageId: `<${crypto.randomUUID()}@gmail.emulated>`,
      date: new Date(),
    };
    const build = (bcc: string[]) => {
      const composer = new MailComposer({ ...fields, bcc });
      // MailComposer leaves Bcc out unless asked: the Sent copy keeps it, as Gmail shows it there.
      const node = composer.compile();
      node.keepBcc = bcc.length > 0;
      return node.build();
    };
    return { sent: await build(this.bcc), wire: await build([]), recipients };
  }
}
