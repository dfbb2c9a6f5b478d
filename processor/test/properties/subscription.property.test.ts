import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { TrendsSubscription } from '@trendstream/contracts/socket-events';
import { checkSubscription, parseTag, roomKey } from '../../src/live/subscription.js';
import { PROPERTY_RUNS } from './runs.js';
import { breather, propertyApp, WINDOWS } from './support/http-app.js';
import { goodLangs, goodTags, goodWindows, hugeString, trickyText } from './support/inputs.js';

// What a socket.io client sends as `trends:subscribe` is whatever its JSON (or binary attachment) decodes to:
// checking it gives a subscription or an error, never an exception, and only normalized values get through.

/** A field's value: good, blank, of the wrong type, tricky or huge. */
const fieldValue = fc.oneof(
  goodWindows,
  goodLangs.map(([raw]) => raw),
  goodTags.map(([raw]) => raw),
  fc.constantFrom('', ' ', '\t', null, 0, 5, true, [], {}, ['5m'], { window: '5m' }),
  fc.string({ unit: 'grapheme', maxLength: 20 }),
  fc.string({ unit: 'binary', maxLength: 20 }),
  fc.array(trickyText, { maxLength: 6 }).map((parts) => parts.join('')),
  hugeString,
  fc.jsonValue({ maxDepth: 2 }),
);

/** Objects shaped like a subscription, some with extra or prototype-looking keys; and anything else at all. */
const anyInput = fc
  .oneof(
    fc.record({ window: fieldValue, lang: fieldValue, tag: fieldValue, extra: fieldValue }, { requiredKeys: [] }),
    fc.dictionary(fc.constantFrom('window', 'lang', 'tag', '__proto__', 'constructor', 'toString'), fieldValue, { maxKeys: 4 }),
    fc.anything({
      maxDepth: 2,
      withNullPrototype: true,
      withTypedArray: true,
      withMap: true,
      withSet: true,
      withBigInt: true,
      withDate: true,
      withSparseArray: true,
    }),
    fc.uint8Array({ maxLength: 20 }).map((bytes) => Buffer.from(bytes)),
    fc.jsonValue({ maxDepth: 3 }).map((json) => JSON.parse(`{"__proto__": ${JSON.stringify(json)}}`) as unknown),
  )
  .map((input) => ({ input, expected: undefined }));

/** Good subscriptions, as a client types them, with what they mean once normalized. */
const good = fc
  .record({ window: fc.option(goodWindows, { nil: undefined }), lang: fc.option(goodLangs, { nil: undefined }), tag: fc.option(goodTags, { nil: undefined }) })
  .map(({ window, lang, tag }): { input: unknown; expected: TrendsSubscription | undefined } => ({
    input: { ...(window ? { window } : {}), ...(lang ? { lang: lang[0] } : {}), ...(tag ? { tag: tag[0] } : {}) },
    expected: { window: window ?? '5m', ...(lang ? { lang: lang[1] } : {}), ...(tag ? { tag: tag[1] } : {}) },
  }));

describe('checkSubscription on bad input', () => {
  it('gives a normalized subscription with a key of its own, or a short error, for anything', () => {
    const subscriptionOfKey = new Map<string, string>();
    fc.assert(
      fc.property(fc.oneof(anyInput, good), ({ input, expected }) => {
        const check = checkSubscription(input, WINDOWS);
        if (expected) expect(check).toEqual({ ok: true, subscription: expected, key: roomKey(expected) });
        if (!check.ok) {
          expect(check.error.length).toBeGreaterThan(0);
          expect(check.error.length).toBeLessThan(200);
          return;
        }
        const { window, lang, tag } = check.subscription;
        expect(WINDOWS).toContain(window);
        if (lang !== undefined) expect(lang).toMatch(/^[a-z]{2,3}$/u);
        if (tag !== undefined) expect(parseTag(tag)).toEqual({ ok: true, tag });
        expect(Object.keys(check.subscription).every((key) => ['window', 'lang', 'tag'].includes(key))).toBe(true);
        // Normalized once is normalized for good: sending the subscription back names the same room.
        expect(checkSubscription(check.subscription, WINDOWS)).toEqual(check);
        expect(check.key).toBe(roomKey(check.subscription));
        // Distinct subscriptions never share a room.
        const described = JSON.stringify([window, lang, tag]);
        expect(subscriptionOfKey.get(check.key) ?? described).toBe(described);
        subscriptionOfKey.set(check.key, described);
      }),
      // A consistency check on top of the target's 100,000 cases above: a fifth of them keeps the file under 20 s.
      { numRuns: PROPERTY_RUNS / 5 },
    );
  });
});

describe('socket.io and HTTP read window, lang and tag alike', () => {
  const breathe = breather();
  // Lone surrogates cannot travel in a URL (it is UTF-8): both ends get what a client can send to both.
  const text = fc.option(
    fieldValue.filter((value): value is string => typeof value === 'string' && value.length < 300).map((value) => value.replace(/[\ud800-\udfff]/gu, '\ufffd')),
    { nil: undefined },
  );

  // The dashboard reads the same filter over both; one accepting what the other refuses would show an error on one path only.
  it('accepts the same values, normalized the same way', async () => {
    const { app, service } = await propertyApp();
    await fc.assert(
      fc.asyncProperty(text, text, text, async (window, lang, tag) => {
        await breathe();
        const fields = Object.entries({ window, lang, tag }).filter((entry): entry is [string, string] => entry[1] !== undefined);
        const check = checkSubscription(Object.fromEntries(fields), WINDOWS);
        const before = service.calls.length;
        const response = await app.inject({ url: `/api/trends?${fields.map(([name, value]) => `${name}=${encodeURIComponent(value)}`).join('&')}` });
        expect(response.statusCode === 200, response.body).toBe(check.ok);
        if (!check.ok) return;
        const call = service.calls[before];
        if (call?.kind !== 'trends') throw new Error('the trends route did not call trends');
        const { window: calledWindow, lang: calledLang, tag: calledTag } = call.query;
        expect({ window: calledWindow, lang: calledLang, tag: calledTag }).toEqual({ lang: undefined, tag: undefined, ...check.subscription });
      }),
      // A consistency check on top of the target's 100,000 cases above: a fifth of them keeps the file under 20 s.
      { numRuns: PROPERTY_RUNS / 5 },
    );
  });
});
