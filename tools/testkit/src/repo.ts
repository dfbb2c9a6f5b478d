import path from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * The repository's paths, for every development tool (devstack's runners too). This package depends on no
 * other workspace, so anything can use it without a dependency cycle.
 */

/** The repository root: tools/testkit/src and tools/testkit/dist are three levels below it. */
export const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..', '..');

/**
 * The committed sample of Mastodon statuses (made by `npm run sample:generate`, shipped in the ingest image)
 * that npm start, the replay tests and the browser tests play.
 */
export const SAMPLE_PATH = path.join(REPO_ROOT, 'ingest', 'sample', 'sample-posts.jsonl.gz');
