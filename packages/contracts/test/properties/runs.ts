/**
 * Cases per property in the bad-input suite: the fault suite's bar is 100,000 per target in CI (issue 15).
 * Each target runs in a few seconds at this count on the 2-core CI machine.
 */
export const PROPERTY_RUNS = 100_000;
