import { describe, expect, it } from 'vitest';
import { isLoopbackHost, planAdminAccess } from '../../src/admin-access.js';

const plan = (adminToken: string | undefined, host: string) =>
  planAdminAccess({ adminToken, host, dashboardUrl: `http://${host}:8080`, newToken: () => 'made-for-this-run' });

describe('admin access under npm start', () => {
  it('makes a token for the run on loopback and puts it in the link fragment', () => {
    expect(plan(undefined, '127.0.0.1')).toEqual({ token: 'made-for-this-run', generated: true, link: 'http://127.0.0.1:8080/#admin-token=made-for-this-run' });
  });

  it('uses ADMIN_TOKEN when set, and never prints it', () => {
    expect(plan('a-long-token-of-my-own', '0.0.0.0')).toEqual({ token: 'a-long-token-of-my-own', generated: false, link: 'http://0.0.0.0:8080' });
  });

  it('never makes one for an address other machines reach, and says how to turn hashtag changes on', () => {
    const access = plan(undefined, '0.0.0.0');
    expect(access.token).toBeUndefined();
    expect(access.link).toBe('http://0.0.0.0:8080');
    expect(access.note).toMatch(/set ADMIN_TOKEN/u);
  });

  it('knows which hosts are loopback', () => {
    for (const host of ['127.0.0.1', '127.1.2.3', 'localhost', '::1', '[::1]']) expect(isLoopbackHost(host), host).toBe(true);
    for (const host of ['0.0.0.0', '::', '192.168.1.4', 'example.org', '127.0.0.1.example.org']) expect(isLoopbackHost(host), host).toBe(false);
  });
});
