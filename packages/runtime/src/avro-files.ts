import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import avro from 'avsc';

// createRequire rather than import.meta.resolve: Vitest's module runner does not implement the latter.
const require = createRequire(import.meta.url);

/** Reads one of the contract's schema files (`@trendstream/contracts/avro/<fileName>`). */
export function loadAvroType(fileName: string): avro.Type {
  const file = require.resolve(`@trendstream/contracts/avro/${fileName}`);
  return avro.Type.forSchema(JSON.parse(readFileSync(file, 'utf8')) as avro.Schema);
}
