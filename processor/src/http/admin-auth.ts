import { timingSafeEqual } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';

/** Writes need `Authorization: Bearer <ADMIN_TOKEN>`; with no token configured, writes are off. */
export function requireAdmin(adminToken: string | undefined) {
  return async (request: FastifyRequest, reply: FastifyReply): Promise<void> => {
    if (!adminToken) {
      await reply.code(503).send({
        error: 'admin_token_not_configured',
        message: 'Hashtag changes are disabled: set ADMIN_TOKEN (16+ characters) in the processor environment and restart it.',
      });
      return;
    }
    // The scheme name is case-insensitive (RFC 9110, section 11.1).
    const given = /^bearer\s+(.+)$/iu.exec(request.headers.authorization ?? '')?.[1]?.trim() ?? '';
    if (!sameSecret(given, adminToken)) {
      await reply.code(401).send({ error: 'unauthorized', message: 'Send the admin token as "Authorization: Bearer <ADMIN_TOKEN>".' });
    }
  };
}

function sameSecret(given: string, expected: string): boolean {
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}
