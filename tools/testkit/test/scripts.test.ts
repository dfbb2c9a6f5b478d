import { describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../src/repo.js';
import { exitCode, startScript } from '../src/scripts.js';

describe('startScript', () => {
  it('runs a script of the repository from its root, with only the environment it is given', async () => {
    const child = startScript('tools/testkit/test/print-env.mjs', [], { env: { ONLY_THIS: 'yes' }, stdio: ['ignore', 'pipe', 'inherit'] });
    let output = '';
    for await (const chunk of child.stdout!) output += (chunk as Buffer).toString('utf8');
    expect(await exitCode(child)).toBe(0);
    const printed = JSON.parse(output) as { cwd: string; env: Record<string, string> };
    expect(printed.cwd).toBe(REPO_ROOT);
    expect(Object.keys(printed.env).filter((name) => !['PATH', 'HOME'].includes(name))).toEqual(['ONLY_THIS']);
    // Asked again once the script has ended, the answer is the same.
    expect(await exitCode(child)).toBe(0);
  });
});
