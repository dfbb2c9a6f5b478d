import { describe, expect, it } from 'vitest';
import { parseHashtagsArgs } from '../../src/hashtags/hashtags-cli.js';

describe('hashtags arguments', () => {
  it('normalizes and dedupes tags', () => {
    expect(parseHashtagsArgs(['add', '#Café', 'cafe', 'ＫＡＦＫＡ'])).toEqual({ ok: true, value: { command: 'add', tags: ['cafe', 'kafka'] } });
    expect(parseHashtagsArgs(['list'])).toEqual({ ok: true, value: { command: 'list' } });
    expect(parseHashtagsArgs([])).toEqual({ ok: true, value: { command: 'help' } });
  });

  it('reports every bad tag and writes none of them', () => {
    expect(parseHashtagsArgs(['add', 'ok', '#', 'two words'])).toEqual({
      ok: false,
      errors: [
        '"#" is not a valid hashtag: a hashtag needs at least one letter',
        '"two words" is not a valid hashtag: a hashtag has only letters, digits and underscores, with at least one letter',
      ],
    });
    expect(parseHashtagsArgs(['remove']).ok).toBe(false);
    expect(parseHashtagsArgs(['follow', 'x']).ok).toBe(false);
    expect(parseHashtagsArgs(['list', 'x']).ok).toBe(false);
  });
});
