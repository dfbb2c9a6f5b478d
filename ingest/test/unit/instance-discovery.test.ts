import { describe, expect, it } from 'vitest';
import { readInstance, type InstanceRest } from '../../src/mastodon/instance-discovery.js';
import type { InstanceTarget } from '../../src/mastodon/instance-target.js';
import { RestError, type RestResponse } from '../../src/mastodon/rest-client.js';
import { OPEN_FEEDS } from '../support/feed-access.js';
import { captureLogs } from '../support/log-capture.js';

type Answer = unknown;

/** A REST client answering each path from `answers` in turn (an Error is thrown); records what was asked. */
function fakeRest(answers: Record<string, Answer[]>) {
  const asked: { path: string; anonymous: boolean }[] = [];
  const rest: InstanceRest = {
    get: (path: string, _params: Record<string, string>, _signal: AbortSignal, options: { anonymous?: boolean } = {}): Promise<RestResponse> => {
      asked.push({ path, anonymous: options.anonymous ?? false });
      const answer = answers[path]?.shift();
      if (answer instanceof Error) return Promise.reject(answer);
      return Promise.resolve({ status: 200, headers: new Headers(), json: answer });
    },
  };
  return { rest, asked };
}

const target = (token?: string): InstanceTarget => ({ host: 'm.example', baseUrl: 'https://m.example', token });
const v2 = { version: '4.5.0', configuration: { urls: { streaming: 'wss://streaming.m.example' } } };
const unauthorized = () => new RestError('unauthorized', 'HTTP 401 (This API requires an authenticated user)', 401);
const read = (rest: InstanceRest, token?: string) => readInstance(rest, target(token), new AbortController().signal, captureLogs().logger);

describe('reading the instance description', () => {
  it('asks /api/v2/instance without the token', async () => {
    const { rest, asked } = fakeRest({ '/api/v2/instance': [v2] });
    await expect(read(rest, 'token')).resolves.toEqual({ streamingUrl: 'wss://streaming.m.example', access: OPEN_FEEDS, version: '4.5.0' });
    expect(asked).toEqual([{ path: '/api/v2/instance', anonymous: true }]);
  });

  it('falls back to /api/v1/instance when v2 answers 404 or is not an instance description', async () => {
    const v1 = { version: '3.5.0', urls: { streaming_api: 'wss://m.example' } };
    const notFound = fakeRest({ '/api/v2/instance': [new RestError('refused', 'HTTP 404', 404)], '/api/v1/instance': [v1] });
    await expect(read(notFound.rest)).resolves.toMatchObject({ version: '3.5.0' });
    const notAnInstance = fakeRest({ '/api/v2/instance': ['<html>'], '/api/v1/instance': [v1] });
    await expect(read(notAnInstance.rest)).resolves.toMatchObject({ version: '3.5.0' });
    expect(notAnInstance.asked.map((ask) => ask.path)).toEqual(['/api/v2/instance', '/api/v1/instance']);
  });

  it('fails when v1 is not an instance description either, and on any other refusal of v2 without trying v1', async () => {
    const neither = fakeRest({ '/api/v2/instance': ['<html>'], '/api/v1/instance': ['<html>'] });
    await expect(read(neither.rest)).rejects.toMatchObject({ kind: 'bad-response' });
    const gone = fakeRest({ '/api/v2/instance': [new RestError('refused', 'HTTP 410', 410)] });
    await expect(read(gone.rest)).rejects.toMatchObject({ status: 410 });
    expect(gone.asked).toHaveLength(1);
  });

  it('asks once more with the token when the instance refuses anonymous callers (limited federation)', async () => {
    const { rest, asked } = fakeRest({ '/api/v2/instance': [unauthorized(), v2] });
    await expect(read(rest, 'token')).resolves.toMatchObject({ version: '4.5.0' });
    expect(asked).toEqual([
      { path: '/api/v2/instance', anonymous: true },
      { path: '/api/v2/instance', anonymous: false },
    ]);
  });

  it('gives up on a 401 without a token, and on a 401 to the token', async () => {
    const anonymous = fakeRest({ '/api/v2/instance': [unauthorized()] });
    await expect(read(anonymous.rest)).rejects.toMatchObject({ kind: 'unauthorized' });
    expect(anonymous.asked).toHaveLength(1);
    const refused = fakeRest({ '/api/v2/instance': [unauthorized(), unauthorized()] });
    await expect(read(refused.rest, 'token')).rejects.toMatchObject({ kind: 'unauthorized' });
    expect(refused.asked).toHaveLength(2);
  });
});
