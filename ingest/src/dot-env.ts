import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository's `.env` (from ingest/dist/); images have none, compose passes their environment. */
export const REPO_DOT_ENV = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..', '.env');

/**
 * The command-line tools read `.env` as `npm start` does, so a token or TOPIC_PREFIX kept there also applies
 * to `npm run record`, `replay` and `hashtags`. Variables already set in the environment win.
 */
export function loadDotEnv(file = REPO_DOT_ENV): boolean {
  if (!existsSync(file)) return false;
  process.loadEnvFile(file);
  return true;
}
