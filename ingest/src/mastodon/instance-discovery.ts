import type { Logger } from 'pino';
import { parseInstanceV1, parseInstanceV2, type InstanceInfo } from './instance-info.js';
import type { InstanceLifecycle } from './instance-lifecycle.js';
import type { InstanceTarget } from './instance-target.js';
import { RestError, type MastodonRestClient, type RestResponse } from './rest-client.js';

/** The one REST call discovery makes. */
export type InstanceRest = Pick<MastodonRestClient, 'get'>;

export interface DiscoveryDeps {
  target: InstanceTarget;
  rest: InstanceRest;
  lifecycle: InstanceLifecycle;
  logger: Logger;
}

/**
 * Reads the instance description until it is read (the streaming URL and who may read which feed), backing off
 * after any failure but a refusal for want of a token, which is terminal. Undefined when stopped or terminal.
 */
export async function discoverInstance({ target, rest, lifecycle, logger }: DiscoveryDeps): Promise<InstanceInfo | undefined> {
  lifecycle.status.set('starting', 'reading /api/v2/instance');
  while (!lifecycle.stopped) {
    try {
      const info = await readInstance(rest, target, lifecycle.signal, logger);
      lifecycle.backoff.reset();
      logger.info({ streamingUrl: info.streamingUrl, version: info.version, access: info.access }, `${target.host}: discovered`);
      return info;
    } catch (error) {
      if (lifecycle.stopped) return undefined;
      if (error instanceof RestError && error.kind === 'unauthorized') {
        lifecycle.unauthorized(error.message);
        return undefined;
      }
      await lifecycle.backOff(`instance discovery failed: ${(error as Error).message}`);
    }
  }
  return undefined;
}

/** `/api/v2/instance`, or `/api/v1/instance` when v2 answers 404 or is not an instance description. */
export async function readInstance(rest: InstanceRest, target: InstanceTarget, signal: AbortSignal, logger: Logger): Promise<InstanceInfo> {
  try {
    const v2 = await getInstanceDocument(rest, target, '/api/v2/instance', signal, logger);
    const info = parseInstanceV2(v2.json, target.baseUrl);
    if (info) return info;
  } catch (error) {
    if (!(error instanceof RestError && error.kind === 'refused' && error.status === 404)) throw error;
  }
  const v1 = await getInstanceDocument(rest, target, '/api/v1/instance', signal, logger);
  const info = parseInstanceV1(v1.json, target.baseUrl);
  if (!info) throw new RestError('bad-response', '/api/v1/instance is not a Mastodon instance description');
  return info;
}

/**
 * The instance description is public, so it is asked for without the token; but an instance in
 * limited-federation mode (or with DISALLOW_UNAUTHENTICATED_API_ACCESS) answers every anonymous API call
 * with 401, this one included. Then it is asked once more with the token, when there is one.
 */
async function getInstanceDocument(rest: InstanceRest, target: InstanceTarget, path: string, signal: AbortSignal, logger: Logger): Promise<RestResponse> {
  try {
    return await rest.get(path, {}, signal, { anonymous: true });
  } catch (error) {
    if (!(error instanceof RestError && error.kind === 'unauthorized' && target.token)) throw error;
    logger.debug(`${target.host}: ${path} needs a logged-in user; asking again with the token`);
    return rest.get(path, {}, signal);
  }
}
