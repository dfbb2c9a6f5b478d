import path from 'node:path';
import { REPO_ROOT, SAMPLE_PATH } from '@trendstream/testkit/repo';

export { REPO_ROOT };
export const KAFKA_POM = path.join(REPO_ROOT, 'devstack', 'kafka', 'pom.xml');
/** Git-ignored cache for the broker's jars and the local data directories. */
export const KAFKA_CACHE = path.join(REPO_ROOT, '.cache', 'kafka');
/** The committed sample that `npm start` replays. */
export const SAMPLE_FILE = SAMPLE_PATH;
