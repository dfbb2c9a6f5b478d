import { describe, expect, it } from 'vitest';
import type { PostsTopicRecord } from '@trendstream/contracts/status-events';
import { buildStatus } from '@trendstream/testkit/mastodon-statuses';
import type { ChannelKey } from '../../src/mastodon/channel.js';
import { FrameIntake, auditFinding, positionOf, takeEvent, type EventFrame } from '../../src/mastodon/frame-intake.js';
import { ReadPositions } from '../../src/mastodon/read-positions.js';
import { StatusSink } from '../../src/mastodon/status-sink.js';
import { createIngestMetrics } from '../../src/metrics.js';
import { PostSink } from '../../src/sources/post-sink.js';
import { SourceStatus } from '../../src/sources/source-status.js';
import { captureLogs } from '../support/log-capture.js';

const frame = (event: string, payload: string | undefined, stream = ['public']): EventFrame => ({ kind: 'event', stream, event, payload });
const status = (id: string, text = `post ${id}`) => buildStatus(id, 'm.example', { text });

describe('what an event frame is taken for', () => {
  const subscribed: ChannelKey[] = ['public', 'hashtag:rust'];

  it('an update or an edit of a channel subscribed on the open session, with its status', () => {
    const json = status('1');
    expect(takeEvent(frame('update', JSON.stringify(json)), subscribed)).toEqual({ kind: 'update', key: 'public', json });
    expect(takeEvent(frame('update', JSON.stringify(json), ['hashtag', 'Rust']), subscribed)).toEqual({ kind: 'update', key: 'hashtag:rust', json });
    expect(takeEvent(frame('status.update', JSON.stringify(json)), subscribed)).toEqual({ kind: 'edit', json });
  });

  it('nothing for a channel not subscribed (or no session), another event, or a delete without an id', () => {
    const payload = JSON.stringify(status('1'));
    expect(takeEvent(frame('update', payload, ['public:local']), subscribed)).toEqual({ kind: 'skip' });
    expect(takeEvent(frame('update', payload, ['user']), subscribed)).toEqual({ kind: 'skip' });
    expect(takeEvent(frame('update', payload), undefined)).toEqual({ kind: 'skip' });
    expect(takeEvent(frame('notification', payload), subscribed)).toEqual({ kind: 'skip' });
    expect(takeEvent(frame('delete', undefined), subscribed)).toEqual({ kind: 'skip' });
    expect(takeEvent(frame('delete', ''), subscribed)).toEqual({ kind: 'skip' });
    expect(takeEvent(frame('delete', '123'), subscribed)).toEqual({ kind: 'delete', id: '123' });
  });

  it('an odd frame when the payload of an update or edit is not a JSON string', () => {
    for (const payload of [undefined, '', '{"id":"1"', 'not json']) {
      expect(takeEvent(frame('update', payload), subscribed)).toEqual({ kind: 'odd', reason: 'the payload of an update frame is not a JSON string' });
    }
    expect(takeEvent(frame('status.update', '{'), subscribed)).toEqual({ kind: 'odd', reason: 'the payload of an status.update frame is not a JSON string' });
  });
});

describe('the read position a status moves', () => {
  const wanted = (tag: string) => tag === 'rust';

  it('is its id, on a timeline channel or a hashtag still read', () => {
    expect(positionOf('public', { id: '7' }, wanted)).toBe('7');
    expect(positionOf('hashtag:rust', { id: '7' }, wanted)).toBe('7');
  });

  it('is none for a hashtag no longer read, or a status without a usable id', () => {
    expect(positionOf('hashtag:go', { id: '7' }, wanted)).toBeUndefined();
    for (const json of [{ id: '' }, { id: 7 }, {}, null, 'text']) expect(positionOf('public', json, wanted)).toBeUndefined();
  });
});

describe('what an audit holds against the stream', () => {
  const auditAt = Date.parse('2026-12-07T10:00:00.000Z');
  const old = { id: '1', created_at: '2026-12-07T09:59:00.000Z' };
  const young = { id: '2', created_at: '2026-12-07T09:59:55.000Z' };

  it('a status it produced (the stream had not) older than the grace period is missed', () => {
    expect(auditFinding(old, 'accepted', auditAt, 10_000)).toEqual({ kind: 'missed' });
  });

  it('a status it produced younger than the grace period is awaited from the stream', () => {
    expect(auditFinding(young, 'accepted', auditAt, 10_000)).toEqual({ kind: 'young', id: '2', createdAt: Date.parse(young.created_at) });
  });

  it('nothing the stream delivered (a duplicate) or the queue dropped, nothing outside an audit, nothing without a date or an id', () => {
    for (const json of [old, young]) {
      expect(auditFinding(json, 'duplicate', auditAt, 10_000)).toEqual({ kind: 'none' });
      expect(auditFinding(json, 'dropped', auditAt, 10_000)).toEqual({ kind: 'none' });
      expect(auditFinding(json, 'accepted', undefined, 10_000)).toEqual({ kind: 'none' });
    }
    expect(auditFinding(null, 'accepted', auditAt, 10_000)).toEqual({ kind: 'none' });
    expect(auditFinding({ id: '3', created_at: 'not a date' }, 'accepted', auditAt, 10_000)).toEqual({ kind: 'none' });
    expect(auditFinding({ created_at: young.created_at }, 'accepted', auditAt, 10_000)).toEqual({ kind: 'none' });
  });
});

describe('the intake of an instance', () => {
  function intakeWith(options: { capacity?: number; channels?: ChannelKey[] } = {}) {
    const records: PostsTopicRecord[] = [];
    const posts = new PostSink({
      output: { offer: (record) => records.length < (options.capacity ?? Infinity) && records.push(record) > 0 },
      dedupeCapacity: 100,
      dedupeTtlMs: 60_000,
      now: Date.now,
    });
    const sink = new StatusSink({ posts, skipOptedOut: true, dedupeCapacity: 100, dedupeTtlMs: 60_000, now: Date.now });
    const metrics = createIngestMetrics();
    const { logger, lines } = captureLogs('debug');
    const cursors = new ReadPositions();
    const status = new SourceStatus({ name: 'm.example', network: 'mastodon', metrics, now: Date.now });
    const intake = new FrameIntake({
      host: 'm.example',
      metrics,
      logger,
      now: Date.now,
      sink,
      status,
      cursors,
      auditGraceMs: 10_000,
      isWanted: (tag) => tag === 'rust',
      streamChannels: () => options.channels ?? ['public', 'hashtag:rust', 'hashtag:go'],
    });
    return { intake, records, lines, cursors, metrics };
  }

  it('produces a streamed status and moves its channel to it, but keeps no position for a hashtag no longer read', () => {
    const { intake, records, cursors } = intakeWith();
    intake.onEvent(frame('update', JSON.stringify(status('5'))));
    intake.onEvent(frame('update', JSON.stringify(status('6')), ['hashtag', 'go']));
    expect(records).toHaveLength(2);
    expect(cursors.get('public')).toBe('5');
    expect(cursors.get('hashtag:go')).toBeUndefined();
  });

  it('holds the position before a status the full queue dropped, from REST as from the stream', () => {
    const { intake, cursors } = intakeWith({ capacity: 1 });
    const page = ['1', '2', '3'].map((id) => ({ id, json: status(id), raw: JSON.stringify(status(id)) }));
    intake.onRestPage({ kind: 'public' }, page);
    expect(cursors.get('public')).toBe('1');
    expect(cursors.isHeld('public')).toBe(true);
  });

  it('counts what an audit produced that the stream should have delivered', () => {
    const { intake } = intakeWith();
    const auditAt = Date.now();
    const old = buildStatus('1', 'm.example', { createdAt: new Date(auditAt - 60_000) });
    const young = buildStatus('2', 'm.example', { createdAt: new Date(auditAt - 1_000) });
    const page = [old, young].map((json) => ({ id: json.id as string, json, raw: JSON.stringify(json) }));
    expect(intake.onRestPage({ kind: 'public' }, page, auditAt)).toBe(1);
    // The same statuses again are duplicates: the stream (or an earlier read) delivered them.
    expect(intake.onRestPage({ kind: 'public' }, page, auditAt)).toBe(0);
  });

  it('holds a status an audit produced young against the stream at the first round past the grace period, once, if the stream never delivers it', () => {
    const { intake, records } = intakeWith();
    const auditAt = Date.now();
    const young = buildStatus('2', 'm.example', { createdAt: new Date(auditAt - 1_000) });
    expect(intake.onRestPage({ kind: 'public' }, [{ id: '2', json: young, raw: JSON.stringify(young) }], auditAt)).toBe(0);
    expect(records).toHaveLength(1);
    expect(intake.takeOverdue(auditAt + 8_999)).toBe(0);
    expect(intake.takeOverdue(auditAt + 9_000)).toBe(1);
    expect(intake.takeOverdue(auditAt + 60_000)).toBe(0);
  });

  it('holds nothing against the stream for a status an audit produced young that the stream delivers afterwards (a duplicate)', () => {
    const { intake, records } = intakeWith();
    const auditAt = Date.now();
    const young = buildStatus('2', 'm.example', { createdAt: new Date(auditAt - 1_000) });
    intake.onRestPage({ kind: 'public' }, [{ id: '2', json: young, raw: JSON.stringify(young) }], auditAt);
    intake.onEvent(frame('update', JSON.stringify(young), ['hashtag', 'rust']));
    expect(records).toHaveLength(1);
    expect(intake.takeOverdue(auditAt + 60_000)).toBe(0);
  });

  it('forgets what the audits of an ended session awaited', () => {
    const { intake } = intakeWith();
    const auditAt = Date.now();
    const young = buildStatus('2', 'm.example', { createdAt: new Date(auditAt - 1_000) });
    intake.onRestPage({ kind: 'public' }, [{ id: '2', json: young, raw: JSON.stringify(young) }], auditAt);
    intake.newSession();
    expect(intake.takeOverdue(auditAt + 60_000)).toBe(0);
  });

  it('warns about the first odd frame of a session, logs the rest at debug level, and counts them all', async () => {
    const { intake, lines, metrics } = intakeWith();
    intake.onEvent(frame('update', 'not json'));
    intake.oddFrame('frame is not JSON');
    intake.newSession();
    intake.oddFrame('frame is not JSON');
    expect(lines.map((line) => [line.level, line.msg])).toEqual([
      [
        40,
        'm.example: ignoring a streaming frame that is not the protocol (the payload of an update frame is not a JSON string); further ones on this connection are logged at debug level',
      ],
      [20, 'm.example: ignoring a streaming frame that is not the protocol'],
      [40, 'm.example: ignoring a streaming frame that is not the protocol (frame is not JSON); further ones on this connection are logged at debug level'],
    ]);
    expect((await metrics.invalid.get()).values[0]?.value).toBe(3);
  });
});
