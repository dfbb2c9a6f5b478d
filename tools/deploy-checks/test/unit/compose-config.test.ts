// Static checks of docker-compose.yaml: there is no Docker engine here, so the file must be right by
// construction. `docker-compose config` (Debian's package) parses and interpolates it exactly as `docker compose
// up` would; the checks below then compare it with the apps' own env schemas, package scripts and Dockerfiles.
import { beforeAll, describe, expect, it } from 'vitest';
import {
  dependsOnProblems,
  envExampleProblems,
  envKeyProblems,
  environmentOf,
  healthcheckProblems,
  imageEnvironment,
  imagePathProblems,
  imageProblems,
  kafkaProblems,
  namedVolumeProblems,
  portProblems,
  referencedVariables,
  restartProblems,
  scaleProblems,
  scriptEntry,
  secretProblems,
  sharedValueProblems,
} from '../../src/compose-checks.js';
import {
  composeConfig,
  composeText,
  ENV_EXAMPLE,
  imageCheckContext,
  loadDockerfile,
  loadEnvSchema,
  loadFunction,
  loadWorkspaces,
  readRepoFile,
  repoFileExists,
  type ComposeConfig,
  type EnvSchema,
} from '../../src/compose-support.js';

/** Which schema each app service is parsed with, the variable it listens on, and what compose leaves out. */
const APP_SERVICES = {
  processor: { schemaFile: 'processor/src/config.ts', schemaExport: 'processorEnvSchema', portVariable: 'PORT', complete: true },
  ingest: { schemaFile: 'ingest/src/config.ts', schemaExport: 'ingestEnvSchema', portVariable: 'INGEST_PORT', complete: true },
  // replay-main reads only the Kafka settings.
  replay: { schemaFile: 'ingest/src/config.ts', schemaExport: 'kafkaOnlyEnvSchema', portVariable: null, complete: true },
} as const;
type AppService = keyof typeof APP_SERVICES;
const APP_NAMES = Object.keys(APP_SERVICES) as AppService[];

/** Variables an app reads that compose deliberately does not pass, with the reason (none today). */
const NOT_PASSED: Record<string, string> = {};

const ENV_EXAMPLE_MISSING =
  '.env.example is missing. It must list every variable docker-compose.yaml uses (see docs/deployment.md); ' + 'the compose file itself works without a .env.';

// Loaded once; a failure (no docker-compose binary, a schema file missing) is rethrown by every test that
// needs it, so each of them fails with the reason instead of being skipped.
let composeResult: { config: ComposeConfig } | { error: Error } | undefined;
const schemas = new Map<AppService, EnvSchema>();
let schemaError: Error | undefined;

/** The configuration as `docker compose` sees it with no .env file. */
function noEnv(): ComposeConfig {
  if (!composeResult) {
    try {
      composeResult = { config: composeConfig(null) };
    } catch (error) {
      composeResult = { error: error instanceof Error ? error : new Error(String(error)) };
    }
  }
  if ('error' in composeResult) throw composeResult.error;
  return composeResult.config;
}

beforeAll(async () => {
  try {
    for (const name of APP_NAMES) schemas.set(name, await loadEnvSchema(APP_SERVICES[name].schemaFile, APP_SERVICES[name].schemaExport));
  } catch (error) {
    schemaError = error instanceof Error ? error : new Error(String(error));
  }
}, 60_000);

function schemaOf(name: AppService): EnvSchema {
  if (schemaError) throw schemaError;
  const schema = schemas.get(name);
  if (!schema) throw new Error(`no schema loaded for ${name}`);
  return schema;
}

function dockerfileOf(config: ComposeConfig, name: string): string {
  const dockerfile = config.services[name]?.build?.dockerfile;
  if (!dockerfile) throw new Error(`${name} is not built from a Dockerfile`);
  return dockerfile;
}

/** What the app sees in its container: the image's ENV, overridden by compose's environment. */
function containerEnv(config: ComposeConfig, name: AppService): Record<string, string> {
  return { ...imageEnvironment(loadDockerfile(dockerfileOf(config, name))), ...environmentOf(config.services[name]) };
}

function parsedEnv(config: ComposeConfig, name: AppService): Record<string, unknown> {
  const result = schemaOf(name).parse(containerEnv(config, name));
  if (!result.ok) throw new Error(`${name}: ${result.problems.join('; ')}`);
  return result.values;
}

describe('docker-compose config', () => {
  it('parses and interpolates with no .env at all', () => {
    expect(Object.keys(noEnv().services).sort()).toEqual(['ingest', 'kafka', 'mysql', 'processor', 'replay', 'spark-job', 'spark-master', 'spark-worker']);
  });

  it('parses and interpolates with .env.example copied to .env', () => {
    const example = readRepoFile(ENV_EXAMPLE);
    if (example === null) throw new Error(ENV_EXAMPLE_MISSING);
    const withExample = composeConfig(example);
    expect(Object.keys(withExample.services).sort()).toEqual(Object.keys(noEnv().services).sort());
    for (const name of APP_NAMES) {
      const result = schemaOf(name).parse(containerEnv(withExample, name));
      expect(result.ok ? [] : result.problems, `${name} with .env.example`).toEqual([]);
    }
  });

  it('gives the replay a profile of its own and leaves the rest in the default set', () => {
    expect(noEnv().services.replay?.profiles).toEqual(['replay']);
    for (const name of ['kafka', 'mysql', 'processor', 'ingest']) expect(noEnv().services[name]?.profiles, name).toBeUndefined();
  });
});

describe('services', () => {
  it('every service has a healthcheck', () => {
    expect(healthcheckProblems(noEnv())).toEqual([]);
    const broken = structuredClone(noEnv());
    delete broken.services.mysql?.healthcheck;
    expect(healthcheckProblems(broken)).toEqual(['mysql: no healthcheck']);
  });

  it('every image is pinned; our own are tagged with their workspace version', () => {
    const { byDir } = loadWorkspaces();
    const versions = new Map([...byDir].map(([dir, manifest]) => [`${dir}/Dockerfile`, manifest.version ?? '']));
    expect(imageProblems(noEnv(), versions)).toEqual([]);
    const broken = structuredClone(noEnv());
    broken.services.kafka!.image = 'apache/kafka:latest';
    broken.services.mysql!.image = 'mysql:8.4';
    broken.services.processor!.image = 'trendstream-processor:latest';
    expect(imageProblems(broken, versions)).toHaveLength(3);
  });

  it('depends_on waits for service_healthy, on every service an app talks to', () => {
    expect(dependsOnProblems(noEnv())).toEqual([]);
    const broken = structuredClone(noEnv());
    broken.services.processor!.depends_on = { kafka: { condition: 'service_started' } };
    expect(dependsOnProblems(broken)).toEqual([
      'processor: depends on kafka with condition service_started; use service_healthy',
      expect.stringContaining('processor: uses mysql'),
    ]);
  });

  it('every service restarts on its own', () => {
    expect(restartProblems(noEnv())).toEqual([]);
    const broken = structuredClone(noEnv());
    delete broken.services.ingest!.restart;
    expect(restartProblems(broken)).toHaveLength(1);
  });

  it('Kafka is one KRaft node the apps can reach, keeping its log on a named volume', () => {
    expect(kafkaProblems(noEnv(), 'kafka', APP_NAMES)).toEqual([]);
    const broken = structuredClone(noEnv());
    broken.services.kafka!.environment!.KAFKA_OFFSETS_TOPIC_REPLICATION_FACTOR = 3;
    broken.services.kafka!.environment!.KAFKA_LOG_DIRS = '/tmp/kafka-logs';
    broken.services.replay!.environment!.KAFKA_BROKERS = 'localhost:9092';
    expect(kafkaProblems(broken, 'kafka', APP_NAMES)).toHaveLength(3);
  });

  it('MySQL keeps its data on a named volume', () => {
    expect(namedVolumeProblems(noEnv(), 'mysql', '/var/lib/mysql')).toEqual([]);
    expect(namedVolumeProblems(noEnv(), 'mysql', '/var/lib/mysql-elsewhere')).toHaveLength(1);
  });

  it('the processor can be scaled (no fixed container or host name)', () => {
    expect(scaleProblems(noEnv(), ['processor'])).toEqual([]);
    const broken = structuredClone(noEnv());
    broken.services.processor!.container_name = 'processor';
    expect(scaleProblems(broken, ['processor'])).toHaveLength(1);
  });

  it('commits no secret: with no .env every token is empty', () => {
    expect(secretProblems(noEnv())).toEqual([]);
    const broken = structuredClone(noEnv());
    broken.services.processor!.environment!.ADMIN_TOKEN = 'a-committed-admin-token';
    expect(secretProblems(broken)).toHaveLength(1);
  });
});

describe('the environment compose passes is the environment the apps read', () => {
  it.each(APP_NAMES)('%s: every variable passed is in its env schema, and every schema variable is passed', (name) => {
    const passed = Object.keys(environmentOf(noEnv().services[name]));
    expect(envKeyProblems(name, passed, schemaOf(name).keys, { complete: APP_SERVICES[name].complete, notPassed: NOT_PASSED })).toEqual([]);
  });

  it('envKeyProblems notices an unknown variable and a schema variable compose forgets', () => {
    expect(envKeyProblems('x', ['A', 'TYPO'], ['A', 'B'], { complete: true })).toHaveLength(2);
  });

  it.each(APP_NAMES)('%s: the environment in its container (image ENV + compose) parses, required variables included', (name) => {
    const result = schemaOf(name).parse(containerEnv(noEnv(), name));
    expect(result.ok ? [] : result.problems).toEqual([]);
  });

  it('the image ENV is read by the app too (nothing else is set there)', () => {
    for (const name of APP_NAMES) {
      const keys = Object.keys(imageEnvironment(loadDockerfile(dockerfileOf(noEnv(), name))));
      expect(envKeyProblems(name, keys, schemaOf(name).keys, { complete: false })).toEqual([]);
    }
  });

  it('the apps that create topics agree on TOPIC_PREFIX and POSTS_PARTITIONS', () => {
    expect(sharedValueProblems(noEnv(), APP_NAMES, ['TOPIC_PREFIX', 'POSTS_PARTITIONS'])).toEqual([]);
    // Equal settings are not enough when they are empty: the apps' own defaults must agree too.
    for (const key of ['TOPIC_PREFIX', 'POSTS_PARTITIONS']) {
      const effective = new Set(APP_NAMES.map((name) => JSON.stringify(parsedEnv(noEnv(), name)[key])));
      expect([...effective], `${key} as each app parses it`).toHaveLength(1);
    }
    const broken = structuredClone(noEnv());
    broken.services.replay!.environment!.POSTS_PARTITIONS = '6';
    expect(sharedValueProblems(broken, APP_NAMES, ['POSTS_PARTITIONS'])).toHaveLength(1);
  });

  it('the processor listens on every interface, on the port compose publishes and probes', () => {
    const processor = parsedEnv(noEnv(), 'processor');
    expect(processor.HOST).toBe('0.0.0.0');
    expect(portProblems('processor', noEnv().services.processor, processor.PORT)).toEqual([]);
    expect(portProblems('processor', noEnv().services.processor, 9999)).toHaveLength(2);
  });

  it('the ingest is probed on the port it listens on', () => {
    const ingest = parsedEnv(noEnv(), 'ingest');
    expect(ingest[APP_SERVICES.ingest.portVariable]).toBeTypeOf('number');
    expect(portProblems('ingest', noEnv().services.ingest, ingest[APP_SERVICES.ingest.portVariable])).toEqual([]);
  });

  it('the processor serves the dashboard the image holds', () => {
    const processor = parsedEnv(noEnv(), 'processor');
    expect(processor.WEB_DIST).toBe('/app/web/dist');
    expect(imagePathProblems(imageCheckContext(dockerfileOf(noEnv(), 'processor')), String(processor.WEB_DIST), 'WEB_DIST')).toEqual([]);
  });
});

function commandOf(name: string): string[] {
  const command = noEnv().services[name]?.command;
  if (!Array.isArray(command)) throw new Error(`${name}: command must be an exec-form list`);
  return command;
}

describe('commands match the package scripts and the files in the images', () => {
  it("ingest runs the ingest package's start script", () => {
    const command = commandOf('ingest');
    const ingest = loadWorkspaces().byDir.get('ingest');
    expect(command).toEqual(['node', scriptEntry(ingest?.scripts?.start, 'ingest')]);
    expect(imagePathProblems(imageCheckContext(dockerfileOf(noEnv(), 'ingest')), `/app/${command[1]}`, 'command')).toEqual([]);
  });

  it('replay runs `npm run replay` on the bundled sample with flags the replay CLI accepts', async () => {
    const [node, script, file, ...flags] = commandOf('replay');
    const { root } = loadWorkspaces();
    expect([node, script]).toEqual(['node', scriptEntry(root.scripts?.replay, '.')]);
    expect(flags).toEqual(expect.arrayContaining(['--loop', '--shift-to-now']));
    const context = imageCheckContext(dockerfileOf(noEnv(), 'replay'));
    expect(imagePathProblems(context, `/app/${script}`, 'command')).toEqual([]);
    expect(imagePathProblems(context, String(file), 'replay file')).toEqual([]);
    const parseReplayArgs = (await loadFunction('ingest/src/replay/replay-args.ts', 'parseReplayArgs')) as (
      argv: string[],
      cwd: string,
    ) => { ok: boolean; message?: string };
    expect(parseReplayArgs([String(file), ...flags], '/app')).toMatchObject({ ok: true, help: false });
    expect(parseReplayArgs([String(file), '--no-such-flag'], '/app')).toMatchObject({ ok: false });
  });

  it.each(APP_NAMES)('%s: the healthcheck script is in the image', (name) => {
    const test = noEnv().services[name]?.healthcheck?.test;
    const scripts = (Array.isArray(test) ? test : []).filter((word) => word.startsWith('/app/'));
    expect(scripts.length, `${name} healthcheck runs a script from the image`).toBeGreaterThan(0);
    for (const script of scripts) expect(imagePathProblems(imageCheckContext(dockerfileOf(noEnv(), name)), script, 'healthcheck')).toEqual([]);
  });
});

describe('.env.example', () => {
  it('lists every variable docker-compose.yaml uses, with every secret left empty', () => {
    const referenced = referencedVariables(composeText());
    const example = readRepoFile(ENV_EXAMPLE);
    if (example === null) throw new Error(`${ENV_EXAMPLE_MISSING} Variables: ${referenced.join(', ')}`);
    expect(envExampleProblems(referenced, example)).toEqual([]);
  });

  it('the variable scan sees ${A}, ${B:-x} and $C, but not $$D', () => {
    expect(referencedVariables('a: ${A}\nb: "${B:-x}"\nc: $C\nd: $$D\n  # e: ${E}')).toEqual(['A', 'B', 'C']);
    expect(envExampleProblems(['A', 'B', 'C', 'ADMIN_TOKEN'], 'A=1\n# B=\nADMIN_TOKEN=oops\n')).toEqual([
      '.env.example does not list C, which docker-compose.yaml uses',
      '.env.example sets ADMIN_TOKEN: secrets must be left empty there',
    ]);
  });
});

describe('the deployment docs match the compose file', () => {
  const DOCS = ['docs/deployment.md', 'README.md'];

  function doc(file: string): string {
    const text = readRepoFile(file);
    if (text === null) throw new Error(`${file} is missing: it must describe the compose path (cp .env.example .env, docker compose --profile replay up)`);
    return text;
  }

  it.each(DOCS)('%s: gives the quick start exactly as the compose file supports it', (file) => {
    const text = doc(file);
    expect(text).toContain('cp .env.example .env');
    expect(text).toMatch(/^docker compose --profile replay up\b/mu);
    const profiles = new Set(Object.values(noEnv().services).flatMap((service) => service.profiles ?? []));
    for (const [, profile] of text.matchAll(/--profile\s+([\w-]+)/gu)) expect(profiles, `--profile ${profile}`).toContain(profile);
  });

  it.each(DOCS)('%s: every `node <app>/dist/<file>.js` it shows is compiled from a source file that exists', (file) => {
    const missing = [...doc(file).matchAll(/\bnode\s+((\w+)\/dist\/([\w/-]+)\.js)/gu)]
      .map(([, entry, workspace, name]) => ({ entry, source: `${workspace}/src/${name}.ts` }))
      .filter(({ source }) => !repoFileExists(source))
      .map(({ entry, source }) => `${entry} (no ${source})`);
    expect(missing).toEqual([]);
  });

  it('docs/deployment.md lists every variable only compose uses, and the scale it shows fits the default partitions', () => {
    const text = doc('docs/deployment.md');
    const appKeys = new Set(APP_NAMES.flatMap((name) => schemaOf(name).keys));
    const composeOnly = referencedVariables(composeText()).filter((name) => !appKeys.has(name));
    expect(composeOnly.filter((name) => !text.includes(`| \`${name}\` |`))).toEqual([]);
    const partitions = Number(parsedEnv(noEnv(), 'processor').POSTS_PARTITIONS);
    for (const [, instances] of text.matchAll(/--scale processor=(\d+)/gu)) expect(Number(instances)).toBeLessThanOrEqual(partitions);
  });
});
