import { describe, expect, it } from 'vitest';
import { parseLinkHeader } from '../../src/mastodon/link-header.js';

describe('parseLinkHeader', () => {
  it('reads Mastodon paging links', () => {
    const links = parseLinkHeader(
      '<https://mastodon.example/api/v1/timelines/public?limit=40&max_id=109>; rel="next", <https://mastodon.example/api/v1/timelines/public?limit=40&min_id=200>; rel="prev"',
    );
    expect(links.get('next')).toBe('https://mastodon.example/api/v1/timelines/public?limit=40&max_id=109');
    expect(links.get('prev')).toBe('https://mastodon.example/api/v1/timelines/public?limit=40&min_id=200');
  });

  it('tolerates missing, unquoted and garbage parts', () => {
    expect(parseLinkHeader(null).size).toBe(0);
    expect(parseLinkHeader('garbage, <https://x/a>; rel=prev').get('prev')).toBe('https://x/a');
  });
});
