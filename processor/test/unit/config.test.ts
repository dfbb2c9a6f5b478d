import { describe, expect, it } from 'vitest';
import { loadProcessorConfig } from '../../src/config.js';

const env = { KAFKA_BROKERS: '127.0.0.1:9092' };

describe('processor configuration', () => {
  it('judges sources stale after 3 × the ingest’s default status interval unless told otherwise', () => {
    expect(loadProcessorConfig(env).SOURCE_STALE_AFTER_SECONDS).toBe(90);
    expect(loadProcessorConfig({ ...env, SOURCE_STALE_AFTER_SECONDS: '' }).SOURCE_STALE_AFTER_SECONDS).toBe(90);
    expect(loadProcessorConfig({ ...env, SOURCE_STALE_AFTER_SECONDS: '300' }).SOURCE_STALE_AFTER_SECONDS).toBe(300);
  });

  it('refuses a staleness threshold that is not a whole number of seconds from 1 to a day, naming the variable', () => {
    for (const value of ['0', '-5', '1.5', 'soon', '86401']) {
      expect(() => loadProcessorConfig({ ...env, SOURCE_STALE_AFTER_SECONDS: value })).toThrow(/SOURCE_STALE_AFTER_SECONDS: /u);
    }
  });

  it('counts with the processor unless COUNTING_ENGINE says spark, and refuses any other engine, naming the variable', () => {
    expect(loadProcessorConfig(env).COUNTING_ENGINE).toBe('processor');
    expect(loadProcessorConfig({ ...env, COUNTING_ENGINE: '' }).COUNTING_ENGINE).toBe('processor');
    expect(loadProcessorConfig({ ...env, COUNTING_ENGINE: 'spark' }).COUNTING_ENGINE).toBe('spark');
    expect(() => loadProcessorConfig({ ...env, COUNTING_ENGINE: 'flink' })).toThrow(/COUNTING_ENGINE: /u);
  });
});
