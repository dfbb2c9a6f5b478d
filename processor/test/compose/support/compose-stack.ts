import { execFile } from 'node:child_process';
import { createServer } from 'node:net';
import { promisify } from 'node:util';
import { childEnv, envVar } from '@trendstream/testkit/env';
import { REPO_ROOT } from '@trendstream/testkit/repo';
import { waitFor } from '@trendstream/testkit/wait-for';

const exec = promisify(execFile);

/** `docker compose` (v2) where the plugin is installed, else the standalone `docker-compose`; both read the same file. */
async function composeCommand(): Promise<string[]> {
  try {
    await exec('docker', ['compose', 'version']);
    return ['docker', 'compose'];
  } catch {
    return ['docker-compose'];
  }
}

async function portIsFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = createServer();
    server.once('error', () => resolve(false));
    server.listen(port, '0.0.0.0', () => server.close(() => resolve(true)));
  });
}

/** `count` consecutive free ports: a published range gives each scaled processor its own host port. */
export async function freePortRange(count: number): Promise<number> {
  for (let attempt = 0; attempt < 200; attempt++) {
    const first = 20_000 + Math.floor(Math.random() * 20_000);
    let free = true;
    for (let port = first; port < first + count && free; port++) free = await portIsFree(port);
    if (free) return first;
  }
  throw new Error(`no ${count} consecutive free ports found`);
}

export interface ContainerState {
  service: string;
  running: boolean;
  health: string | undefined;
}

/**
 * The repository's own docker-compose.yaml under a project name of the test's, driven through the compose CLI
 * exactly as a user would; `env` stands in for the user's .env (ports, partitions, replay speed).
 */
export class ComposeStack {
  private constructor(
    private readonly command: string[],
    readonly project: string,
    private readonly env: Record<string, string>,
    private readonly profiles: readonly string[],
  ) {}

  static async create(project: string, env: Record<string, string>, profiles: readonly string[] = ['replay']): Promise<ComposeStack> {
    return new ComposeStack(await composeCommand(), project, env, profiles);
  }

  /** Runs `compose -p PROJECT --profile … ARGS` in the repository root; a failure carries compose's output. */
  async compose(args: string[], timeoutMs = 600_000): Promise<string> {
    const [file, ...prefix] = this.command;
    try {
      const { stdout } = await exec(file!, [...prefix, '-p', this.project, ...this.profiles.flatMap((profile) => ['--profile', profile]), ...args], {
        cwd: REPO_ROOT,
        // Only what compose needs: a variable of the caller's shell (a PROCESSOR_PORT, say) must not leak in.
        env: childEnv({ DOCKER_HOST: envVar('DOCKER_HOST'), ...this.env }),
        timeout: timeoutMs,
        maxBuffer: 64 * 1024 * 1024,
      });
      return stdout;
    } catch (error) {
      const { stdout, stderr } = error as { stdout?: string; stderr?: string };
      throw new Error(`compose ${args.join(' ')} failed:\n${String(stderr ?? '').slice(-4000)}\n${String(stdout ?? '').slice(-2000)}`);
    }
  }

  async containerIds(service?: string): Promise<string[]> {
    const out = await this.compose(['ps', '-q', ...(service ? [service] : [])]);
    return out.split('\n').filter(Boolean);
  }

  async states(): Promise<ContainerState[]> {
    const ids = await this.containerIds();
    if (ids.length === 0) return [];
    const { stdout } = await exec('docker', [
      'inspect',
      '--format',
      '{{ index .Config.Labels "com.docker.compose.service" }} {{ .State.Running }} {{ if .State.Health }}{{ .State.Health.Status }}{{ end }}',
      ...ids,
    ]);
    return stdout
      .split('\n')
      .filter(Boolean)
      .map((line) => {
        const [service = '', running, health] = line.split(' ');
        return { service, running: running === 'true', health: health || undefined };
      });
  }

  /** Waits until every container of `services` runs and reports healthy. */
  async waitHealthy(services: readonly string[], timeoutMs = 300_000): Promise<ContainerState[]> {
    let last: ContainerState[] = [];
    try {
      return await waitFor(
        async () => {
          last = (await this.states()).filter((state) => services.includes(state.service));
          const ready =
            services.every((service) => last.some((state) => state.service === service)) && last.every((state) => state.running && state.health === 'healthy');
          return ready ? last : undefined;
        },
        { what: `${services.join(', ')} healthy`, timeoutMs, intervalMs: 1_000 },
      );
    } catch (error) {
      throw new Error(`${(error as Error).message}; last seen: ${JSON.stringify(last)}\n${await this.logsTail()}`);
    }
  }

  async logsTail(lines = 40): Promise<string> {
    return this.compose(['logs', '--no-color', '--tail', String(lines)]).catch((error: Error) => error.message);
  }

  /** The host URL of each running processor, from the port compose published for it. */
  async processorUrls(): Promise<string[]> {
    const count = (await this.containerIds('processor')).length;
    const urls: string[] = [];
    for (let index = 1; index <= count; index++) {
      const published = (await this.compose(['port', `--index=${index}`, 'processor', '8080'])).trim();
      const port = published.split(':').pop();
      urls.push(`http://127.0.0.1:${port}`);
    }
    return urls;
  }

  /**
   * MySQL's URL from the host. The compose file publishes no MySQL port (only its containers reach it), so the
   * test reaches the container on its bridge network address, which is local to this machine.
   */
  async mysqlUrl(): Promise<string> {
    const [id] = await this.containerIds('mysql');
    const { stdout } = await exec('docker', ['inspect', '--format', '{{ range .NetworkSettings.Networks }}{{ .IPAddress }} {{ end }}', id!]);
    const address = stdout.trim().split(' ')[0];
    return `mysql://trendstream:trendstream@${address}:3306/trendstream`;
  }
}

export interface ImageFacts {
  image: string;
  user: string;
  sizeBytes: number;
}

export async function imageFacts(image: string): Promise<ImageFacts> {
  const { stdout } = await exec('docker', ['image', 'inspect', '--format', '{{ .Config.User }}|{{ .Size }}', image]);
  const [user = '', size = '0'] = stdout.trim().split('|');
  return { image, user, sizeBytes: Number(size) };
}

/** Runs a shell command in a throwaway container of `image` (its own user), returning stdout. */
export async function runInImage(image: string, script: string): Promise<string> {
  const { stdout } = await exec('docker', ['run', '--rm', '--entrypoint', 'sh', image, '-c', script], { timeout: 120_000 });
  return stdout;
}

export interface Trends {
  asOf: string;
  words: Array<{ word: string; count: number }>;
}

/** GET /api/trends of a processor, which must answer 200. */
export async function trends(url: string, window = '1h'): Promise<Trends> {
  const response = await fetch(`${url}/api/trends?window=${window}&limit=20`);
  if (response.status !== 200) throw new Error(`GET ${url}/api/trends answered ${response.status}: ${await response.text()}`);
  return (await response.json()) as Trends;
}
