import { readFileSync } from 'node:fs';
import avro from 'avsc';

/** Schema files live in `avro/` beside `src/` and `dist/`, so the same path works from both. */
export function loadAvroType(fileName: string): avro.Type {
  const url = new URL(`../avro/${fileName}`, import.meta.url);
  return avro.Type.forSchema(JSON.parse(readFileSync(url, 'utf8')) as avro.Schema);
}

/** The Post schema every producer writes today. */
export const CURRENT_POST_SCHEMA_FILE = 'post.v1.avsc';
/** Every Post schema ever written to the topic: a reader must resolve all of them. */
export const KNOWN_POST_SCHEMA_FILES: readonly string[] = ['post.v1.avsc'];
