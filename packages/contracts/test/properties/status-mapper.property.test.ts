import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseReplayLine } from '../../src/replay-line.js';
import { parseStatus } from '../../src/status-to-post.js';
import { status } from '../support/mastodon-status.js';
import { PROPERTY_RUNS } from './runs.js';

// A status from a server or a line of a file is untrusted: mapping it gives a post or a reason, and never throws.
const origin = { instance: 'mastodon.example', source: 'stream' as const, receivedAt: Date.UTC(2026, 11, 5) };

/** A valid status with some fields replaced by arbitrary JSON (wrong types, nulls, nesting, huge strings). */
const mangledStatus = fc
  .dictionary(
    fc.constantFrom('id', 'uri', 'url', 'created_at', 'language', 'content', 'spoiler_text', 'sensitive', 'tags', 'reblog', 'account', 'edited_at'),
    fc.jsonValue({ maxDepth: 3 }),
    { maxKeys: 4 },
  )
  .map((overrides) => status(overrides));

describe('the Mastodon status mapper on bad input', () => {
  it('gives a post or a reason for arbitrary JSON', () => {
    fc.assert(
      fc.property(fc.jsonValue({ maxDepth: 4 }), (json) => {
        const parsed = parseStatus(json, origin);
        if (!parsed.ok) expect(parsed.reason.length).toBeGreaterThan(0);
      }),
      { numRuns: PROPERTY_RUNS },
    );
  });

  it('gives a post or a reason for a status with fields of the wrong shape', () => {
    fc.assert(
      fc.property(mangledStatus, (json) => {
        const parsed = parseStatus(json, origin);
        if (parsed.ok) {
          expect(typeof parsed.post.uri).toBe('string');
          expect(Number.isFinite(parsed.post.createdAt)).toBe(true);
        } else {
          expect(parsed.reason.length).toBeGreaterThan(0);
        }
      }),
      { numRuns: PROPERTY_RUNS },
    );
  });

  it('parses or skips any replay line, JSON or not', () => {
    fc.assert(
      fc.property(
        fc.oneof(
          fc.string({ unit: 'binary', maxLength: 300 }),
          mangledStatus.map((json) => JSON.stringify(json)),
        ),
        (line) => {
          const parsed = parseReplayLine(line, origin.receivedAt);
          if (!parsed.ok) expect(parsed.reason.length).toBeGreaterThan(0);
        },
      ),
      { numRuns: PROPERTY_RUNS },
    );
  });
});
