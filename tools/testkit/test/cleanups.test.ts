import { describe, expect, it } from 'vitest';
import { Cleanups } from '../src/cleanups.js';

describe('Cleanups', () => {
  it('runs the newest first, once', async () => {
    const order: string[] = [];
    const cleanups = new Cleanups();
    cleanups.add(() => order.push('server'));
    cleanups.add(
      () => order.push('app'),
      async () => {
        await Promise.resolve();
        order.push('reader');
      },
    );
    await cleanups.run();
    await cleanups.run();
    expect(order).toEqual(['reader', 'app', 'server']);
  });

  it('runs every cleanup even when one fails, then reports the failure', async () => {
    const order: string[] = [];
    const cleanups = new Cleanups();
    cleanups.add(() => order.push('first'));
    cleanups.add(() => {
      throw new Error('close failed');
    });
    cleanups.add(() => order.push('last'));
    await expect(cleanups.run()).rejects.toThrow('close failed');
    expect(order).toEqual(['last', 'first']);
  });
});
