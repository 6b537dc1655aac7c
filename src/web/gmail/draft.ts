import type { DraftUpdate } from './card-json';

/** `bodyVersion` changes when the body is replaced from outside the editor (an add-on insert, a prefilled reply). */
export type Draft = { to: string; cc: string; bcc: string; subject: string; body: string; bodyVersion: number };

export const splitAddresses = (value: string) =>
  value
    .split(/[,;\s]+/)
    .map((s) => s.trim())
    .filter(Boolean);

/** Applies an add-on's UpdateDraftActionResponse: recipient and subject lists are replaced, body content inserted. */
export function applyDraftUpdate(
  draft: Draft,
  update: DraftUpdate,
  insertAtCursor: (html: string) => string | null,
): Draft {
  const next = { ...draft };
  const list = (r?: { email: string }[]) => (r ?? []).map((x) => x.email).join(', ');
  if (update.updateToRecipients) next.to = list(update.updateToRecipients.toRecipients);
  if (update.updateCcRecipients) next.cc = list(update.updateCcRecipients.ccRecipients);
  if (update.updateBccRecipients) next.bcc = list(update.updateBccRecipients.bccRecipients);
  if (update.updateSubject) next.subject = update.updateSubject.subject;
  for (const c of update.updateBody?.insertContents ?? []) {
    const html =
      c.contentType === 'IMMUTABLE_HTML'
        ? `<span contenteditable="false" data-immutable="">${c.content}</span>`
        : c.contentType === 'MUTABLE_HTML'
          ? c.content
          : escapeHtml(c.content);
    const where = update.updateBody?.type ?? 'IN_PLACE_INSERT';
    if (where === 'INSERT_AT_START') next.body = html + next.body;
    else if (where === 'INSERT_AT_END') next.body = next.body + html;
    else next.body = insertAtCursor(html) ?? next.body + html;
    next.bodyVersion = draft.bodyVersion + 1;
  }
  return next;
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c]!);
}
