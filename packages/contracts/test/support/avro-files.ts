import { readFileSync } from 'node:fs';
import avro from 'avsc';

/** A schema file of the package's own `avro/` directory, parsed (the apps use @trendstream/runtime/avro-files). */
export function readAvroSchema<T = avro.Schema>(fileName: string): T {
  return JSON.parse(readFileSync(new URL(`../../avro/${fileName}`, import.meta.url), 'utf8')) as T;
}

/** The tests' schema loader: an Avro type from the package's own `avro/` files. */
export function loadAvroType(fileName: string): avro.Type {
  return avro.Type.forSchema(readAvroSchema(fileName));
}
