export type Cleanup = () => unknown;

/**
 * Teardown registered next to what it undoes (`cleanups.add(() => server.close())` right after the server
 * starts), run newest first by the suite's afterEach or afterAll: `afterEach(() => cleanups.run())`.
 */
export class Cleanups {
  private readonly stack: Cleanup[] = [];

  add(...cleanups: Cleanup[]): void {
    this.stack.push(...cleanups);
  }

  /** Runs and forgets every registered cleanup in reverse order; one that fails does not stop the others. */
  async run(): Promise<void> {
    const errors: unknown[] = [];
    for (const cleanup of this.stack.splice(0).reverse()) {
      try {
        await cleanup();
      } catch (error) {
        errors.push(error);
      }
    }
    if (errors.length === 1) throw errors[0];
    if (errors.length > 1) throw new AggregateError(errors, `${errors.length} cleanups failed`);
  }
}
