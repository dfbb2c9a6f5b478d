import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, openSync, closeSync, readFileSync } from 'node:fs';
import path from 'node:path';
import mysql from 'mysql2/promise';
import { waitFor } from './wait-for.js';
import { freePort } from './free-port.js';

const MARIADBD = '/usr/sbin/mariadbd';

/**
 * A MariaDB server of a test's own (Debian's `mariadbd` on a fresh data directory and a free loopback port), for
 * faults that would disturb every other test on the machine's server: it can be killed (`kill -9`) and started
 * again on the same data, which makes InnoDB recover from its redo log as after a crash.
 */
export class MariadbServer {
  private child: ChildProcess | undefined;

  private constructor(
    private readonly dataDir: string,
    readonly port: number,
  ) {}

  /** Creates the data directory (root without a password on loopback) and starts the server. */
  static async start(dataDir: string): Promise<MariadbServer> {
    if (!existsSync(MARIADBD)) throw new Error(`${MARIADBD} is missing: apt-get install -y mariadb-server`);
    mkdirSync(dataDir, { recursive: true });
    const install = spawnSync(
      'mariadb-install-db',
      ['--no-defaults', `--datadir=${path.join(dataDir, 'data')}`, '--user=root', '--auth-root-authentication-method=normal', '--skip-test-db'],
      { encoding: 'utf8' },
    );
    if (install.status !== 0) throw new Error(`mariadb-install-db failed (exit ${install.status}): ${install.stderr}`);
    const server = new MariadbServer(dataDir, await freePort());
    await server.run();
    return server;
  }

  /** `mysql://root@127.0.0.1:PORT` (no database). */
  get url(): string {
    return `mysql://root@127.0.0.1:${this.port}`;
  }

  /** kill -9, then a start on the same data directory and port. */
  async killAndRestart(): Promise<void> {
    await this.kill();
    await this.run();
  }

  stop(): Promise<void> {
    return this.end('SIGTERM');
  }

  private kill(): Promise<void> {
    return this.end('SIGKILL');
  }

  private async end(signal: NodeJS.Signals): Promise<void> {
    const child = this.child;
    if (!child || child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill(signal);
    await exited;
  }

  private async run(): Promise<void> {
    const logFile = path.join(this.dataDir, 'server.log');
    const output = openSync(logFile, 'a');
    const child = spawn(
      MARIADBD,
      [
        '--no-defaults',
        `--datadir=${path.join(this.dataDir, 'data')}`,
        `--port=${this.port}`,
        '--bind-address=127.0.0.1',
        `--socket=${path.join(this.dataDir, 'mysqld.sock')}`,
        `--pid-file=${path.join(this.dataDir, 'mysqld.pid')}`,
        '--user=root',
        '--innodb-buffer-pool-size=128M',
        // The durability a production server has: every commit is on disk before it is acknowledged.
        '--innodb-flush-log-at-trx-commit=1',
      ],
      { stdio: ['ignore', output, output] },
    );
    closeSync(output);
    this.child = child;
    // Never outlive the test process, even when it dies without cleaning up.
    const killOnExit = () => child.kill('SIGKILL');
    process.once('exit', killOnExit);
    child.once('exit', () => process.off('exit', killOnExit));
    await waitFor(
      async () => {
        if (child.exitCode !== null) throw new Error(`mariadbd exited with ${child.exitCode}: ${readFileSync(logFile, 'utf8').slice(-2_000)}`);
        try {
          const connection = await mysql.createConnection({ uri: this.url });
          await connection.end();
          return true;
        } catch {
          return false;
        }
      },
      { what: 'the test MariaDB server to accept connections', timeoutMs: 60_000, intervalMs: 100, stopOnError: true },
    );
  }
}
