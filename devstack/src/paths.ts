import { fileURLToPath } from 'node:url';
import path from 'node:path';

/** The repository root: devstack/src or devstack/dist are two levels below it. */
export const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
export const KAFKA_POM = path.join(REPO_ROOT, 'devstack', 'kafka', 'pom.xml');
/** Git-ignored cache for the broker's jars and the local data directories. */
export const KAFKA_CACHE = path.join(REPO_ROOT, '.cache', 'kafka');
export const SAMPLE_FILE = path.join(REPO_ROOT, 'ingest', 'sample', 'sample-posts.jsonl.gz');
