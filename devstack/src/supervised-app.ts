import type { ChildProcess } from 'node:child_process';
import path from 'node:path';
import { killOnExit, stopProcess } from './kafka-broker.js';
import { spawnWithLifeline } from './lifeline.js';
import { REPO_ROOT } from './paths.js';
import { createLogFormatter, pipeFormatted } from './readable-logs.js';
import { nextRestart } from './restart-policy.js';

export interface AppSpec {
  name: string;
  /** A built entry point, relative to the repository, e.g. `ingest/dist/main.js`. */
  script: string;
  args: readonly string[];
  env: NodeJS.ProcessEnv;
  /** Start it again, with backoff, when it exits with an error or is killed (a replay that finished is done). */
  restartOnCrash: boolean;
  /** Each raw output line (stdout and stderr), e.g. to see the app say it is listening. */
  onLine?: (line: string) => void;
}

/**
 * One app under `npm start`: its output shown as readable lines, tied to the runner by a lifeline (it dies
 * with the runner, however the runner dies), and restarted when it crashes if its spec says so.
 */
export class SupervisedApp {
  private child: ChildProcess;
  private startedAt = 0;
  private crashes = 0;
  private restartTimer: NodeJS.Timeout | undefined;
  private stopping = false;
  private readonly exitListeners: Array<(code: number | null) => void> = [];

  constructor(
    private readonly spec: AppSpec,
    private readonly log: (line: string) => void,
  ) {
    this.child = this.start();
  }

  get process(): ChildProcess {
    return this.child;
  }

  get running(): boolean {
    return this.child.exitCode === null && this.child.signalCode === null;
  }

  /** Called when the app has exited for good (not when it is about to be restarted). */
  onExit(listener: (code: number | null) => void): void {
    this.exitListeners.push(listener);
  }

  async stop(): Promise<void> {
    this.stopping = true;
    clearTimeout(this.restartTimer);
    await stopProcess(this.child);
  }

  private start(): ChildProcess {
    const { script, args, env, onLine } = this.spec;
    const child = spawnWithLifeline(process.execPath, [path.join(REPO_ROOT, script), ...args], { env, stdout: 'pipe', stderr: 'pipe' });
    this.startedAt = Date.now();
    killOnExit(child);
    if (child.stdout) pipeFormatted(child.stdout, process.stdout, createLogFormatter(process.stdout.isTTY), onLine);
    if (child.stderr) pipeFormatted(child.stderr, process.stderr, createLogFormatter(process.stderr.isTTY), onLine);
    child.on('exit', (code, signal) => this.exited(code, signal));
    return child;
  }

  private exited(code: number | null, signal: NodeJS.Signals | null): void {
    const { name } = this.spec;
    const how = signal ?? `exit code ${code}`;
    if (this.stopping) return;
    if (code === 0) {
      this.log(`${name} finished`);
    } else if (this.spec.restartOnCrash) {
      const next = nextRestart(this.crashes, Date.now() - this.startedAt);
      this.crashes = next.crashes;
      this.log(`${name} crashed (${how}); restarting it in ${next.delayMs / 1000} s`);
      this.restartTimer = setTimeout(() => {
        if (this.stopping) return;
        this.child = this.start();
        this.log(`${name} restarted (pid ${this.child.pid})`);
      }, next.delayMs);
      return;
    } else {
      this.log(`${name} exited (${how})`);
    }
    for (const listener of this.exitListeners) listener(code);
  }
}
