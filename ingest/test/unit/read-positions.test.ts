import { describe, expect, it } from 'vitest';
import { ReadPositions } from '../../src/mastodon/read-positions.js';

describe('ReadPositions', () => {
  it('never moves a channel past a status the queue refused, until a read started after the refusal went through', () => {
    const positions = new ReadPositions();
    positions.read('public', '100', false);
    expect(positions.get('public')).toBe('100');

    const before = positions.readStarted();
    positions.read('public', '101', true);
    positions.read('public', '102', false);
    expect(positions.get('public')).toBe('100');
    // A read that began before the refusal cannot have offered 101 again.
    positions.readThrough('public', before);
    expect(positions.get('public')).toBe('100');

    const after = positions.readStarted();
    positions.read('public', '101', false);
    positions.readThrough('public', after);
    expect(positions.get('public')).toBe('102');
    expect(positions.isHeld('public')).toBe(false);
  });

  it('holds each channel on its own, and a refusal during a read keeps the hold', () => {
    const positions = new ReadPositions();
    positions.read('local', '5', false);
    positions.read('hashtag:rust', '7', false);
    const started = positions.readStarted();
    positions.read('hashtag:rust', '8', true);
    positions.read('local', '9', false);
    expect(positions.get('local')).toBe('9');
    positions.readThrough('hashtag:rust', started);
    expect(positions.get('hashtag:rust')).toBe('7');
  });

  it('resumes a saved position without moving one already read, and forgets a channel entirely', () => {
    const positions = new ReadPositions();
    positions.resume('public', '200');
    positions.read('public', '150', false);
    expect(positions.get('public')).toBe('200');
    positions.read('local', '10', false);
    positions.resume('local', '1');
    expect(positions.get('local')).toBe('10');
    positions.read('hashtag:rust', '3', true);
    positions.delete('hashtag:rust');
    positions.read('hashtag:rust', '4', false);
    expect(positions.get('hashtag:rust')).toBe('4');
  });
});
