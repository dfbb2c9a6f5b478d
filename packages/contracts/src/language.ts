/**
 * Languages are counted by their base ISO 639 code. Mastodon sends `en`, and clients and older servers also
 * send `EN`, `en-US` or `pt_BR`; a post and a query must name a language the same way to meet.
 */
export function normalizeLanguage(language: string | null | undefined): string | null {
  if (!language) return null;
  const base = language.trim().toLowerCase().split(/[-_]/u)[0] ?? '';
  return /^[a-z]{2,3}$/u.test(base) ? base : null;
}
