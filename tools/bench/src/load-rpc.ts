import { fork, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * Request and reply over a child process's IPC channel, for the processes of `npm run bench:load`. The parent
 * owns the child: `stop()` asks it to finish, then kills it if it does not; a child whose parent is gone
 * (its channel closes) stops by itself (see `serveRpc`).
 */

interface RpcRequest {
  id: number;
  method: string;
  params: unknown;
}

interface RpcReply {
  id: number;
  ok: boolean;
  value?: unknown;
  error?: string;
}

interface RpcNotice {
  notice: string;
  value: unknown;
}

interface Pending {
  resolve: (value: unknown) => void;
  reject: (error: Error) => void;
  timer: NodeJS.Timeout;
}

export class ChildRpc {
  private readonly pending = new Map<number, Pending>();
  private readonly notices = new Map<string, unknown>();
  private readonly noticeWaiters: Array<() => void> = [];
  private nextId = 1;
  private exitReason: Error | undefined;
  readonly exited: Promise<void>;

  private constructor(
    readonly name: string,
    private readonly child: ChildProcess,
    signal: AbortSignal,
  ) {
    this.exited = new Promise((resolve) => {
      child.once('exit', (code, exitSignal) => {
        this.fail(new Error(`${name} exited (${exitSignal ?? `code ${String(code)}`})`));
        resolve();
      });
    });
    child.on('message', (message: RpcReply | RpcNotice) => this.onMessage(message));
    child.on('error', (error) => this.fail(error));
    signal.addEventListener('abort', () => this.fail(new Error(`stopped (${String(signal.reason)})`)), { once: true });
  }

  /** Starts `script` (a file of this directory) with `env` as its whole environment and an IPC channel. */
  static start(name: string, script: string, env: NodeJS.ProcessEnv, signal: AbortSignal, execArgv: string[] = []): ChildRpc {
    const file = path.join(path.dirname(fileURLToPath(import.meta.url)), script);
    const child = fork(file, [], { env, execArgv, stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
    return new ChildRpc(name, child, signal);
  }

  get pid(): number | undefined {
    return this.child.pid;
  }

  get running(): boolean {
    return this.child.exitCode === null && this.child.signalCode === null;
  }

  call<T>(method: string, params: unknown, timeoutMs: number): Promise<T> {
    if (this.exitReason) return Promise.reject(this.exitReason);
    const id = this.nextId++;
    return new Promise<T>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.pending.delete(id);
        reject(new Error(`${this.name} did not answer ${method} within ${timeoutMs} ms`));
      }, timeoutMs);
      this.pending.set(id, { resolve: resolve as (value: unknown) => void, reject, timer });
      this.child.send({ id, method, params } satisfies RpcRequest);
    });
  }

  /** Waits for the child to announce `notice` (e.g. "ready") and returns what came with it. */
  async notice<T>(notice: string, timeoutMs: number): Promise<T> {
    const deadline = Date.now() + timeoutMs;
    while (!this.notices.has(notice)) {
      if (this.exitReason) throw this.exitReason;
      const left = deadline - Date.now();
      if (left <= 0) throw new Error(`${this.name} did not say "${notice}" within ${timeoutMs} ms`);
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, left);
        this.noticeWaiters.push(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
    return this.notices.get(notice) as T;
  }

  /** Asks the child to finish (`stop`), waits up to `timeoutMs` for it to exit, then kills it. Never throws. */
  async stop(timeoutMs: number): Promise<void> {
    if (!this.running) return;
    if (this.child.connected) this.child.send({ id: 0, method: 'stop', params: null } satisfies RpcRequest);
    const timer = setTimeout(() => this.child.kill('SIGKILL'), timeoutMs);
    await this.exited;
    clearTimeout(timer);
  }

  private onMessage(message: RpcReply | RpcNotice): void {
    if ('notice' in message) {
      this.notices.set(message.notice, message.value);
      for (const wake of this.noticeWaiters.splice(0)) wake();
      return;
    }
    const pending = this.pending.get(message.id);
    if (!pending) return;
    this.pending.delete(message.id);
    clearTimeout(pending.timer);
    if (message.ok) pending.resolve(message.value);
    else pending.reject(new Error(`${this.name}: ${message.error ?? 'failed'}`));
  }

  private fail(error: Error): void {
    this.exitReason ??= error;
    for (const [id, pending] of this.pending) {
      clearTimeout(pending.timer);
      pending.reject(error);
      this.pending.delete(id);
    }
    for (const wake of this.noticeWaiters.splice(0)) wake();
  }
}

export type RpcHandlers = Record<string, (params: never) => unknown>;

/**
 * The child's side: answers the parent's requests with `handlers`; resolves when the parent sends `stop` or
 * goes away (its channel closes), so the child never outlives the run.
 */
export function serveRpc(handlers: RpcHandlers): Promise<void> {
  return new Promise((resolve) => {
    process.once('disconnect', () => resolve());
    process.on('message', (message: RpcRequest) => {
      if (message.method === 'stop') {
        resolve();
        return;
      }
      const handler = handlers[message.method] as ((params: unknown) => unknown) | undefined;
      void (async () => {
        try {
          if (!handler) throw new Error(`no method ${message.method}`);
          reply({ id: message.id, ok: true, value: await handler(message.params) });
        } catch (error) {
          reply({ id: message.id, ok: false, error: error instanceof Error ? error.message : String(error) });
        }
      })();
    });
  });
}

/** Tells the parent something it may wait for with `ChildRpc.notice`. */
export function notify(notice: string, value: unknown): void {
  process.send?.({ notice, value } satisfies RpcNotice);
}

function reply(message: RpcReply): void {
  if (process.connected) process.send?.(message);
}
