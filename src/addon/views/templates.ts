import { normaliseAddress } from '../../contract/addresses';
import type { ComposeContextResponse } from '../../contract/addon';
import type { Strings } from '../i18n';
import type { ActionButton, Choice } from './compose';
import { ACTION, FIELD } from './names';

/** The compose card's Insert template section: one list of the user's templates and snippets, one button. */
export type TemplatesView = {
  title: string;
  name: string;
  label: string;
  choices: Choice[];
  /** Why merge fields will use their fallbacks, when they will. */
  note: string | null;
  button: ActionButton;
};

/** Null when the user has none to insert: the card stays as short as before. */
export function templatesView(ctx: ComposeContextResponse, draftKey: string, s: Strings): TemplatesView | null {
  if (!ctx.templates.length) return null;
  const me = normaliseAddress(ctx.user.email);
  // The server fills fields for one recipient only; the sender's own address is not one (they may Bcc themselves).
  const readers = new Set(ctx.recipients.map((r) => r.address).filter((a) => a !== me)).size;
  return {
    title: s.templatesTitle,
    name: FIELD.template,
    label: s.templatePick,
    choices: ctx.templates.map((t, i) => ({
      text: `${t.kind === 'template' ? s.templateKindTemplate : s.templateKindSnippet}: ${t.name}`,
      value: t.id,
      selected: i === 0,
    })),
    note: readers > 1 ? s.templatesSeveral : readers === 0 ? s.templatesNoRecipient : null,
    button: { text: s.insertTemplate, action: ACTION.insertTemplate, parameters: { draftKey, bccDomain: ctx.bccDomain } },
  };
}
