import { describe, expect, it } from 'vitest';
import avro from 'avsc';
import { rabinFingerprint } from '../src/fingerprint.js';

// Reference vectors from Apache Avro's share/test/data/schema-tests.txt (signed 64-bit decimals).
const VECTORS: ReadonlyArray<[string, bigint]> = [
  ['"null"', 7195948357588979594n],
  ['"boolean"', -6970731678124411036n],
  ['"string"', -8142146995180207161n],
  ['[ "int" , {"type":"boolean"} ]', 5392556393470105090n],
  ['{"fields":[], "type":"record", "name":"foo", "namespace":"x.y"}', 5916914534497305771n],
  ['{"fields":[], "type":"record", "name":"foo", "doc":"foo", "aliases":["foo","bar"]}', -4824392279771201922n],
  ['{"namespace":"x.y.z", "type":"enum", "name":"foo", "doc":"foo bar", "symbols":["A1", "A2"]}', -4448647247586288245n],
  ['{"namespace":"x.y.z", "type":"fixed", "name":"foo", "doc":"foo bar", "size":32}', -3064184465700546786n],
  ['{"name":"PigValue","type":"record","fields":[{"name":"value", "type":["null", "int", "long", "PigValue"]}]}', -1759257747318642341n],
];

describe('rabinFingerprint', () => {
  it.each(VECTORS)('matches the Avro reference for %s', (schema, expected) => {
    const canonical = JSON.stringify(avro.Type.forSchema(JSON.parse(schema) as avro.Schema).schema());
    expect(BigInt.asIntN(64, rabinFingerprint(canonical))).toBe(expected);
  });
});
