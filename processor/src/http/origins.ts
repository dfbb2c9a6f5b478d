/**
 * Whether a browser request's Origin may use the API: the dashboard's own origin (same host as the request)
 * or one listed in ALLOWED_ORIGINS. Requests without an Origin (curl, server-to-server) are not browser
 * cross-origin requests and are allowed; their writes still need the admin token.
 */
export function isAllowedOrigin(origin: string | undefined, host: string | undefined, allowed: readonly string[]): boolean {
  if (origin === undefined) return true;
  if (allowed.includes(origin)) return true;
  try {
    return host !== undefined && new URL(origin).host === host;
  } catch {
    return false;
  }
}
