import { afterEach, describe, expect, it } from 'vitest';
import { waitFor } from '@trendstream/testkit/wait-for';
import { XApiError, type RuleError } from '../../src/x/x-api.js';
import { XRulesKeeper } from '../../src/x/x-rules-keeper.js';
import type { NewXRule, XRule } from '../../src/x/x-rules.js';
import { captureLogs, ERROR } from '../support/log-capture.js';

/** The rules API of one app, in memory, with failures to order. */
class FakeRulesApi {
  rules: XRule[] = [];
  calls: string[] = [];
  failures: Error[] = [];
  refuse = new Map<string, RuleError>();
  private nextId = 1;

  listRules(): Promise<XRule[]> {
    this.calls.push('list');
    const failure = this.failures.shift();
    return failure ? Promise.reject(failure) : Promise.resolve(this.rules.map((rule) => ({ ...rule })));
  }

  addRules(rules: readonly NewXRule[]): Promise<RuleError[]> {
    this.calls.push(`add ${rules.map((rule) => rule.value).join(',')}`);
    const errors: RuleError[] = [];
    for (const rule of rules) {
      const refusal = this.refuse.get(rule.value);
      if (refusal) errors.push({ ...refusal, value: rule.value });
      else this.rules.push({ id: String(this.nextId++), ...rule });
    }
    return Promise.resolve(errors);
  }

  deleteRules(ids: readonly string[]): Promise<RuleError[]> {
    this.calls.push(`delete ${ids.join(',')}`);
    this.rules = this.rules.filter((rule) => !ids.includes(rule.id));
    return Promise.resolve([]);
  }
}

describe('the X rules keeper', () => {
  const stops: AbortController[] = [];
  afterEach(() => {
    for (const stop of stops) stop.abort();
  });

  function keeper(api: FakeRulesApi, baseRule?: string) {
    const stop = new AbortController();
    stops.push(stop);
    const { logger, lines } = captureLogs('debug');
    const unauthorized: XApiError[] = [];
    const rules = new XRulesKeeper({
      api,
      name: 'api.x.test',
      baseRule,
      logger,
      now: Date.now,
      backoff: { initialMs: 5, maxMs: 20 },
      signal: stop.signal,
      onUnauthorized: (error) => unauthorized.push(error),
    });
    return { rules, lines, unauthorized, stop };
  }

  const values = (api: FakeRulesApi) => api.rules.map((rule) => `${rule.value} [${rule.tag ?? ''}]`).sort();

  it('does nothing before start, then keeps one rule per followed hashtag and leaves foreign rules alone', async () => {
    const api = new FakeRulesApi();
    api.rules.push({ id: 'mine', value: 'from:someone', tag: 'by hand' });
    const { rules, lines } = keeper(api, 'lang:en');
    rules.follow(['rust', 'zig']);
    expect(api.calls).toEqual([]);
    rules.start();
    await rules.settled();
    expect(values(api)).toEqual(['#rust lang:en [trendstream #rust]', '#zig lang:en [trendstream #zig]', 'from:someone [by hand]']);
    expect(lines.some((line) => line.msg.includes('1 rule(s) on this X app were not made by Trendstream'))).toBe(true);

    rules.follow(['zig', 'go']);
    await rules.settled();
    expect(values(api)).toEqual(['#go lang:en [trendstream #go]', '#zig lang:en [trendstream #zig]', 'from:someone [by hand]']);
    rules.follow([]);
    await rules.settled();
    expect(values(api)).toEqual(['from:someone [by hand]']);
    expect(lines.filter((line) => line.msg.includes('not made by Trendstream'))).toHaveLength(1);
  });

  it('folds changes made during a sync into one more sync', async () => {
    const api = new FakeRulesApi();
    const { rules } = keeper(api);
    rules.start();
    rules.follow(['a']);
    rules.follow(['a', 'b']);
    rules.follow(['b', 'c']);
    await rules.settled();
    expect(values(api)).toEqual(['#b [trendstream #b]', '#c [trendstream #c]']);
    expect(api.calls.filter((call) => call === 'list').length).toBeLessThanOrEqual(2);
  });

  it('retries a failed change with backoff and one clear line each time, never giving up on retriable errors', async () => {
    const api = new FakeRulesApi();
    api.failures.push(
      new XApiError('X_HTTP', 'the rules: HTTP 503 (Service Unavailable)', 503),
      new XApiError('X_NETWORK', 'could not reach api.x.test: ECONNRESET'),
    );
    const { rules, lines } = keeper(api);
    rules.follow(['rust']);
    rules.start();
    await waitFor(() => api.rules.length === 1, { what: 'the rule added after two failures', intervalMs: 5 });
    const warnings = lines.filter((line) => line.msg.includes("could not update the filtered stream's rules"));
    expect(warnings.map((line) => line.msg)).toEqual([
      expect.stringContaining('(the rules: HTTP 503 (Service Unavailable)); retrying in'),
      expect.stringContaining('(could not reach api.x.test: ECONNRESET); retrying in'),
    ]);
  });

  it('stops and reports a refused token instead of retrying', async () => {
    const api = new FakeRulesApi();
    api.failures.push(new XApiError('X_UNAUTHORIZED', 'the rules: HTTP 401 (Unauthorized)', 401));
    const { rules, unauthorized } = keeper(api);
    rules.follow(['rust']);
    rules.start();
    await rules.settled();
    expect(unauthorized.map((error) => error.status)).toEqual([401]);
    expect(api.calls).toEqual(['list']);
  });

  it('does not send again a rule X refused, says which hashtag it costs, and takes a duplicate as done', async () => {
    const api = new FakeRulesApi();
    api.refuse.set('#bad lang:xx', { title: 'Invalid Rule', detail: "Reference to invalid field 'xx'" });
    api.refuse.set('#dup lang:xx', { title: 'DuplicateRule', detail: '' });
    const { rules, lines } = keeper(api, 'lang:xx');
    rules.follow(['bad', 'dup', 'good']);
    rules.start();
    await rules.settled();
    rules.follow(['bad', 'dup', 'good', 'more']);
    await rules.settled();
    expect(api.calls.filter((call) => call.startsWith('add'))).toEqual(['add #bad lang:xx,#dup lang:xx,#good lang:xx', 'add #dup lang:xx,#more lang:xx']);
    const errors = lines.filter((line) => line.level === ERROR).map((line) => line.msg);
    expect(errors).toEqual([
      `api.x.test: #bad gets no filtered-stream rule: X refused its rule "#bad lang:xx" (Invalid Rule: Reference to invalid field 'xx'; check X_RULES); its X posts are not read`,
    ]);
  });

  it('stops retrying when stopped', async () => {
    const api = new FakeRulesApi();
    for (let i = 0; i < 1000; i++) api.failures.push(new XApiError('X_HTTP', 'HTTP 500', 500));
    const { rules, stop } = keeper(api);
    rules.follow(['rust']);
    rules.start();
    await waitFor(() => api.calls.length >= 2, { what: 'a retry', intervalMs: 5 });
    stop.abort();
    await rules.settled();
    const calls = api.calls.length;
    rules.follow(['zig']);
    await rules.settled();
    expect(api.calls.length).toBe(calls);
  });
});
