import mysql from 'mysql2/promise';
import type { Logger } from '@trendstream/runtime/logger';
import { MIGRATIONS, type CodeStep, type Statement } from './migrations.js';

export type Pool = mysql.Pool;

/** The database named in a mysql:// URL, and the URL without it (to create the database first). */
export function splitMysqlUrl(url: string): { serverUrl: string; database: string } {
  const parsed = new URL(url);
  const database = decodeURIComponent(parsed.pathname.replace(/^\//u, ''));
  parsed.pathname = '/';
  return { serverUrl: parsed.toString(), database };
}

/** A pool on the database in `url`. Connects nothing: connections open on first use (after prepareDatabase). */
export function createPool(url: string): Pool {
  return mysql.createPool({
    uri: url,
    connectionLimit: 8,
    // BIGINT columns come back as numbers: epoch ms and offsets stay far below 2^53.
    supportBigNumbers: true,
    bigNumberStrings: false,
    multipleStatements: false,
  });
}

/** Creates the database in `url` when missing, then applies pending migrations through `pool`. */
export async function prepareDatabase(url: string, pool: Pool, logger: Logger): Promise<void> {
  const { serverUrl, database } = splitMysqlUrl(url);
  const admin = await mysql.createConnection({ uri: serverUrl });
  try {
    await admin.query(`CREATE DATABASE IF NOT EXISTS ${mysql.escapeId(database)} CHARACTER SET utf8mb4 COLLATE utf8mb4_bin`);
  } finally {
    await admin.end();
  }
  await migrate(pool, logger);
}

async function migrate(pool: Pool, logger: Logger): Promise<void> {
  const connection = await pool.getConnection();
  try {
    // Several processors may start at once: one migrates, the others wait for it.
    const [locked] = await connection.query<mysql.RowDataPacket[]>("SELECT GET_LOCK('trendstream_migrations', 600) AS locked");
    if (Number(locked[0]?.locked) !== 1) throw new Error('another processor has been migrating the database for 10 minutes; retry once it is done');
    await connection.query(
      'CREATE TABLE IF NOT EXISTS schema_migrations (version INT NOT NULL PRIMARY KEY, name VARCHAR(200) NOT NULL, applied_at BIGINT NOT NULL) ENGINE=InnoDB',
    );
    const [rows] = await connection.query<mysql.RowDataPacket[]>('SELECT version FROM schema_migrations');
    const applied = new Set(rows.map((row) => Number(row.version)));
    for (const migration of MIGRATIONS) {
      if (applied.has(migration.version)) continue;
      for (const statement of migration.statements) await runStatement(connection, statement);
      await connection.query('INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)', [migration.version, migration.name, Date.now()]);
      // Not `name`: pino uses that field for the component, and readable logs would show the migration in its place.
      logger.info({ version: migration.version, migration: migration.name }, 'applied database migration');
    }
  } finally {
    await connection.query("SELECT RELEASE_LOCK('trendstream_migrations')").catch(() => {});
    connection.release();
  }
}

async function runStatement(connection: mysql.PoolConnection, statement: string | Statement | CodeStep): Promise<void> {
  if (typeof statement === 'string') {
    await connection.query(statement);
    return;
  }
  if ('run' in statement) {
    await statement.run(connection);
    return;
  }
  try {
    await connection.query(statement.sql);
  } catch (error) {
    if (!statement.alreadyDoneWhen.includes((error as { code?: string }).code ?? '')) throw error;
  }
}
