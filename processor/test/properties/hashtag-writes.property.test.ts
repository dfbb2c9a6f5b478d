import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseTag } from '../../src/live/subscription.js';
import { PROPERTY_RUNS } from './runs.js';
import { ADMIN_TOKEN, breather, expectReadableRefusal, percentEncode, propertyApp, routerParam } from './support/http-app.js';
import { goodTags, hugeString, segmentValue, trickyText } from './support/inputs.js';

// PUT and DELETE /api/hashtags/:tag with good, wrong and missing bearer tokens and any tag: a write happens only
// with the token and a valid tag, and then exactly as asked; everything else is a readable 4xx, never a 5xx.
const { app, hashtags } = await propertyApp();
const breathe = breather();

/** Header values an HTTP client can send: visible ASCII, spaces and tabs, and bytes 0x80-0xFF (read as Latin-1). */
const headerText = fc.string({
  unit: fc.oneof(fc.integer({ min: 0x20, max: 0x7e }), fc.constant(0x09), fc.integer({ min: 0x80, max: 0xff })).map((code) => String.fromCharCode(code)),
  maxLength: 60,
});

/** An Authorization header and whether it carries the admin token. */
const authorization = fc.oneof(
  fc
    .tuple(fc.constantFrom('Bearer', 'bearer', 'BEARER', 'bEaReR'), fc.constantFrom(' ', '  ', '\t', ' \t '), fc.constantFrom('', ' ', '\t'))
    .map(([scheme, gap, tail]) => ({ header: `${scheme}${gap}${ADMIN_TOKEN}${tail}`, authorized: true })),
  fc.constant({ header: undefined, authorized: false }),
  fc
    .oneof(
      headerText.map((token) => `Bearer ${token}`),
      headerText.map((text) => `Bearer ${ADMIN_TOKEN}${text.trim() === '' ? 'x' : text}`),
      headerText.map((text) => `Bearer ${text.trim() === '' ? 'x' : text}${ADMIN_TOKEN}`),
      fc.constantFrom(
        `Basic ${ADMIN_TOKEN}`,
        ADMIN_TOKEN,
        'Bearer',
        'Bearer ',
        `Bearer${ADMIN_TOKEN}`,
        `Bearer ${ADMIN_TOKEN.toUpperCase()}`,
        `Bearer ${ADMIN_TOKEN.slice(1)}`,
      ),
      headerText,
    )
    .filter((header) => header.replace(/^bearer\s+/iu, '').trim() !== ADMIN_TOKEN)
    .map((header) => ({ header, authorized: false })),
);

const tagSegment = fc.oneof(
  { arbitrary: goodTags.map(([raw]) => encodeURIComponent(raw)), weight: 4 },
  { arbitrary: segmentValue, weight: 4 },
  { arbitrary: fc.array(trickyText, { maxLength: 6 }).map((parts) => percentEncode(parts.join(''))), weight: 2 },
  { arbitrary: hugeString.map(percentEncode), weight: 1 },
  { arbitrary: fc.constantFrom('', '%20', '%23', '%23%23kafka', '%2F', 'a%2Fb', '%E3%8D%BF'.repeat(26), '%E3%8D%BF'.repeat(25)), weight: 1 },
);

/** What the route sees, when the router lets the URL through: the decoded parameter, or nothing when it is refused. */
function routedTag(raw: string): { routed: false } | { routed: true; decoded?: string } {
  const path = new URL(`/api/hashtags/${raw}`, 'http://localhost').pathname;
  const parts = path.split('/');
  if (parts.length !== 4 || parts[3] === undefined) return { routed: false };
  return { routed: true, decoded: routerParam(parts[3]) };
}

describe('hashtag writes on bad input', () => {
  it('write only with the token and a valid tag, and answer everything else with a readable 4xx', async () => {
    await fc.assert(
      fc.asyncProperty(fc.constantFrom('PUT' as const, 'DELETE' as const), tagSegment, authorization, async (method, raw, auth) => {
        await breathe();
        const writes = hashtags.writes.length;
        const route = routedTag(raw);
        const tag = route.routed && route.decoded !== undefined ? parseTag(route.decoded) : undefined;
        const followedBefore = tag?.ok === true && hashtags.has(tag.tag);
        const response = await app.inject({
          method,
          url: `/api/hashtags/${raw}`,
          headers: auth.header === undefined ? {} : { authorization: auth.header },
        });
        const newWrites = hashtags.writes.slice(writes);
        if (tag?.ok && auth.authorized) {
          expect(response.statusCode, response.body).toBe(method === 'DELETE' ? 200 : followedBefore ? 200 : 201);
          expect(response.json()).toEqual({ tag: tag.tag, followed: method === 'PUT' });
          expect(newWrites).toEqual([`${method === 'PUT' ? 'follow' : 'unfollow'} ${tag.tag}`]);
          expect(hashtags.has(tag.tag)).toBe(method === 'PUT');
          return;
        }
        expect(newWrites).toEqual([]);
        const refusal = expectReadableRefusal(response);
        expect(refusal.message).not.toContain(ADMIN_TOKEN);
        if (!route.routed) expect(refusal.error).toBe('not_found');
        else if (route.decoded === undefined) expect(refusal.error).toBe('bad_request');
        // The token is checked before anything else of the request is read.
        else if (!auth.authorized) expect([response.statusCode, refusal.error]).toEqual([401, 'unauthorized']);
        else expect([response.statusCode, refusal.error]).toEqual([400, 'bad_request']);
      }),
      { numRuns: PROPERTY_RUNS },
    );
  });
});
