/**
 * Status HTML exactly as Mastodon renders it (app/lib/text_formatter.rb in mastodon/mastodon), so that a
 * generated post exercises the same stripping a real one does.
 */

const ESCAPES: Readonly<Record<string, string>> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** Rails' `h`: the five characters HTML needs escaped, apostrophe as `&#39;`. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/gu, (char) => ESCAPES[char] ?? char);
}

const URL_PREFIX = /^(https?:\/\/(www\.)?|xmpp:)/u;
const VISIBLE_LENGTH = 30;

/**
 * TextFormatter.shortened_link: the scheme (and `www.`) hidden, 30 characters shown, the rest hidden with an
 * ellipsis; the hidden parts stay in the HTML inside `span.invisible`.
 */
export function linkHtml(url: string): string {
  const prefix = URL_PREFIX.exec(url)?.[0] ?? '';
  const rest = url.slice(prefix.length);
  const display = rest.slice(0, VISIBLE_LENGTH);
  const suffix = rest.slice(VISIBLE_LENGTH);
  const cutoff = rest.length > VISIBLE_LENGTH;
  return (
    `<a href="${escapeHtml(url)}" target="_blank" rel="nofollow noopener" translate="no">` +
    `<span class="invisible">${escapeHtml(prefix)}</span><span class="${cutoff ? 'ellipsis' : ''}">${escapeHtml(display)}</span>` +
    `<span class="invisible">${escapeHtml(suffix)}</span></a>`
  );
}

/** TextFormatter.link_to_mention: an h-card around the profile link, the username in a span. */
export function mentionHtml(profileUrl: string, username: string): string {
  return `<span class="h-card" translate="no"><a href="${escapeHtml(profileUrl)}" class="u-url mention">@<span>${escapeHtml(username)}</span></a></span>`;
}

/** TextFormatter.link_to_hashtag: the tag as the author typed it, linked to the instance's tag page. */
export function hashtagHtml(host: string, tag: string): string {
  return `<a href="https://${host}/tags/${encodeURIComponent(tag)}" class="mention hashtag" rel="tag">#<span>${escapeHtml(tag)}</span></a>`;
}

/** Paragraphs of already-rendered HTML, as Mastodon wraps them. */
export function paragraphsHtml(paragraphs: readonly string[]): string {
  return paragraphs.map((paragraph) => `<p>${paragraph}</p>`).join('');
}
