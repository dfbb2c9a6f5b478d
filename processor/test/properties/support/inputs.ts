import fc from 'fast-check';
import { percentEncode, WINDOWS } from './http-app.js';

// What a client can put in a URL or a socket.io message: good values next to the pieces that break parsers.

/** Text that breaks naive handling: ZWJ sequences, RTL overrides, combining marks, NFKC expansions, lone surrogates. */
export const trickyText = fc.constantFrom(
  '\u200d',
  '👩\u200d💻',
  '\u202e',
  '\u200f',
  'e\u0301',
  'Z\u0351\u0352\u0353',
  '\ufeff',
  '\ud800',
  '\udfff',
  '㍿', // NFKC: 株式会社, four characters from one
  'ﷺ', // NFKC: eighteen characters, with spaces
  'ＫＡＦＫＡ',
  'İ',
  'ß',
  '東京',
  '#',
  '＃',
  '_',
  ':',
  '\u0000',
  ' ',
  '\t',
);

/** Percent sequences that are not valid UTF-8, and bare `%`s. */
const badPercent = fc.constantFrom('%', '%Z', '%2', '%E0%A4', '%C0%80', '%ED%A0%80', '%FF', '%FE%FF', '%F8%88%80%80%80', '%80', '%C3');

/** Characters a client may send raw in a query or a path (no `#`, which ends a URL, and no space). */
const rawChar = fc.constantFrom(...'abcxyzAZ0129-._~!$&\'()*+,;=:@/?[]%"<>\\^`{|}'.split(''));

const unicodeString = fc.oneof(
  fc.string({ unit: 'grapheme', maxLength: 30 }),
  fc.string({ unit: 'binary', maxLength: 30 }),
  fc.array(fc.oneof(trickyText, fc.string({ maxLength: 4 })), { maxLength: 12 }).map((parts) => parts.join('')),
);

/**
 * A long run of one character, around the limits that matter (100-character tags, 1,500-character path
 * parameters) and beyond; megabyte inputs are separate example tests, as 100,000 of them would take minutes.
 */
export const hugeString = fc
  .tuple(
    fc.constantFrom('a', 'é', '㍿', '%', '\ud800', '👩\u200d💻'),
    fc.oneof(fc.integer({ min: 95, max: 110 }), fc.integer({ min: 120, max: 130 }), fc.integer({ min: 240, max: 260 }), fc.integer({ min: 1, max: 2_000 })),
  )
  .map(([unit, times]) => unit.repeat(times));

/** A value as it appears in a URL, up to a few dozen characters: encoded text, raw junk, bad percent sequences. */
export const shortUrlValue = fc.oneof(
  { arbitrary: unicodeString.map(percentEncode), weight: 2 },
  { arbitrary: unicodeString.map((text) => encodeURIComponent(text.replace(/[\ud800-\udfff]/gu, '?'))), weight: 1 },
  { arbitrary: fc.array(fc.oneof(rawChar, badPercent), { maxLength: 12 }).map((parts) => parts.join('')), weight: 2 },
  { arbitrary: fc.uint8Array({ maxLength: 12 }).map((bytes) => Buffer.from(bytes).toString('hex').replace(/(..)/gu, '%$1')), weight: 1 },
);

/** Any value as it appears in a URL: one of the above, or a huge encoded string. */
export const urlValue = fc.oneof({ arbitrary: shortUrlValue, weight: 24 }, { arbitrary: hugeString.map(percentEncode), weight: 1 });

/** Raw path-segment text: like urlValue, but `/`, `?` and `\` in it would leave the segment. */
export const segmentValue = urlValue.map((value) => value.replace(/[/?\\]/gu, '-'));

/** Good values, as people type them, with what each means once normalized. */
export const goodWindows = fc.constantFrom(...WINDOWS);
export const goodLangs = fc.constantFrom(['en', 'en'], ['EN', 'en'], ['en-US', 'en'], ['pt_BR', 'pt'], [' ja ', 'ja'], ['fil', 'fil'], ['de-1996', 'de']);
export const goodTags = fc.constantFrom(
  ['kafka', 'kafka'],
  ['#Kafka', 'kafka'],
  ['Café', 'cafe'],
  ['東京', '東京'],
  ['ＫＡＦＫＡ', 'kafka'],
  ['_ai_', '_ai_'],
  ['ł', 'l'],
);
/** Numbers the API must not read as limits: hex, exponents, fractions, other digits. */
export const oddNumbers = fc.constantFrom('0', '-1', '201', '1e2', '0x10', '0b11', '1.5', '1,5', 'NaN', 'Infinity', '+5', '٣', '１０', '99999999999999999999');
