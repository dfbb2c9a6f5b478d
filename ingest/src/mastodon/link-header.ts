/**
 * Parses an RFC 8288 Link header as Mastodon sends it for paging:
 * `<https://x/api/v1/timelines/public?max_id=1>; rel="next", <https://x/...?min_id=9>; rel="prev"`.
 * Returns rel -> URL; malformed parts are skipped.
 */
export function parseLinkHeader(value: string | null): Map<string, string> {
  const links = new Map<string, string>();
  if (!value) return links;
  for (const part of value.split(/,(?=\s*<)/u)) {
    const match = /^\s*<([^>]*)>(.*)$/u.exec(part);
    if (!match?.[1]) continue;
    const rel = /;\s*rel\s*=\s*"?([^";]+)"?/iu.exec(match[2] ?? '')?.[1];
    if (!rel) continue;
    for (const name of rel.trim().split(/\s+/u)) links.set(name.toLowerCase(), match[1]);
  }
  return links;
}
