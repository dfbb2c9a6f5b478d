import { existsSync } from 'node:fs';
import { STATUS_CODES } from 'node:http';
import fastifyCors from '@fastify/cors';
import fastifyStatic from '@fastify/static';
import Fastify, { LogController, type FastifyBaseLogger, type FastifyInstance, type FastifyReply } from 'fastify';
import type { Logger } from '@trendstream/runtime/logger';
import type { HealthCheck } from '../health/health-service.js';
import type { Metrics } from '../observability/metrics.js';
import { registerApiRoutes, type ApiDeps } from './api-routes.js';
import { isAllowedOrigin } from './origins.js';

/**
 * A 100-character hashtag or word arrives percent-encoded: up to 12 bytes a character. Fastify's default (100)
 * answered such a valid tag with its own error instead of our validation.
 */
const MAX_PARAM_LENGTH = 1_500;

export interface HttpDeps extends ApiDeps {
  logger: Logger;
  metrics: Metrics;
  health: () => Promise<HealthCheck>;
  allowedOrigins: readonly string[];
  /** The built dashboard (web/dist); served from / when it exists. */
  webDist: string | undefined;
}

/**
 * The HTTP surface, built without listening so tests can use `inject`. Plugins are registered, not awaited:
 * fastify loads them in order on ready(), listen() or the first inject(), so building does no I/O.
 */
export function buildHttp(deps: HttpDeps): FastifyInstance {
  // Typed as fastify's logger so the app keeps fastify's default instance type.
  const loggerInstance: FastifyBaseLogger = deps.logger.child({ component: 'http' });
  const app = Fastify({
    loggerInstance,
    // Health and metrics are polled every few seconds; per-request logs would drown everything else.
    logController: new LogController({ disableRequestLogging: true }),
    trustProxy: true,
    routerOptions: { maxParamLength: MAX_PARAM_LENGTH },
    // URLs the router refuses get the same error shape as every other bad request.
    frameworkErrors: (error, _request, reply) => void (reply as FastifyReply).code(400).send({ error: 'bad_request', message: routerRefusal(error) }),
  });

  app.addHook('onRequest', async (request, reply) => {
    if (!isAllowedOrigin(request.headers.origin, request.headers.host, deps.allowedOrigins)) {
      await reply.code(403).send({ error: 'origin_not_allowed', message: `Origin ${request.headers.origin} is not in ALLOWED_ORIGINS.` });
      return reply;
    }
    return undefined;
  });
  // Pages on the origins in ALLOWED_ORIGINS (e.g. Vite's dev server) call the API cross-origin; their writes carry
  // an Authorization header, so browsers send a preflight first. Same-origin pages need none of this.
  void app.register(fastifyCors, {
    origin: [...deps.allowedOrigins],
    methods: ['GET', 'PUT', 'DELETE'],
    allowedHeaders: ['Authorization', 'Content-Type'],
    maxAge: 600,
  });

  // The API takes no request bodies: whatever a client sends along (an empty JSON body, a form) is read and ignored,
  // so it cannot turn a write into a 400 or 415.
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('*', { parseAs: 'buffer', bodyLimit: 64 * 1024 }, (_request, _body, done) => done(null, undefined));

  app.setErrorHandler(async (error: Error & { statusCode?: number }, request, reply) => {
    const status = error.statusCode ?? 500;
    if (status >= 500) {
      request.log.error({ err: error, url: request.url }, 'request failed');
      return reply.code(status).send({ error: 'internal_error', message: 'The server could not answer; see its logs.' });
    }
    return reply.code(status).send({ error: errorCode(status), message: error.message });
  });

  registerApiRoutes(app, deps);

  app.get('/api/health', async (_request, reply) => {
    const { response, working } = await deps.health();
    return reply.code(working ? 200 : 503).send(response);
  });

  app.get('/metrics', async (_request, reply) => {
    return reply.type(deps.metrics.registry.contentType).send(await deps.metrics.registry.metrics());
  });

  const webDist = deps.webDist && existsSync(deps.webDist) ? deps.webDist : undefined;
  if (webDist) {
    void app.register(fastifyStatic, { root: webDist, wildcard: false });
  } else {
    app.get('/', async (_request, reply) =>
      reply.type('text/plain').send('Trendstream processor: the dashboard is not built (npm run build), the API is under /api.'),
    );
  }
  app.setNotFoundHandler(async (request, reply) => {
    if (webDist && request.method === 'GET' && !request.url.startsWith('/api/')) return reply.sendFile('index.html');
    return reply.code(404).send({ error: 'not_found', message: `No route for ${request.method} ${shortPath(request.url)}` });
  });
  return app;
}

/**
 * Why the router refused a URL, without echoing it: fastify's own messages quote the whole path, which can be
 * kilobytes of percent-encoded junk.
 */
function routerRefusal(error: Error & { code?: string }): string {
  if (error.code === 'FST_ERR_BAD_URL') return 'The URL is malformed: each % must start a valid percent-encoded UTF-8 sequence (%C3%A9 for é).';
  if (error.code === 'FST_ERR_MAX_PARAM_LENGTH') {
    return `A path parameter is longer than ${MAX_PARAM_LENGTH} characters; words and hashtags have at most 100.`;
  }
  return 'The URL could not be routed.';
}

/** The path of a URL, cut to a length a person reads in an error message. */
function shortPath(url: string): string {
  const path = url.split('?', 1)[0] ?? '';
  return path.length > 200 ? `${path.slice(0, 200)}…` : path;
}

/** `bad_request`, `payload_too_large`, `unsupported_media_type`, …: the status's reason phrase as a stable code. */
function errorCode(status: number): string {
  return (STATUS_CODES[status] ?? 'Bad Request').toLowerCase().replace(/[^a-z]+/gu, '_');
}
