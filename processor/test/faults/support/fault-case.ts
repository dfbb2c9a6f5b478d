import { afterEach } from 'vitest';
import type { Processor } from '../../../src/app.js';
import { startProcessor } from '../../support/stack.js';
import { FaultWorld, type FaultWorldOptions } from './fault-world.js';
import { faultWorkload, type Workload } from './workload.js';

export interface CountingCase {
  world: FaultWorld;
  workload: Workload;
  processor: Processor;
  url: string;
}

/**
 * The fault cases' set-up and clean-up: call once in a `describe`. `counting()` gives a world with the 100,000
 * records on its topic and a processor (in this process) counting them; `world()` only the world, for cases that run
 * processors of their own. Whatever was started is closed after each case.
 */
export function faultCases(): { counting(options?: FaultWorldOptions): Promise<CountingCase>; world(options?: FaultWorldOptions): Promise<FaultWorld> } {
  let world: FaultWorld | undefined;
  let processor: Processor | undefined;
  afterEach(async () => {
    await world?.close(processor);
    world = undefined;
    processor = undefined;
  });
  return {
    async counting(options = {}) {
      world = await FaultWorld.start(options);
      const workload = faultWorkload();
      await world.produce(workload.messages);
      const started = await startProcessor(world.stack);
      processor = started.processor;
      return { world, workload, processor: started.processor, url: started.url };
    },
    async world(options = {}) {
      world = await FaultWorld.start(options);
      return world;
    },
  };
}
