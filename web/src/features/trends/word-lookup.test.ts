import { describe, expect, it } from 'vitest';
import { parseLookup } from './word-lookup';

describe('looking up a word', () => {
  it('normalizes what was typed the way the tokenizer stores words', () => {
    expect(parseLookup('  Coffee ')).toEqual({ ok: true, word: 'coffee' });
    expect(parseLookup('#Café')).toEqual({ ok: true, word: '#cafe' });
    expect(parseLookup('ＴＯＫＹＯ')).toEqual({ ok: true, word: 'tokyo' });
    expect(parseLookup('It’s')).toEqual({ ok: true, word: 'it' });
  });

  it('refuses empty input, several words and a bare hash with a reason', () => {
    expect(parseLookup('   ')).toMatchObject({ ok: false });
    expect(parseLookup('two words')).toMatchObject({ ok: false, reason: expect.stringContaining('one word') as string });
    expect(parseLookup('#')).toMatchObject({ ok: false });
    expect(parseLookup('x'.repeat(65))).toMatchObject({ ok: false });
  });
});
