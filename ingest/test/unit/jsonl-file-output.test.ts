import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { gunzipSync } from 'node:zlib';
import { afterEach, describe, expect, it } from 'vitest';
import type { Post } from '@trendstream/contracts/post';
import { JsonlFileOutput } from '../../src/record/jsonl-file-output.js';

const post = { uri: 'https://a.example/1' } as Post;

describe('JsonlFileOutput', () => {
  const dirs: string[] = [];
  afterEach(() => {
    for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
  });
  const tempDir = (): string => {
    const dir = mkdtempSync(path.join(tmpdir(), 'record-output-'));
    dirs.push(dir);
    return dir;
  };

  it('writes raw lines, gzipped by extension, and leaves deletes and edits out', async () => {
    const file = path.join(tempDir(), 'out.jsonl.gz');
    const output = await JsonlFileOutput.create(file, { force: false });
    expect(output.offer({ kind: 'post', post }, '{"id":"1","content":"<p>é</p>"}')).toBe(true);
    expect(output.offer({ kind: 'deleted', uri: post.uri, statusId: '1', instance: 'a.example', receivedAt: 0, network: 'mastodon' }, undefined)).toBe(true);
    expect(output.offer({ kind: 'post', post }, '{"id":"2"}')).toBe(true);
    await output.close();
    expect(gunzipSync(readFileSync(file)).toString('utf8')).toBe('{"id":"1","content":"<p>é</p>"}\n{"id":"2"}\n');
    expect([output.written, output.skipped]).toEqual([2, 1]);
  });

  it('refuses to overwrite a file unless forced, and reports a missing directory', async () => {
    const dir = tempDir();
    const file = path.join(dir, 'exists.jsonl');
    writeFileSync(file, 'keep me\n');
    await expect(JsonlFileOutput.create(file, { force: false })).rejects.toMatchObject({ code: 'EEXIST' });
    expect(readFileSync(file, 'utf8')).toBe('keep me\n');
    const forced = await JsonlFileOutput.create(file, { force: true });
    await forced.close();
    expect(readFileSync(file, 'utf8')).toBe('');
    await expect(JsonlFileOutput.create(path.join(dir, 'no/such/dir.jsonl'), { force: false })).rejects.toMatchObject({ code: 'ENOENT' });
  });
});
