import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { gunzipSync } from 'node:zlib';
import { uniqueName } from '@trendstream/testkit/names';
import { REPLAY_SAMPLE } from './stack';
import type { StackState } from './stack-state';

interface SampleStatus {
  id: string;
  uri: string;
  url: string | null;
  created_at: string;
  reblog: unknown;
}

/**
 * Writes a replay file of `count` original posts from the sample, all created now and under URIs no earlier
 * replay used (the processor counts a URI once), so a test gets data inside the shortest window whenever it
 * runs, however long the suite took to reach it. Returns the file's path.
 */
export function writeFreshPosts(state: Pick<StackState, 'repoRoot' | 'logDir'>, count: number): string {
  const createdAt = new Date().toISOString();
  const marker = uniqueName('fresh');
  const lines = gunzipSync(readFileSync(path.resolve(state.repoRoot, REPLAY_SAMPLE)))
    .toString('utf8')
    .split('\n');
  const fresh: string[] = [];
  for (const line of lines) {
    if (fresh.length === count) break;
    if (!line.trim()) continue;
    const status = JSON.parse(line) as SampleStatus;
    if (status.reblog !== null) continue;
    status.uri = `${status.uri}-${marker}`;
    status.url = status.url === null ? null : `${status.url}-${marker}`;
    status.created_at = createdAt;
    fresh.push(JSON.stringify(status));
  }
  if (fresh.length < count) throw new Error(`${REPLAY_SAMPLE} holds only ${fresh.length} original posts, not ${count}`);
  const file = path.join(state.logDir, `${marker}.jsonl`);
  writeFileSync(file, `${fresh.join('\n')}\n`);
  return file;
}
