import mysql from 'mysql2/promise';
import { uniqueName } from './names.js';

/** The apps' default MYSQL_URL (packages/runtime/src/env.ts); tests borrow its server, never its database. */
const DEFAULT_MYSQL_URL = 'mysql://root@127.0.0.1:3306/trendstream';

let serverUrl: string | undefined;

/** The MySQL server the tests use: MYSQL_URL (or its default) without the database, e.g. mysql://root@127.0.0.1:3306. */
export function mysqlServerUrl(): string {
  if (serverUrl === undefined) {
    const url = new URL(process.env.MYSQL_URL || DEFAULT_MYSQL_URL);
    url.pathname = '/';
    url.search = '';
    serverUrl = url.toString().replace(/\/$/u, '');
  }
  return serverUrl;
}

export interface TestDatabase {
  name: string;
  /** MYSQL_URL for an app that should use this database (the processor creates it when it starts). */
  url: string;
}

/** A database of its own for one test: a unique name on the test server; `dropDatabase(name)` removes it. */
export function testDatabase(base: string): TestDatabase {
  const name = uniqueName(base);
  return { name, url: `${mysqlServerUrl()}/${name}` };
}

export async function dropDatabase(name: string): Promise<void> {
  const connection = await mysql.createConnection({ uri: mysqlServerUrl() });
  try {
    await connection.query(`DROP DATABASE IF EXISTS ${mysql.escapeId(name)}`);
  } finally {
    await connection.end();
  }
}
