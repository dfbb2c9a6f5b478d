/**
 * Cases per property in the bad-input suite: the fault suite's bar is 100,000 per target (issue 15), as in
 * packages/contracts/test/properties/. HTTP cases go through fastify's `inject()` (the whole request path
 * without a socket), 0.2 to 0.4 ms each with fast-check's share: on the 2-core machine, while other tests
 * ran beside them, an HTTP target took 20 to 45 s and the pure subscription check 2 s.
 */
export const PROPERTY_RUNS = 100_000;

/**
 * Runs of the socket.io properties over a real connection on loopback: each run is a sequence of about ten
 * messages and a round trip, or a new connection, so 1,000 runs (some 11,000 messages) take a few seconds.
 */
export const SOCKET_RUNS = 1_000;
