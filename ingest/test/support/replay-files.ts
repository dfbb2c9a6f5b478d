import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { generatePosts } from '@trendstream/sample/generate-posts';
import type { StatusJson } from '@trendstream/sample/mastodon-entities';

/** A scratch directory for replay files, removed by the returned cleanup. */
export function replayScratchDir(): {
  dir: string;
  file: (name: string, lines: readonly string[], options?: { gzip?: boolean }) => string;
  remove: () => void;
} {
  const dir = mkdtempSync(path.join(tmpdir(), 'replay-test-'));
  return {
    dir,
    file(name, lines, options = {}) {
      const target = path.join(dir, name);
      const text = lines.map((line) => `${line}\n`).join('');
      writeFileSync(target, options.gzip ? gzipSync(text) : text);
      return target;
    },
    remove: () => rmSync(dir, { recursive: true, force: true }),
  };
}

/** A few generated statuses (originals and boosts alike), for tests that need valid lines. */
export function someStatuses(count: number, seed = 'replay-test'): StatusJson[] {
  return [...generatePosts({ count, seed, startMs: Date.UTC(2026, 2, 14, 19), spanMs: 10 * 60_000 })];
}

/** A minimal valid status at a given time, for pacing tests where only created_at matters. */
export function statusAt(id: number, createdAt: number, overrides: Partial<Record<string, unknown>> = {}): string {
  return JSON.stringify({
    id: String(id),
    uri: `https://replay.example/users/ana/statuses/${id}`,
    url: `https://replay.example/@ana/${id}`,
    created_at: new Date(createdAt).toISOString(),
    language: 'en',
    content: `<p>post ${id}</p>`,
    tags: [],
    reblog: null,
    account: { id: '1', acct: 'ana', bot: false, discoverable: true, indexable: true, note: '' },
    ...overrides,
  });
}
