import { createReadStream } from 'node:fs';
import readline from 'node:readline';
import { createGunzip } from 'node:zlib';
import type { Post } from '@trendstream/contracts/post';
import { parseStatus } from '@trendstream/contracts/status-to-post';

/** Up to `limit` original posts (no boosts) of a replay file, to be sent again under new URIs. */
export async function loadTemplates(file: string, limit: number): Promise<Post[]> {
  const posts: Post[] = [];
  const lines = readline.createInterface({ input: createReadStream(file).pipe(createGunzip()), crlfDelay: Infinity });
  for await (const line of lines) {
    const parsed = parseStatus(JSON.parse(line), { instance: 'bench.example', source: 'stream', receivedAt: 0 });
    if (parsed.ok && !parsed.post.isBoost) posts.push(parsed.post);
    if (posts.length >= limit) break;
  }
  lines.close();
  if (posts.length === 0) throw new Error(`${file} holds no post to send`);
  return posts;
}
