import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { createLogger } from '../src/logger.js';

describe('createLogger', () => {
  it('never writes tokens, database passwords or authorization headers', () => {
    const lines: string[] = [];
    const destination = new Writable({
      write: (chunk: Buffer, _encoding, callback) => {
        lines.push(chunk.toString());
        callback();
      },
    });
    const logger = createLogger('test', 'info', destination);
    logger.info(
      {
        config: { accessToken: 'secret-1', adminToken: 'secret-2', mysqlUrl: 'mysql://u:secret-3@h/db' },
        req: { headers: { authorization: 'Bearer secret-4' } },
      },
      'starting',
    );
    const output = lines.join('');
    expect(output).toContain('starting');
    for (const secret of ['secret-1', 'secret-2', 'secret-3', 'secret-4']) expect(output).not.toContain(secret);
    expect(output).toContain('[redacted]');
  });
});
