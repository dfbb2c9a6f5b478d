import { describe, expect, it } from 'vitest';
import type { PostsTopicRecord } from '@trendstream/contracts/status-events';
import { PostSink } from '../../src/sources/post-sink.js';
import { StatusSink } from '../../src/mastodon/status-sink.js';
import { buildStatus } from '@trendstream/testkit/mastodon-statuses';

function sinkWith(options: { capacity?: number; skipOptedOut?: boolean } = {}) {
  const records: { record: PostsTopicRecord; raw: string | undefined }[] = [];
  let now = Date.parse('2026-11-25T12:00:00.000Z');
  const posts = new PostSink({
    output: {
      offer: (record, raw) => {
        if (records.length >= (options.capacity ?? Infinity)) return false;
        records.push({ record, raw });
        return true;
      },
    },
    dedupeCapacity: 100,
    dedupeTtlMs: 60_000,
    now: () => now,
  });
  const sink = new StatusSink({
    posts,
    skipOptedOut: options.skipOptedOut ?? true,
    dedupeCapacity: 100,
    dedupeTtlMs: 60_000,
    now: () => now,
  });
  return { sink, records, advance: (ms: number) => (now += ms) };
}

const a = { instance: 'a.example', source: 'stream' as const };
const b = { instance: 'b.example', source: 'rest' as const };

describe('StatusSink', () => {
  it('produces a post once, whichever instance or path delivers it first', () => {
    const { sink, records } = sinkWith();
    const onA = buildStatus('100', 'a.example', { text: 'hello', acct: 'ana' });
    // The same status as b.example knows it: another local id, the same URI.
    const onB = { ...buildStatus('900', 'b.example', { text: 'hello' }), uri: onA.uri };
    expect(sink.update(onA, JSON.stringify(onA), a)).toBe('accepted');
    expect(sink.update(onB, JSON.stringify(onB), b)).toBe('duplicate');
    expect(sink.update(onA, undefined, a)).toBe('duplicate');
    expect(records).toHaveLength(1);
    expect(records[0]?.raw).toBe(JSON.stringify(onA));
  });

  it('skips authors who opted out, the original author of a boost included, unless told not to', () => {
    const { sink, records } = sinkWith();
    const shy = buildStatus('1', 'a.example', { acct: 'shy', account: { discoverable: false } });
    const boostOfShy = buildStatus('2', 'a.example', { acct: 'booster', reblog: shy });
    const nobot = buildStatus('3', 'a.example', { acct: 'bio', account: { note: '<p>#nobot</p>' } });
    expect([sink.update(shy, undefined, a), sink.update(boostOfShy, undefined, a), sink.update(nobot, undefined, a)]).toEqual([
      'opted-out',
      'opted-out',
      'opted-out',
    ]);
    expect(records).toHaveLength(0);
    const permissive = sinkWith({ skipOptedOut: false });
    expect(permissive.sink.update(shy, undefined, a)).toBe('accepted');
  });

  it('counts what it cannot parse and drops what the output refuses, so a later copy can still pass', () => {
    const { sink, records } = sinkWith({ capacity: 0 });
    expect(sink.update({ id: '1' }, undefined, a)).toBe('invalid');
    const status = buildStatus('5', 'a.example', {});
    expect(sink.update(status, undefined, a)).toBe('dropped');
    expect(records).toHaveLength(0);
  });

  it('maps a delete (a bare local id) to the URI it produced, per instance', () => {
    const { sink, records } = sinkWith();
    const status = buildStatus('100', 'a.example', {});
    sink.update(status, undefined, a);
    expect(sink.delete('100', b)).toBe('unknown');
    expect(sink.delete('999', a)).toBe('unknown');
    expect(sink.delete('100', a)).toBe('accepted');
    expect(sink.delete('100', a)).toBe('duplicate');
    expect(records.at(-1)?.record).toEqual({
      kind: 'deleted',
      uri: status.uri,
      statusId: '100',
      instance: 'a.example',
      network: 'mastodon',
      receivedAt: Date.parse('2026-11-25T12:00:00.000Z'),
    });
  });

  it('forwards an edit once per edit time', () => {
    const { sink, records } = sinkWith();
    const edited = { ...buildStatus('100', 'a.example', { text: 'new text' }), edited_at: '2026-11-25T12:01:00.000Z' };
    expect(sink.statusUpdate(edited, a)).toBe('accepted');
    expect(sink.statusUpdate(edited, b)).toBe('duplicate');
    expect(sink.statusUpdate({ ...edited, edited_at: '2026-11-25T12:02:00.000Z' }, a)).toBe('accepted');
    const record = records[0]?.record;
    expect(record?.kind === 'updated' && record.post.text).toBe('new text');
    expect(record?.kind === 'updated' && record.editedAt).toBe(Date.parse('2026-11-25T12:01:00.000Z'));
  });

  it('forgets URIs after the TTL', () => {
    const { sink, advance } = sinkWith();
    const status = buildStatus('100', 'a.example', {});
    sink.update(status, undefined, a);
    advance(60_001);
    expect(sink.update(status, undefined, a)).toBe('accepted');
  });
});
