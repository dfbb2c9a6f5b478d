import { describe, expect, it } from 'vitest';
import { parseXStreamLine } from '../../src/x/x-stream-line.js';
import { LineSplitter } from '../../src/x/x-line-splitter.js';

const context = { instance: 'api.x.com', receivedAt: Date.parse('2026-12-07T10:00:00.000Z') };

describe('a filtered-stream line', () => {
  it('is a post with the tags of the rules it matched, whatever the field order', () => {
    const line = JSON.stringify({
      matching_rules: [{ id: '1866', tag: 'trendstream #rust' }, { id: '1867' }],
      includes: { users: [{ id: '9', username: 'ferris' }] },
      data: { text: 'hello #rust', id: '100', lang: 'en', entities: { hashtags: [{ start: 6, end: 11, tag: 'rust' }] } },
    });
    const parsed = parseXStreamLine(line, context);
    expect(parsed).toMatchObject({
      kind: 'post',
      ruleTags: ['trendstream #rust'],
      post: { uri: 'https://x.com/i/web/status/100', hashtags: ['rust'], language: 'en' },
    });
  });

  it('is a post without matching_rules too', () => {
    expect(parseXStreamLine('{"data":{"id":"1","text":"x"}}', context)).toMatchObject({ kind: 'post', ruleTags: [] });
  });

  it('is a keep-alive when blank', () => {
    expect(parseXStreamLine('', context)).toEqual({ kind: 'keep-alive' });
    expect(parseXStreamLine('\r', context)).toEqual({ kind: 'keep-alive' });
  });

  it('is an error message when it carries only errors', () => {
    const line = JSON.stringify({
      errors: [
        {
          title: 'operational-disconnect',
          disconnect_type: 'UpstreamOperationalDisconnect',
          detail: 'This stream has been disconnected upstream for operational reasons.',
          type: 'https://api.twitter.com/2/problems/operational-disconnect',
        },
        'odd',
      ],
    });
    expect(parseXStreamLine(line, context)).toEqual({
      kind: 'errors',
      errors: [
        { title: 'operational-disconnect', detail: 'This stream has been disconnected upstream for operational reasons.' },
        { title: 'error', detail: '' },
      ],
    });
  });

  it('is of another kind when it is an object of a type it does not know', () => {
    expect(parseXStreamLine('{"compliance":{"delete":{}}}', context)).toEqual({ kind: 'other' });
  });

  it('is invalid, with a reason, when it is not JSON, not an object, or a post without an id', () => {
    expect(parseXStreamLine('{"data":', context)).toEqual({ kind: 'invalid', reason: 'not JSON' });
    expect(parseXStreamLine('[1,2]', context)).toEqual({ kind: 'invalid', reason: 'not a JSON object' });
    expect(parseXStreamLine('null', context)).toEqual({ kind: 'invalid', reason: 'not a JSON object' });
    expect(parseXStreamLine('{"data":{"text":"no id"}}', context)).toMatchObject({ kind: 'invalid', reason: expect.stringContaining('data.id') });
  });
});

describe('the line splitter', () => {
  const bytes = (text: string) => new TextEncoder().encode(text);

  it('cuts lines at \\r\\n or \\n, keeps keep-alives as blank lines, and joins lines across chunks', () => {
    const splitter = new LineSplitter();
    expect(splitter.push(bytes('{"a":1}\r\n\r\n{"b"'))).toEqual({ lines: ['{"a":1}', ''], overlong: 0 });
    expect(splitter.push(bytes(':2}\n'))).toEqual({ lines: ['{"b":2}'], overlong: 0 });
    expect(splitter.push(bytes('\r\n'))).toEqual({ lines: [''], overlong: 0 });
  });

  it('keeps a character whose UTF-8 bytes are split between chunks', () => {
    const splitter = new LineSplitter();
    const all = bytes('🚀 東京\r\n');
    expect(splitter.push(all.slice(0, 2)).lines).toEqual([]);
    expect(splitter.push(all.slice(2, 6)).lines).toEqual([]);
    expect(splitter.push(all.slice(6)).lines).toEqual(['🚀 東京']);
  });

  it('drops a line that grows past its bound, up to its end, and counts it once', () => {
    const splitter = new LineSplitter(10);
    expect(splitter.push(bytes('0123456789ABC'))).toEqual({ lines: [], overlong: 1 });
    expect(splitter.push(bytes('DEFGHIJKLMNOPQ'))).toEqual({ lines: [], overlong: 0 });
    expect(splitter.push(bytes('end\r\nnext\r\n'))).toEqual({ lines: ['next'], overlong: 0 });
  });
});
