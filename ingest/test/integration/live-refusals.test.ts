import { afterEach, describe, expect, it } from 'vitest';
import type { InstanceHealth } from '@trendstream/contracts/api-types';
import { Cleanups } from '@trendstream/testkit/cleanups';
import { testKafka } from '@trendstream/testkit/kafka';
import { waitFor } from '@trendstream/testkit/wait-for';
import { postUris, startLiveIngest } from '../support/live-harness.js';
import { ERROR } from '../support/log-capture.js';
import { startMastodonServer } from '@trendstream/testkit/mastodon-server';

const kafka = testKafka();

describe('instances that refuse us', () => {
  const cleanups = new Cleanups();
  afterEach(() => cleanups.run());

  it('a refused token and a disabled feed each give their state and one log line with the fix, and no retry loop', async () => {
    const refusing = await startMastodonServer({ token: 'the-right-token' });
    const disabled = await startMastodonServer({
      timelinesAccess: { live_feeds: { local: 'disabled', remote: 'disabled' }, hashtag_feeds: { local: 'disabled', remote: 'disabled' } },
    });
    const { app, statuses, lines } = await startLiveIngest(kafka, 'refusals', [refusing, disabled], { MASTODON_ACCESS_TOKEN: 'a-wrong-token' }, cleanups);
    const [refusingSupervisor, disabledSupervisor] = app.sources;

    // Each supervisor's run ends on its own: a terminal state is not a retry loop.
    await Promise.all([refusingSupervisor?.start(), disabledSupervisor?.start()]);
    expect(refusingSupervisor?.health.state).toBe('unauthorized');
    expect(disabledSupervisor?.health.state).toBe('disabled');
    expect(refusing.stats.upgrades).toBe(1);
    expect(disabled.stats.upgrades).toBe(0);
    expect(disabled.stats.rest.map((request) => request.path)).toEqual(['/api/v2/instance']);

    const errors = lines.filter((line) => line.level >= ERROR);
    expect(errors).toHaveLength(2);
    const refusedLine = errors.find((line) => line.msg.startsWith(refusing.host));
    expect(refusedLine?.msg).toContain('Invalid access token');
    expect(refusedLine?.msg).toContain(`MASTODON_TOKENS=${refusing.host}=`);
    expect(refusedLine?.msg).not.toContain('a-wrong-token');
    const disabledLine = errors.find((line) => line.msg.startsWith(disabled.host));
    expect(disabledLine?.msg).toContain('disabled');
    expect(disabledLine?.msg).toContain('MASTODON_INSTANCES');

    const health = app.health();
    expect(health.status).toBe('degraded');
    expect(health.instances.map((instance) => instance.state)).toEqual(['unauthorized', 'disabled']);
    const response = await app.http.inject({ method: 'GET', url: '/health' });
    expect(response.statusCode).toBe(200);
    const metrics = await app.http.inject({ method: 'GET', url: '/metrics' });
    expect(metrics.body).toContain(`ingest_instance_state{instance="${refusing.host}",state="unauthorized"} 1`);

    // The processor's /api/health reads the latest state per instance from ingest.status.
    await waitFor(
      () => {
        const latest = new Map(statuses.messages.map((m) => [m.key, (JSON.parse(m.value?.toString('utf8') ?? '{}') as InstanceHealth).state]));
        return latest.get(refusing.host) === 'unauthorized' && latest.get(disabled.host) === 'disabled';
      },
      { what: 'both states in ingest.status' },
    );
    expect(await app.stop()).toBe(true);
    // Still what needs fixing after shutdown, not "stopped".
    expect(app.health().instances.map((instance) => instance.state)).toEqual(['unauthorized', 'disabled']);
  }, 60_000);

  it('a timeline that needs a logged-in user (422, timeline preview off before 4.5) is unauthorized with one line, not polled forever', async () => {
    const members = {
      live_feeds: { local: 'authenticated', remote: 'authenticated' },
      hashtag_feeds: { local: 'authenticated', remote: 'authenticated' },
    } as const;
    const server = await startMastodonServer({ timelinesAccess: members, announceTimelinesAccess: false });
    const { app, lines } = await startLiveIngest(kafka, 'needs-user', [server], {}, cleanups);
    // The supervisor's run ends on its own: no poll loop.
    await app.sources[0]?.start();
    expect(app.sources[0]?.health.state).toBe('unauthorized');
    const timelineRequests = server.stats.rest.filter((request) => request.path.startsWith('/api/v1/timelines/'));
    expect(timelineRequests.map((request) => request.status)).toEqual([422]);

    const errors = lines.filter((line) => line.level >= ERROR);
    expect(errors).toHaveLength(1);
    expect(errors[0]?.msg).toMatch(new RegExp(`^${server.host}: .*This method requires an authenticated user`, 'u'));
    expect(errors[0]?.msg).toContain(`MASTODON_TOKENS=${server.host}=`);
    expect(errors[0]?.msg).toContain('MASTODON_ACCESS_TOKEN');
    expect(app.health().instances.map((instance) => instance.state)).toEqual(['unauthorized']);
  }, 30_000);

  it('polls local=true when only the local half of the public feed is public, instead of a 422 on every poll', async () => {
    const server = await startMastodonServer({
      timelinesAccess: { live_feeds: { local: 'public', remote: 'disabled' }, hashtag_feeds: { local: 'public', remote: 'public' } },
    });
    const { app, posts } = await startLiveIngest(kafka, 'local-half', [server], {}, cleanups);
    await waitFor(() => server.stats.rest.some((request) => request.path === '/api/v1/timelines/public'), { what: 'a poll' });
    const local = server.publish({ text: 'made here', acct: 'near' }).uri as string;
    await waitFor(() => postUris(posts.messages).includes(local), { what: 'the local post in Kafka' });
    expect(app.sources[0]?.health.state).toBe('polling');
    const polls = server.stats.rest.filter((request) => request.path === '/api/v1/timelines/public');
    expect(polls.every((request) => request.status === 200 && request.query.includes('local=true'))).toBe(true);
  }, 30_000);

  it('without instances it says there is no live source and stays up, healthy, following hashtags', async () => {
    const { app, lines } = await startLiveIngest(kafka, 'no-sources', [], {}, cleanups);
    expect(lines.some((line) => line.msg.startsWith('no live sources: MASTODON_INSTANCES, BLUESKY_JETSTREAM_URL and X_BEARER_TOKEN are empty'))).toBe(true);
    expect(app.health()).toMatchObject({ status: 'ok', kafka: 'up', instances: [] });
    expect(await app.stop()).toBe(true);
  }, 60_000);
});
