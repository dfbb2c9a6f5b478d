import { logLevel } from 'kafkajs';
import { describe, expect, it } from 'vitest';
import { kafkaLogLevel } from '../../src/kafka-log.js';

describe('kafkaLogLevel', () => {
  it('turns the errors of a broker that is still starting into warnings', () => {
    expect(kafkaLogLevel(logLevel.ERROR, { message: 'Response GroupCoordinator(key: 10, version: 2)', error: 'The group coordinator is not available' })).toBe(
      'warn',
    );
    expect(
      kafkaLogLevel(logLevel.ERROR, { message: "Crash: KafkaJSProtocolError: The coordinator is loading and hence can't process requests for this group" }),
    ).toBe('warn');
  });

  it('keeps real errors as errors and other levels as they are', () => {
    expect(kafkaLogLevel(logLevel.ERROR, { message: 'Failed to connect to seed broker: Connection error: connect ECONNREFUSED' })).toBe('error');
    expect(kafkaLogLevel(logLevel.WARN, { message: 'anything' })).toBe('warn');
    expect(kafkaLogLevel(logLevel.DEBUG, {})).toBe('debug');
  });
});
