import type avro from 'avsc';

/**
 * The Avro schemas are JSON files in this package's `avro/` folder (the contract other engines read too).
 * This package stays free of file I/O so the browser can import it: whoever builds a codec passes a loader,
 * `loadAvroType` from `@trendstream/runtime/avro-files` in Node.
 */
export type AvroTypeLoader = (fileName: string) => avro.Type;

/** The Post schema every producer writes today. */
export const CURRENT_POST_SCHEMA_FILE = 'post.v2.avsc';
/** Every Post schema ever written to the topic: a reader must resolve all of them. Never remove an entry. */
export const KNOWN_POST_SCHEMA_FILES: readonly string[] = ['post.v1.avsc', 'post.v2.avsc'];
