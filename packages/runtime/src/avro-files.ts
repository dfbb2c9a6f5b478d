import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import avro from 'avsc';

// createRequire rather than import.meta.resolve: Vitest's module runner does not implement the latter.
const require = createRequire(import.meta.url);

// A codec loads its current schema and every known one, and the posts-topic codec three kinds of them: read
// each file once per process (avsc types are immutable, so sharing one is safe).
const loaded = new Map<string, avro.Type>();

/** Reads one of the contract's schema files (`@trendstream/contracts/avro/<fileName>`). */
export function loadAvroType(fileName: string): avro.Type {
  let type = loaded.get(fileName);
  if (!type) {
    const file = require.resolve(`@trendstream/contracts/avro/${fileName}`);
    type = avro.Type.forSchema(JSON.parse(readFileSync(file, 'utf8')) as avro.Schema);
    loaded.set(fileName, type);
  }
  return type;
}
