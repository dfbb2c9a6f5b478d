import { readFileSync } from 'node:fs';
import avro from 'avsc';

/** The tests' schema loader: the package's own `avro/` files (the apps use @trendstream/runtime/avro-files). */
export function loadAvroType(fileName: string): avro.Type {
  return avro.Type.forSchema(JSON.parse(readFileSync(new URL(`../avro/${fileName}`, import.meta.url), 'utf8')) as avro.Schema);
}
