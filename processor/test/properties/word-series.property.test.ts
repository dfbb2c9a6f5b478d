import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { SeriesResponse } from '@trendstream/contracts/api-types';
import { normalizeWord } from '@trendstream/contracts/tokenizer';
import { PROPERTY_RUNS } from './runs.js';
import { breather, expectReadableRefusal, percentEncode, propertyApp, routerParam, WINDOWS } from './support/http-app.js';
import { goodLangs, goodTags, goodWindows, hugeString, segmentValue, shortUrlValue, trickyText } from './support/inputs.js';

// GET /api/words/:word/series with any path parameter (empty, huge, invalid UTF-8, encoded slashes) and query:
// a 200 for the word as the tokenizer stores it, or a readable 4xx; never a 5xx, never an exception.
const { app, service } = await propertyApp();
const breathe = breather();

interface Case {
  segment: string;
  query: string;
  /** Set when the query holds only good values: the filter the service must be asked with. */
  filter?: { window: string; lang?: string; tag?: string };
}

const goodWords = fc.constantFrom('kafka', '#Café', 'It’s', 'ＴＯＫＹＯ', '東京タワー', '#東京', "rock'n'roll", 'c++', 'a/b', '100%', '..');

const segment = fc.oneof(
  { arbitrary: goodWords.map((word) => encodeURIComponent(word)), weight: 3 },
  { arbitrary: segmentValue, weight: 6 },
  { arbitrary: fc.array(trickyText, { maxLength: 6 }).map((parts) => percentEncode(parts.join(''))), weight: 2 },
  { arbitrary: hugeString.map(percentEncode), weight: 1 },
  { arbitrary: fc.constantFrom('', '%20', '%23', '%27%27', '.', '%2F', '%2F%2F', '%252F', '%00', '%E2%80%99'), weight: 1 },
);

const goodFilter = fc
  .record({ window: fc.option(goodWindows, { nil: undefined }), lang: fc.option(goodLangs, { nil: undefined }), tag: fc.option(goodTags, { nil: undefined }) })
  .map(({ window, lang, tag }) => ({
    query: [window && `window=${window}`, lang && `lang=${encodeURIComponent(lang[0])}`, tag && `tag=${encodeURIComponent(tag[0])}`].filter(Boolean).join('&'),
    filter: { window: window ?? '5m', ...(lang ? { lang: lang[1] } : {}), ...(tag ? { tag: tag[1] } : {}) },
  }));

// Short values: huge ones in a query are the trends target's business (the same checks); here the path is.
const anyFilter = fc
  .array(fc.tuple(fc.oneof(fc.constantFrom('window', 'lang', 'tag', 'limit'), shortUrlValue), shortUrlValue), { maxLength: 4 })
  .map((pairs) => ({ query: pairs.map(([name, value]) => `${name}=${value}`).join('&') }));

const cases: fc.Arbitrary<Case> = fc.tuple(segment, fc.oneof(goodFilter, anyFilter)).map(([raw, query]) => ({ segment: raw, ...query }));

/** The word the route must look up, when the URL reaches it: the decoded parameter as the tokenizer stores it. */
function expectedWord(raw: string): { routed: boolean; word?: string } {
  // The client's URL parser (here light-my-request's WHATWG URL) resolves `.` and `..` segments before sending.
  const path = new URL(`/api/words/${raw}/series`, 'http://localhost').pathname;
  const parts = path.split('/');
  if (parts.length !== 5 || parts[3] === undefined || parts[4] !== 'series') return { routed: false };
  const decoded = routerParam(parts[3]);
  if (decoded === undefined) return { routed: true };
  const trimmed = decoded.trim();
  if (trimmed.length > 101) return { routed: true };
  const word = normalizeWord(trimmed);
  return word === '' || word === '#' ? { routed: true } : { routed: true, word };
}

describe('GET /api/words/:word/series on bad input', () => {
  it('answers every path and query with 200 for the normalized word, or a readable 4xx', async () => {
    await fc.assert(
      fc.asyncProperty(cases, async ({ segment: raw, query, filter }) => {
        await breathe();
        const before = service.calls.length;
        const response = await app.inject({ url: `/api/words/${raw}/series?${query}` });
        const calls = service.calls.slice(before);
        const expected = expectedWord(raw);
        if (!expected.routed) {
          expect(expectReadableRefusal(response).error).toBe('not_found');
          expect(calls).toEqual([]);
          return;
        }
        if (filter) expect(response.statusCode, response.body).toBe(expected.word === undefined ? 400 : 200);
        if (response.statusCode !== 200) {
          expect(response.statusCode).toBe(400);
          expect(expectReadableRefusal(response).error).toBe('bad_request');
          expect(calls).toEqual([]);
          return;
        }
        expect(calls).toHaveLength(1);
        const call = calls[0]!;
        if (call.kind !== 'series') throw new Error('the series route called trends');
        expect(call.word).toBe(expected.word);
        expect(WINDOWS).toContain(call.query.window);
        if (filter) expect(call.query).toEqual(filter);
        const body = response.json<SeriesResponse>();
        expect(body.word).toBe(expected.word);
        expect(body.points.length).toBeGreaterThan(0);
      }),
      { numRuns: PROPERTY_RUNS },
    );
  });

  it('refuses 16 KB of bad percent-encoding or a megabyte word without quoting it back', async () => {
    const malformed = await app.inject({ url: `/api/words/${'%E0%A4'.repeat(2_700)}/series` });
    expect(expectReadableRefusal(malformed).message).toBe('The URL is malformed: each % must start a valid percent-encoded UTF-8 sequence (%C3%A9 for é).');
    const huge = await app.inject({ url: `/api/words/${'%C3%A9'.repeat(500_000)}/series` });
    expect(expectReadableRefusal(huge).message).toBe('A path parameter is longer than 1500 characters; words and hashtags have at most 100.');
    const slashes = await app.inject({ url: `/api/words/a/b/series` });
    expect(expectReadableRefusal(slashes)).toEqual({ error: 'not_found', message: 'No route for GET /api/words/a/b/series' });
  });
});
