import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { envVar, withEnv } from '@trendstream/testkit/env';
import { loadDotEnv } from '../../src/dot-env.js';

describe('.env for the command-line tools (npm run record ignored the token kept there)', () => {
  it('fills in variables from the file and leaves those already set alone', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'dotenv-'));
    const file = path.join(dir, '.env');
    writeFileSync(file, 'TS_DOTENV_TEST_A=from-file\nTS_DOTENV_TEST_B=from-file\n');
    try {
      await withEnv({ TS_DOTENV_TEST_A: undefined, TS_DOTENV_TEST_B: 'from-shell' }, () => {
        expect(loadDotEnv(file)).toBe(true);
        expect(envVar('TS_DOTENV_TEST_A')).toBe('from-file');
        expect(envVar('TS_DOTENV_TEST_B')).toBe('from-shell');
      });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('is a no-op without a file', () => {
    expect(loadDotEnv(path.join(tmpdir(), 'no-such-dir', '.env'))).toBe(false);
  });
});
