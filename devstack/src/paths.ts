import path from 'node:path';
import { REPO_ROOT } from '@trendstream/testkit/repo';

/** The repository's paths come from the test kit's repo.ts (one derivation for every tool). */
export { REPO_ROOT, SAMPLE_PATH } from '@trendstream/testkit/repo';
export const KAFKA_POM = path.join(REPO_ROOT, 'devstack', 'kafka', 'pom.xml');
/** Git-ignored cache for the broker's jars and the local data directories. */
export const KAFKA_CACHE = path.join(REPO_ROOT, '.cache', 'kafka');
