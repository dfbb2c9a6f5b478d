// Container health probe: `node /app/docker/healthcheck.mjs URL` exits 0 when URL answers 2xx within 4 s.
// Slim Node images have no curl or wget; Node's own fetch does the job without adding a package.
const url = process.argv[2];
if (!url) {
  console.error('usage: node healthcheck.mjs URL');
  process.exit(2);
}
try {
  const response = await fetch(url, { signal: AbortSignal.timeout(4000) });
  if (!response.ok) console.error(`${url} answered ${response.status}`);
  process.exit(response.ok ? 0 : 1);
} catch (error) {
  console.error(`${url} unreachable: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
}
