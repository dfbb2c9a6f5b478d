import { describe, expect, it } from 'vitest';
import { childEnv, envVar, withEnv } from '../src/env.js';

describe('the environment of tests', () => {
  it('gives a spawned CLI PATH, HOME and what the test passes, nothing else', async () => {
    await withEnv({ TOPIC_PREFIX: 'left-in-the-shell.', HOME: '/home/test' }, () => {
      expect(childEnv({ KAFKA_BROKERS: '127.0.0.1:9092', UNSET: undefined })).toEqual({
        PATH: envVar('PATH'),
        HOME: '/home/test',
        KAFKA_BROKERS: '127.0.0.1:9092',
      });
    });
  });

  it('sets variables for the length of a call and puts the previous values back, even after a failure', async () => {
    await withEnv({ TESTKIT_A: 'before', TESTKIT_B: undefined }, async () => {
      await expect(
        withEnv({ TESTKIT_A: undefined, TESTKIT_B: 'inside' }, () => {
          expect([envVar('TESTKIT_A'), envVar('TESTKIT_B')]).toEqual([undefined, 'inside']);
          throw new Error('the test failed');
        }),
      ).rejects.toThrow('the test failed');
      expect([envVar('TESTKIT_A'), envVar('TESTKIT_B')]).toEqual(['before', undefined]);
    });
  });
});
