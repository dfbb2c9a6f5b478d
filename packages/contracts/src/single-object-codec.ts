import type avro from 'avsc';
import { DecodeError } from './codec-errors.js';
import { fingerprintBytes, rabinFingerprint } from './fingerprint.js';

/** Avro single-object encoding marker (https://avro.apache.org/docs/1.11.1/specification/#single-object-encoding). */
const MAGIC = Buffer.from([0xc3, 0x01]);
const HEADER_LENGTH = MAGIC.length + 8;

export function schemaFingerprint(type: avro.Type): bigint {
  return rabinFingerprint(JSON.stringify(type.schema()));
}

/**
 * Writes with one schema; reads any known writer schema into the reader schema (schema resolution).
 * Every message names its schema by fingerprint, so no registry is needed to read the topic. `TDecoded` is what
 * reading gives when it may hold more than a writer may write (a Post's network, see post.ts).
 */
export class SingleObjectCodec<T, TDecoded = T> {
  private readonly header: Buffer;
  private readonly resolvers = new Map<bigint, ReturnType<avro.Type['createResolver']> | null>();

  constructor(
    private readonly reader: avro.Type,
    knownWriters: readonly avro.Type[],
  ) {
    const readerFingerprint = schemaFingerprint(reader);
    this.header = Buffer.concat([MAGIC, fingerprintBytes(readerFingerprint)]);
    this.resolvers.set(readerFingerprint, null);
    for (const writer of knownWriters) {
      const fingerprint = schemaFingerprint(writer);
      if (fingerprint !== readerFingerprint) this.resolvers.set(fingerprint, reader.createResolver(writer));
    }
  }

  get fingerprint(): bigint {
    return this.header.readBigUInt64LE(MAGIC.length);
  }

  encode(value: T): Buffer {
    return Buffer.concat([this.header, this.reader.toBuffer(value)]);
  }

  decode(message: Buffer | null): TDecoded {
    if (!message || message.length < HEADER_LENGTH) {
      throw new DecodeError('TOO_SHORT', `message has ${message?.length ?? 0} bytes, fewer than the ${HEADER_LENGTH}-byte header`);
    }
    if (message[0] !== MAGIC[0] || message[1] !== MAGIC[1]) {
      throw new DecodeError('BAD_MAGIC', 'message does not start with the Avro single-object marker C3 01');
    }
    const fingerprint = message.readBigUInt64LE(MAGIC.length);
    const resolver = this.resolvers.get(fingerprint);
    if (resolver === undefined) {
      throw new DecodeError('UNKNOWN_SCHEMA', `unknown writer schema fingerprint ${fingerprint.toString(16).padStart(16, '0')}`);
    }
    try {
      const body = message.subarray(HEADER_LENGTH);
      return (resolver ? this.reader.fromBuffer(body, resolver) : this.reader.fromBuffer(body)) as TDecoded;
    } catch (cause) {
      throw new DecodeError('BAD_BODY', `Avro body does not match its schema: ${(cause as Error).message}`, { cause });
    }
  }
}
