import { readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import type { Post } from '@trendstream/contracts/post';
import { parseReplayLine } from '@trendstream/contracts/replay-line';
import { SAMPLE_PATH } from '@trendstream/testkit/repo';

/** The bundled sample's posts, as the replay reads them. */
export function samplePosts(): Post[] {
  return gunzipSync(readFileSync(SAMPLE_PATH))
    .toString('utf8')
    .split('\n')
    .filter((line) => line !== '')
    .flatMap((line, index) => {
      const parsed = parseReplayLine(line, index);
      return parsed.ok ? [parsed.post] : [];
    });
}
