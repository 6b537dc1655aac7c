// UpdateDraftActionResponse: what a compose action may change in the draft (insert body content; replace the
// subject, To, Cc or Bcc). Gmail's wire shape is renderActions.hostAppAction.gmailAction.updateDraftActionMarkup.
import { bareAddress, isAddress } from '../../contract/addresses';
import { Check, describe } from '../check';
import { Built, type EnumArg } from './base';
import { ContentType, UpdateDraftBodyType } from './enums';
import type { ActionResponseJson, InsertContentJson, RecipientJson, UpdateDraftActionMarkupJson } from './json';

export class UpdateDraftBodyAction {
  private readonly contents: InsertContentJson[] = [];
  private type: keyof typeof UpdateDraftBodyType = 'IN_PLACE_INSERT';
  constructor(private readonly c: Check) {}

  addUpdateContent(content: string, contentType: EnumArg): this {
    this.contents.push({
      content: this.c.text('content', content),
      contentType: this.c.oneOf('contentType', contentType, ContentType),
    });
    return this;
  }
  setUpdateType(updateType: EnumArg): this {
    this.type = this.c.oneOf('updateType', updateType, UpdateDraftBodyType);
    return this;
  }
  bodyJson(): NonNullable<UpdateDraftActionMarkupJson['updateBody']> {
    if (this.contents.length === 0) this.c.fail('UpdateDraftBodyAction: it inserts nothing; call addUpdateContent');
    return { insertContents: this.contents.map((c) => ({ ...c })), type: this.type };
  }
}

export class UpdateDraftSubjectAction {
  private subject?: string;
  constructor(private readonly c: Check) {}

  addUpdateSubject(subject: string): this {
    this.subject = this.c.text('subject', subject);
    return this;
  }
  subjectJson(): { subject: string } {
    if (this.subject === undefined) this.c.fail('UpdateDraftSubjectAction: call addUpdateSubject');
    return { subject: this.subject };
  }
}

/** Replaces the whole list in Gmail; an empty list clears the field. */
abstract class RecipientsAction {
  private recipients?: RecipientJson[];
  constructor(
    protected readonly c: Check,
    private readonly method: string,
  ) {}

  protected add(name: string, emails: unknown): this {
    if (!Array.isArray(emails))
      this.c.fail(`Invalid argument: ${name} (expected an array of addresses, got ${describe(emails)})`);
    const list = (this.recipients ??= []);
    for (const email of emails) {
      const text = this.c.text(name, email);
      if (!isAddress(bareAddress(text)))
        this.c.fail(`Invalid argument: ${name} (${JSON.stringify(text)} is not an email address)`);
      list.push({ email: text });
    }
    return this;
  }
  recipientsJson(): RecipientJson[] {
    if (!this.recipients) this.c.fail(`${this.method} was never called; the action would change nothing`);
    return this.recipients.map((r) => ({ ...r }));
  }
}

export class UpdateDraftToRecipientsAction extends RecipientsAction {
  constructor(c: Check) {
    super(c, 'UpdateDraftToRecipientsAction.addUpdateToRecipients');
  }
  addUpdateToRecipients(toRecipientEmails: string[]): this {
    return this.add('toRecipientEmails', toRecipientEmails);
  }
}

export class UpdateDraftCcRecipientsAction extends RecipientsAction {
  constructor(c: Check) {
    super(c, 'UpdateDraftCcRecipientsAction.addUpdateCcRecipients');
  }
  addUpdateCcRecipients(ccRecipientEmails: string[]): this {
    return this.add('ccRecipientEmails', ccRecipientEmails);
  }
}

export class UpdateDraftBccRecipientsAction extends RecipientsAction {
  constructor(c: Check) {
    super(c, 'UpdateDraftBccRecipientsAction.addUpdateBccRecipients');
  }
  addUpdateBccRecipients(bccRecipientEmails: string[]): this {
    return this.add('bccRecipientEmails', bccRecipientEmails);
  }
}

export class UpdateDraftActionResponse extends Built<ActionResponseJson> {}

export class UpdateDraftActionResponseBuilder {
  private body?: UpdateDraftBodyAction;
  private subject?: UpdateDraftSubjectAction;
  private to?: UpdateDraftToRecipientsAction;
  private cc?: UpdateDraftCcRecipientsAction;
  private bcc?: UpdateDraftBccRecipientsAction;
  constructor(private readonly c: Check) {}

  setUpdateDraftBodyAction(updateDraftBodyAction: UpdateDraftBodyAction): this {
    this.body = this.c.instance(
      'updateDraftBodyAction',
      updateDraftBodyAction,
      UpdateDraftBodyAction,
      'an UpdateDraftBodyAction',
    );
    return this;
  }
  setUpdateDraftSubjectAction(updateDraftSubjectAction: UpdateDraftSubjectAction): this {
    this.subject = this.c.instance(
      'updateDraftSubjectAction',
      updateDraftSubjectAction,
      UpdateDraftSubjectAction,
      'an UpdateDraftSubjectAction',
    );
    return this;
  }
  setUpdateDraftToRecipientsAction(updateDraftToRecipientsAction: UpdateDraftToRecipientsAction): this {
    this.to = this.c.instance(
      'updateDraftToRecipientsAction',
      updateDraftToRecipientsAction,
      UpdateDraftToRecipientsAction,
      'an UpdateDraftToRecipientsAction',
    );
    return this;
  }
  setUpdateDraftCcRecipientsAction(updateDraftCcRecipientsAction: UpdateDraftCcRecipientsAction): this {
    this.cc = this.c.instance(
      'updateDraftCcRecipientsAction',
      updateDraftCcRecipientsAction,
      UpdateDraftCcRecipientsAction,
      'an UpdateDraftCcRecipientsAction',
    );
    return this;
  }
  setUpdateDraftBccRecipientsAction(updateDraftBccRecipientsAction: UpdateDraftBccRecipientsAction): this {
    this.bcc = this.c.instance(
      'updateDraftBccRecipientsAction',
      updateDraftBccRecipientsAction,
      UpdateDraftBccRecipientsAction,
      'an UpdateDraftBccRecipientsAction',
    );
    return this;
  }

  build(): UpdateDraftActionResponse {
    if (!this.body && !this.subject && !this.to && !this.cc && !this.bcc) {
      this.c.fail(
        'UpdateDraftActionResponseBuilder.build: the response changes nothing; set a body, subject, To, Cc or Bcc action',
      );
    }
    const markup: UpdateDraftActionMarkupJson = {};
    if (this.body) markup.updateBody = this.body.bodyJson();
    if (this.subject) markup.updateSubject = this.subject.subjectJson();
    if (this.to) markup.updateToRecipients = { toRecipients: this.to.recipientsJson() };
    if (this.cc) markup.updateCcRecipients = { ccRecipients: this.cc.recipientsJson() };
    if (this.bcc) markup.updateBccRecipients = { bccRecipients: this.bcc.recipientsJson() };
    return new UpdateDraftActionResponse({
      renderActions: { hostAppAction: { gmailAction: { updateDraftActionMarkup: markup } } },
    });
  }
}
