/**
 * Whether `npm start` makes an admin token for the run, so following hashtags from the dashboard works with no
 * setup. Only on loopback: anyone who can reach a public address could otherwise change what is followed, and
 * a token nobody set cannot be shared safely.
 */
export interface AdminAccess {
  /** The token the processor gets, when there is one. */
  token?: string;
  generated: boolean;
  /** The dashboard link to print; it carries a generated token in its fragment (never sent to the server). */
  link: string;
  /** One line for the user when hashtag changes stay off. */
  note?: string;
}

export function isLoopbackHost(host: string): boolean {
  const bare = host.replace(/^\[|\]$/gu, '').toLowerCase();
  return bare === 'localhost' || bare === '::1' || /^127(\.\d{1,3}){3}$/u.test(bare);
}

export function planAdminAccess(input: { adminToken: string | undefined; host: string; dashboardUrl: string; newToken: () => string }): AdminAccess {
  if (input.adminToken) return { token: input.adminToken, generated: false, link: input.dashboardUrl };
  if (!isLoopbackHost(input.host)) {
    return {
      generated: false,
      link: input.dashboardUrl,
      note: `hashtag changes are off: HOST=${input.host} is reachable from other machines, so set ADMIN_TOKEN (any long random string) to follow hashtags from the dashboard`,
    };
  }
  const token = input.newToken();
  return { token, generated: true, link: `${input.dashboardUrl}/#admin-token=${token}` };
}
