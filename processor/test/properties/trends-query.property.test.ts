import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { TrendsResponse } from '@trendstream/contracts/api-types';
import { parseTag } from '../../src/live/subscription.js';
import type { TrendsQuery } from '../../src/trends/trends-service.js';
import { PROPERTY_RUNS } from './runs.js';
import { breather, expectReadableRefusal, propertyApp, WINDOWS } from './support/http-app.js';
import { goodLangs, goodTags, goodWindows, oddNumbers, urlValue } from './support/inputs.js';

// GET /api/trends with any query string a client can send: a 200 computed from validated values, or a 400 that
// says what was wrong; never a 5xx, never an exception, and the service never sees a value it has not checked.
const { app, service } = await propertyApp();
const breathe = breather();

interface Case {
  query: string;
  /** Set when every parameter was built from a good value: what the service must be asked. */
  expected?: TrendsQuery;
}

const KNOWN = ['window', 'limit', 'lang', 'tag', 'sort'] as const;

/** A query of good values, some omitted or blank, with unknown parameters mixed in (which are ignored). */
const goodQuery: fc.Arbitrary<Case> = fc
  .record(
    {
      window: fc.option(goodWindows, { nil: undefined }),
      limit: fc.option(fc.tuple(fc.integer({ min: 1, max: 200 }), fc.constantFrom('', '0', '00', ' ')), { nil: undefined }),
      lang: fc.option(goodLangs, { nil: undefined }),
      tag: fc.option(goodTags, { nil: undefined }),
      sort: fc.option(fc.constantFrom('count' as const, 'score' as const), { nil: undefined }),
      blank: fc.subarray([...KNOWN]),
      unknown: fc.array(fc.tuple(fc.constantFrom('_', 'page', 'Window', 'LIMIT', '__proto__', 'constructor', 'limit[]'), urlValue), { maxLength: 3 }),
    },
    { requiredKeys: ['blank', 'unknown'] },
  )
  .map(({ window, limit, lang, tag, sort, blank, unknown }) => {
    const pairs: string[] = [];
    if (window !== undefined) pairs.push(`window=${window}`);
    if (limit !== undefined) pairs.push(`limit=${encodeURIComponent(`${limit[1]}${limit[0]}`)}`);
    if (lang !== undefined) pairs.push(`lang=${encodeURIComponent(lang[0])}`);
    if (tag !== undefined) pairs.push(`tag=${encodeURIComponent(tag[0])}`);
    if (sort !== undefined) pairs.push(`sort=${sort}`);
    // A blank parameter (`?lang=` from a form, `?lang=%20`) means the parameter was not given.
    for (const name of blank) if (!pairs.some((pair) => pair.startsWith(`${name}=`))) pairs.push(`${name}=${name === 'tag' ? '%20' : ''}`);
    for (const [name, value] of unknown) pairs.splice(value.length % (pairs.length + 1), 0, `${name}=${value}`);
    const expected: TrendsQuery = {
      window: window ?? '5m',
      limit: limit?.[0] ?? 20,
      sort: sort ?? 'count',
      ...(lang ? { lang: lang[1] } : {}),
      ...(tag ? { tag: tag[1] } : {}),
    };
    return { query: pairs.join('&'), expected };
  });

/** Anything: known names with odd values, repeated names, unknown names, bare keys, stray `&` and `=`. */
const anyQuery: fc.Arbitrary<Case> = fc
  .array(
    fc.tuple(
      fc.oneof(fc.constantFrom(...KNOWN), urlValue),
      fc.option(
        fc.oneof(
          urlValue,
          oddNumbers,
          goodWindows,
          goodLangs.map(([raw]) => raw),
          goodTags.map(([raw]) => encodeURIComponent(raw)),
        ),
        {
          nil: undefined,
        },
      ),
    ),
    { maxLength: 8 },
  )
  .map((pairs) => ({ query: pairs.map(([name, value]) => (value === undefined ? name : `${name}=${value}`)).join('&') }));

/** What the route may hand the service: only values its checks produce. */
function expectValidated(query: TrendsQuery): void {
  expect(WINDOWS).toContain(query.window);
  expect(Number.isInteger(query.limit) && query.limit >= 1 && query.limit <= 200).toBe(true);
  expect(['count', 'score']).toContain(query.sort);
  if (query.lang !== undefined) expect(query.lang).toMatch(/^[a-z]{2,3}$/u);
  if (query.tag !== undefined) expect(parseTag(query.tag)).toEqual({ ok: true, tag: query.tag });
}

describe('GET /api/trends on bad input', () => {
  it('answers every query with 200 from validated values or a readable 400, and good values as they mean', async () => {
    await fc.assert(
      fc.asyncProperty(fc.oneof(goodQuery, anyQuery), async ({ query, expected }) => {
        await breathe();
        const before = service.calls.length;
        const response = await app.inject({ url: `/api/trends?${query}` });
        const calls = service.calls.slice(before);
        if (expected) expect(response.statusCode, response.body).toBe(200);
        if (response.statusCode === 200) {
          expect(calls).toHaveLength(1);
          const call = calls[0]!;
          if (call.kind !== 'trends') throw new Error('the trends route called series');
          expectValidated(call.query);
          if (expected) expect(call.query).toEqual(expected);
          const body = response.json<TrendsResponse>();
          expect(body).toMatchObject({ window: call.query.window, words: [] });
          expect(body.lang).toBe(call.query.lang);
          expect(body.tag).toBe(call.query.tag);
        } else {
          expect(expectReadableRefusal(response).error).toBe('bad_request');
          expect(response.statusCode).toBe(400);
          expect(calls).toEqual([]);
        }
      }),
      { numRuns: PROPERTY_RUNS },
    );
  });

  it('refuses a megabyte query quickly, naming the parameter without quoting it', async () => {
    for (const query of [
      `lang=${'%C3%A9'.repeat(200_000)}`,
      `tag=${'%E3%8D%BF'.repeat(100_000)}`,
      `window=${'5m'.repeat(500_000)}`,
      `${'x=1&'.repeat(200_000)}limit=0x10`,
    ]) {
      const started = performance.now();
      const response = await app.inject({ url: `/api/trends?${query}` });
      expect(expectReadableRefusal(response).message).toMatch(/^(lang|tag|window|limit): /u);
      expect(performance.now() - started).toBeLessThan(2_000);
    }
  });
});
