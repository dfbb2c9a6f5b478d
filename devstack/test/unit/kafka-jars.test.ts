import { describe, expect, it } from 'vitest';
import { withEnv } from '@trendstream/testkit/env';
import { requireCommand } from '../../src/kafka-jars.js';

describe('the tools the local broker needs', () => {
  it('says in one line what to install when a command is missing', async () => {
    await withEnv({ PATH: '/nonexistent' }, () => {
      expect(() => requireCommand('mvn', ['--version'], 'install Apache Maven')).toThrow("'mvn' was not found: install Apache Maven");
    });
  });
});
