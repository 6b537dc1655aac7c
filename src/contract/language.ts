// The languages mailtrail speaks: the add-on, the web app and the texts the server writes for a user.

export const LANGUAGES = ['en', 'fr'] as const;
export type Language = (typeof LANGUAGES)[number];

/** `fr`, `fr-FR`, `fr_CA` → French; anything else (or nothing) → English. */
export function languageOf(locale: string | null | undefined): Language {
  return /^fr([-_]|$)/i.test(locale ?? '') ? 'fr' : 'en';
}

/**
 * The language an Accept-Language header asks for: the first of its tags (by quality) that mailtrail speaks, or
 * undefined when it names none (the caller then falls back, e.g. to the user's saved language).
 */
export function languageOfHeader(header: string | null | undefined): Language | undefined {
  const tags = (header ?? '')
    .split(',')
    .map((part, i) => {
      const [tag, ...params] = part.trim().split(';');
      const q = params.map((p) => /^\s*q=([\d.]+)\s*$/.exec(p)).find(Boolean);
      return { tag: tag.trim().toLowerCase(), q: q ? Number(q[1]) : 1, i };
    })
    .filter((t) => t.tag && t.q > 0)
    .sort((a, b) => b.q - a.q || a.i - b.i);
  for (const { tag } of tags) {
    if (/^fr([-_]|$)/.test(tag)) return 'fr';
    if (/^en([-_]|$)/.test(tag)) return 'en';
  }
  return undefined;
}
