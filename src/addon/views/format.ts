// Text helpers for card widgets, which take a small HTML subset: anything from the CRM is escaped first.

export function escapeHtml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

/** A timestamp as the user reads it, in their language and time zone (both from the event object). */
export function formatWhen(iso: string, locale: string, timeZone: string): string {
  const date = new Date(iso);
  if (isNaN(date.getTime())) return iso;
  const options = { year: 'numeric', month: 'short', day: 'numeric', hour: '2-digit', minute: '2-digit' } as const;
  try {
    return date.toLocaleString(locale, { ...options, timeZone });
  } catch {
    // An unknown zone or locale must not cost the user the card.
    return date.toLocaleString('en', { ...options, timeZone: 'UTC' }) + ' UTC';
  }
}

/** Several clauses on one line. */
export function joinParts(parts: Array<string | null | undefined | false>): string | null {
  const kept = parts.filter((p): p is string => typeof p === 'string' && p.length > 0);
  return kept.length ? kept.join(' · ') : null;
}
