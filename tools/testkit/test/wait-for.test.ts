import { describe, expect, it } from 'vitest';
import { waitFor } from '../src/wait-for.js';

describe('waitFor', () => {
  it('returns the first truthy value of the condition', async () => {
    let calls = 0;
    const value = await waitFor(() => (++calls >= 3 ? { calls } : undefined), { what: 'the third call', intervalMs: 1 });
    expect(value).toEqual({ calls: 3 });
  });

  it('names what it waited for, and the last error the condition threw, when it times out', async () => {
    await expect(waitFor(() => false, { what: 'never', timeoutMs: 20, intervalMs: 5 })).rejects.toThrow('timed out after 20 ms waiting for never');
    const failing = waitFor(
      () => {
        throw new Error('database not there yet');
      },
      { what: 'the database', timeoutMs: 20, intervalMs: 5 },
    );
    await expect(failing).rejects.toThrow('timed out after 20 ms waiting for the database: database not there yet');
  });

  it('keeps checking after an error, or fails at once with stopOnError', async () => {
    let calls = 0;
    const flaky = () => {
      calls += 1;
      if (calls < 3) throw new Error('not yet');
      return true;
    };
    expect(await waitFor(flaky, { what: 'a flaky condition', intervalMs: 1 })).toBe(true);
    calls = 0;
    await expect(waitFor(flaky, { what: 'a flaky condition', intervalMs: 1, stopOnError: true })).rejects.toThrow('not yet');
    expect(calls).toBe(1);
  });
});
