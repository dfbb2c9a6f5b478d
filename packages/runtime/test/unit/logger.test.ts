import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { createLogger } from '../../src/logger.js';

/** A real logger whose output lines land in `lines`. */
function capturedLogger() {
  const lines: string[] = [];
  const destination = new Writable({
    write: (chunk: Buffer, _encoding, callback) => {
      lines.push(chunk.toString());
      callback();
    },
  });
  return { logger: createLogger('test', 'info', destination), lines };
}

describe('createLogger', () => {
  it('never writes tokens, database passwords or authorization headers', () => {
    const { logger, lines } = capturedLogger();
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

  it('cuts the SQL a database error carries to its beginning', () => {
    const { logger, lines } = capturedLogger();
    const rows = Array.from({ length: 2000 }, (_, i) => `(1795627020000, '', 'en', 'word${i}', 1)`).join(', ');
    const error = Object.assign(new Error("Table 'db.word_counts' doesn't exist"), { code: 'ER_NO_SUCH_TABLE', sql: `INSERT INTO word_counts VALUES ${rows}` });
    logger.warn({ err: error }, 'flush failed; will retry');
    const line = JSON.parse(lines.join('')) as { err: { message: string; code: string; sql: string } };
    expect(line.err.code).toBe('ER_NO_SUCH_TABLE');
    expect(line.err.message).toContain('word_counts');
    expect(line.err.sql.startsWith('INSERT INTO word_counts VALUES (1795627020000')).toBe(true);
    expect(line.err.sql.length).toBeLessThan(400);
    expect(line.err.sql).toContain(`characters)`);
  });
});
