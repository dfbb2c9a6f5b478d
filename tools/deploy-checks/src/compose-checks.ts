// Pure checks over the compose configuration and the Dockerfiles. Each returns the problems it found, one
// readable line each, so a test can show every problem at once and can prove a check fails on a broken input.
import path from 'node:path';
import type { ComposeConfig, ComposeService, DockerInstruction, DockerStage, Manifest, Workspaces } from './compose-support.js';
import { execForm } from './compose-support.js';

// ---- images ----------------------------------------------------------------------------------------------

const EXACT_TAG = /^v?\d+\.\d+\.\d+(?:[-.+_][A-Za-z0-9._-]+)?$/u;
const DIGEST = /@sha256:[a-f0-9]{64}$/u;

/** An image reference that names exactly one build: an x.y.z tag (a variant suffix is fine) or a digest. */
export function isPinnedImage(reference: string): boolean {
  if (DIGEST.test(reference)) return true;
  const lastSlash = reference.lastIndexOf('/');
  const colon = reference.indexOf(':', lastSlash + 1);
  if (colon < 0) return false;
  return EXACT_TAG.test(reference.slice(colon + 1));
}

export function imageTag(reference: string): string | null {
  const withoutDigest = reference.replace(/@.*$/u, '');
  const colon = withoutDigest.indexOf(':', withoutDigest.lastIndexOf('/') + 1);
  return colon < 0 ? null : withoutDigest.slice(colon + 1);
}

/**
 * Third-party images must be pinned; images built here must be tagged with the version of the workspace they
 * are built from (`versionByDockerfile`), never `latest`.
 */
export function imageProblems(config: ComposeConfig, versionByDockerfile: Map<string, string>): string[] {
  const problems: string[] = [];
  for (const [name, service] of Object.entries(config.services)) {
    if (!service.image) {
      problems.push(`${name}: no image name (built images need one, so the replay and ingest share one build)`);
      continue;
    }
    if (service.build) {
      const dockerfile = service.build.dockerfile ?? 'Dockerfile';
      const expected = versionByDockerfile.get(dockerfile);
      const tag = imageTag(service.image);
      if (expected === undefined) problems.push(`${name}: builds ${dockerfile}, which belongs to no workspace`);
      else if (tag !== expected) problems.push(`${name}: image ${service.image} should be tagged ${expected} (the workspace version)`);
    } else if (!isPinnedImage(service.image)) {
      problems.push(`${name}: image ${service.image} is not pinned to an exact version`);
    }
  }
  return problems;
}

export function fromProblems(dockerfile: string, stages: DockerStage[]): string[] {
  const problems: string[] = [];
  const earlier = new Set<string>();
  for (const stage of stages) {
    if (!earlier.has(stage.image) && !isPinnedImage(stage.image)) {
      problems.push(`${dockerfile}: FROM ${stage.image} is not pinned to an exact version`);
    }
    earlier.add(stage.name);
  }
  return problems;
}

// ---- services --------------------------------------------------------------------------------------------

export function healthcheckProblems(config: ComposeConfig): string[] {
  const problems: string[] = [];
  for (const [name, service] of Object.entries(config.services)) {
    const test = service.healthcheck?.test;
    const command = typeof test === 'string' ? [test] : (test ?? []);
    if (!service.healthcheck || service.healthcheck.disable === true) problems.push(`${name}: no healthcheck`);
    else if (command.length === 0 || command[0] === 'NONE') problems.push(`${name}: healthcheck has no test`);
    else if ((command[0] === 'CMD' || command[0] === 'CMD-SHELL') && command.length < 2) problems.push(`${name}: healthcheck ${command[0]} has no command`);
  }
  return problems;
}

const RESTART_POLICIES = new Set(['always', 'unless-stopped', 'on-failure']);

export function restartProblems(config: ComposeConfig): string[] {
  return Object.entries(config.services)
    .filter(([, service]) => !service.restart || ![...RESTART_POLICIES].some((policy) => service.restart?.startsWith(policy)))
    .map(([name, service]) => `${name}: restart policy ${service.restart ?? '(none)'}; use unless-stopped or on-failure`);
}

function dependencies(service: ComposeService): Map<string, string | undefined> {
  const dependsOn = service.depends_on;
  if (!dependsOn) return new Map();
  if (Array.isArray(dependsOn)) return new Map(dependsOn.map((dependency) => [dependency, undefined]));
  return new Map(Object.entries(dependsOn).map(([dependency, options]) => [dependency, options.condition]));
}

/**
 * Every dependency waits for health, and a service whose environment names another service's host (kafka:9092,
 * @mysql:3306) depends on it, so it never starts against a broker or database that is not ready.
 */
export function dependsOnProblems(config: ComposeConfig): string[] {
  const problems: string[] = [];
  const names = Object.keys(config.services);
  for (const [name, service] of Object.entries(config.services)) {
    const declared = dependencies(service);
    for (const [dependency, condition] of declared) {
      if (!names.includes(dependency)) problems.push(`${name}: depends on ${dependency}, which is not a service`);
      if (condition !== 'service_healthy') problems.push(`${name}: depends on ${dependency} with condition ${condition ?? '(none)'}; use service_healthy`);
    }
    for (const value of Object.values(service.environment ?? {})) {
      if (typeof value !== 'string') continue;
      for (const other of names) {
        if (other !== name && new RegExp(`(^|[/@,])${other}:\\d+`, 'u').test(value) && !declared.has(other)) {
          problems.push(`${name}: uses ${other} (${value}) without depends_on ${other}`);
        }
      }
    }
  }
  return problems;
}

/** Scaled instances must not share a container name or a host name. */
export function scaleProblems(config: ComposeConfig, scalable: string[]): string[] {
  return scalable.flatMap((name) => {
    const service = config.services[name];
    if (!service) return [`${name}: missing`];
    const problems: string[] = [];
    if (service.container_name) problems.push(`${name}: container_name prevents --scale`);
    if (service.hostname) problems.push(`${name}: hostname would be shared by every scaled instance`);
    return problems;
  });
}

export function environmentOf(service: ComposeService | undefined): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [key, value] of Object.entries(service?.environment ?? {})) env[key] = value === null ? '' : String(value);
  return env;
}

/**
 * The variables compose passes must be ones the app reads; with `complete`, every variable the app reads is
 * passed (so a .env setting reaches it), except those listed in `notPassed` with the reason.
 */
export function envKeyProblems(
  name: string,
  passed: string[],
  schemaKeys: string[],
  options: { complete: boolean; notPassed?: Record<string, string> },
): string[] {
  const problems = passed
    .filter((key) => !schemaKeys.includes(key))
    .map((key) => `${name}: passes ${key}, which the app does not read (not in its env schema)`);
  if (options.complete) {
    for (const key of schemaKeys) {
      if (!passed.includes(key) && !(key in (options.notPassed ?? {}))) {
        problems.push(`${name}: does not pass ${key}; add \`${key}: \${${key}:-}\` to its environment (empty = the app's default)`);
      }
    }
  }
  return problems;
}

/** Values that every service must agree on (they create the same topics). */
export function sharedValueProblems(config: ComposeConfig, services: string[], keys: string[]): string[] {
  const problems: string[] = [];
  for (const key of keys) {
    const values = new Map<string, string>();
    for (const name of services) {
      const env = environmentOf(config.services[name]);
      if (!(key in env)) problems.push(`${name}: does not pass ${key}`);
      else values.set(name, env[key] ?? '');
    }
    if (new Set(values.values()).size > 1) {
      problems.push(`${key} differs between services: ${[...values].map(([name, value]) => `${name}=${JSON.stringify(value)}`).join(', ')}`);
    }
  }
  return problems;
}

const SECRET_NAME = /TOKEN|SECRET|API_KEY/u;

/** With no .env, every secret the apps read is empty: the repository holds none. */
export function secretProblems(config: ComposeConfig): string[] {
  const problems: string[] = [];
  for (const [name, service] of Object.entries(config.services)) {
    for (const [key, value] of Object.entries(environmentOf(service))) {
      if (SECRET_NAME.test(key) && value !== '') problems.push(`${name}: ${key} has a committed value; it must come from .env only`);
    }
  }
  return problems;
}

function urlPorts(words: string[]): number[] {
  return words.flatMap((word) => [...word.matchAll(/https?:\/\/[^/:\s]+:(\d+)/gu)].map((match) => Number(match[1])));
}

function healthcheckWords(service: ComposeService | undefined): string[] {
  const test = service?.healthcheck?.test;
  return typeof test === 'string' ? [test] : (test ?? []);
}

/** The healthcheck URL and the published container port are the port the app listens on. */
export function portProblems(name: string, service: ComposeService | undefined, listenPort: unknown): string[] {
  const problems: string[] = [];
  const ports = urlPorts(healthcheckWords(service));
  if (ports.length > 0 && !ports.every((port) => port === listenPort)) {
    problems.push(`${name}: healthcheck probes port ${ports.join(', ')} but the app listens on ${String(listenPort)}`);
  }
  for (const port of service?.ports ?? []) {
    const target =
      typeof port === 'string'
        ? Number(
            port
              .replace(/\/\w+$/u, '')
              .split(':')
              .at(-1),
          )
        : port.target;
    if (target !== listenPort) problems.push(`${name}: publishes container port ${target} but the app listens on ${String(listenPort)}`);
  }
  return problems;
}

// ---- Kafka and volumes -----------------------------------------------------------------------------------

function listenerMap(value: string | undefined): Map<string, { host: string; port: number }> {
  const listeners = new Map<string, { host: string; port: number }>();
  for (const entry of (value ?? '').split(',').filter(Boolean)) {
    const match = /^([A-Za-z_][\w-]*):\/\/([^:]*):(\d+)$/u.exec(entry.trim());
    if (match) listeners.set(match[1] ?? '', { host: match[2] ?? '', port: Number(match[3]) });
    else listeners.set(entry, { host: '', port: Number.NaN });
  }
  return listeners;
}

function publishedPorts(service: ComposeService): { host: string; published: string; target: number }[] {
  return (service.ports ?? []).map((port) => {
    if (typeof port !== 'string') return { host: '', published: String(port.published ?? ''), target: port.target };
    const parts = port.replace(/\/\w+$/u, '').split(':');
    const target = Number(parts.pop());
    const published = parts.pop() ?? '';
    return { host: parts.join(':'), published, target };
  });
}

/** A single-node KRaft broker that the apps can reach and that keeps its data in a named volume. */
export function kafkaProblems(config: ComposeConfig, kafkaService: string, clients: string[]): string[] {
  const service = config.services[kafkaService];
  if (!service) return [`${kafkaService}: missing`];
  const env = environmentOf(service);
  const problems: string[] = [];
  const roles = (env.KAFKA_PROCESS_ROLES ?? '').split(',').map((role) => role.trim());
  if (!roles.includes('broker') || !roles.includes('controller')) problems.push('kafka: KAFKA_PROCESS_ROLES must be broker,controller (one KRaft node)');
  if (!(env.KAFKA_CONTROLLER_QUORUM_VOTERS ?? '').startsWith(`${env.KAFKA_NODE_ID ?? '?'}@`)) {
    problems.push('kafka: KAFKA_CONTROLLER_QUORUM_VOTERS must name KAFKA_NODE_ID as the only voter');
  }
  for (const key of [
    'KAFKA_OFFSETS_TOPIC_REPLICATION_FACTOR',
    'KAFKA_TRANSACTION_STATE_LOG_REPLICATION_FACTOR',
    'KAFKA_TRANSACTION_STATE_LOG_MIN_ISR',
    'KAFKA_SHARE_COORDINATOR_STATE_TOPIC_REPLICATION_FACTOR',
  ]) {
    if (env[key] !== '1') problems.push(`kafka: ${key} must be 1 on a single node (is ${env[key] ?? 'unset'})`);
  }
  if (env.KAFKA_AUTO_CREATE_TOPICS_ENABLE !== 'false') problems.push('kafka: KAFKA_AUTO_CREATE_TOPICS_ENABLE must be "false" (the apps create their topics)');
  const protocols = new Set((env.KAFKA_LISTENER_SECURITY_PROTOCOL_MAP ?? '').split(',').map((entry) => entry.split(':')[0]));
  const listeners = listenerMap(env.KAFKA_LISTENERS);
  const advertised = listenerMap(env.KAFKA_ADVERTISED_LISTENERS);
  for (const listener of [...listeners.keys(), ...advertised.keys()]) {
    if (!protocols.has(listener)) problems.push(`kafka: listener ${listener} has no entry in KAFKA_LISTENER_SECURITY_PROTOCOL_MAP`);
  }
  for (const [listener, address] of advertised) {
    const bound = listeners.get(listener);
    if (!bound) problems.push(`kafka: advertised listener ${listener} is not in KAFKA_LISTENERS`);
    if (['127.0.0.1', 'localhost'].includes(address.host)) {
      const published = publishedPorts(service).find((port) => port.published === String(address.port));
      if (!published) problems.push(`kafka: ${listener} is advertised on host port ${address.port}, which is not published`);
      else if (bound && published.target !== bound.port)
        problems.push(`kafka: host port ${address.port} goes to ${published.target}, but ${listener} listens on ${bound.port}`);
    }
  }
  for (const listener of (env.KAFKA_CONTROLLER_LISTENER_NAMES ?? '').split(',')) {
    if (!listeners.has(listener)) problems.push(`kafka: controller listener ${listener} is not in KAFKA_LISTENERS`);
  }
  const reachable = new Set([...advertised.values()].map((address) => `${address.host}:${address.port}`));
  for (const client of clients) {
    for (const broker of (environmentOf(config.services[client]).KAFKA_BROKERS ?? '').split(',')) {
      if (!reachable.has(broker.trim())) problems.push(`${client}: KAFKA_BROKERS ${broker} is not an advertised listener of kafka`);
    }
  }
  problems.push(...namedVolumeProblems(config, kafkaService, env.KAFKA_LOG_DIRS ?? '(KAFKA_LOG_DIRS unset)'));
  return problems;
}

/** `dataDir` of `serviceName` is a named volume declared at the top level, so data survives `down` and upgrades. */
export function namedVolumeProblems(config: ComposeConfig, serviceName: string, dataDir: string): string[] {
  const service = config.services[serviceName];
  const mounts = (service?.volumes ?? []).map((volume) => {
    if (typeof volume !== 'string') return { source: volume.source ?? '', target: volume.target };
    const [source = '', target = ''] = volume.split(':');
    return { source, target };
  });
  const mount = mounts.find((candidate) => candidate.target === dataDir);
  if (!mount) return [`${serviceName}: nothing is mounted at its data directory ${dataDir}`];
  if (!Object.keys(config.volumes ?? {}).includes(mount.source)) return [`${serviceName}: ${dataDir} is not on a named volume (${mount.source})`];
  return [];
}

// ---- variables -------------------------------------------------------------------------------------------

/** Every variable the compose file interpolates (`${NAME}`, `${NAME:-default}`, `$NAME`; `$$` escapes); comment lines aside. */
export function referencedVariables(composeText: string): string[] {
  const names = new Set<string>();
  const withoutEscapes = composeText.replace(/^[ \t]*#.*$/gmu, '').replace(/\$\$/gu, '');
  for (const match of withoutEscapes.matchAll(/\$\{([A-Za-z_][A-Za-z0-9_]*)|\$([A-Za-z_][A-Za-z0-9_]*)/gu)) {
    names.add(match[1] ?? match[2] ?? '');
  }
  return [...names].sort();
}

/** Variable names in a .env file; a commented-out `# NAME=` line counts as listed. */
export function envFileKeys(text: string): string[] {
  return [...text.matchAll(/^[ \t]*#?[ \t]*([A-Za-z_][A-Za-z0-9_]*)=/gmu)].map((match) => match[1] ?? '');
}

export function envExampleProblems(referenced: string[], exampleText: string): string[] {
  const listed = new Set(envFileKeys(exampleText));
  const problems = referenced.filter((name) => !listed.has(name)).map((name) => `.env.example does not list ${name}, which docker-compose.yaml uses`);
  for (const line of exampleText.split('\n')) {
    const match = /^[ \t]*([A-Za-z_][A-Za-z0-9_]*)=(.*)$/u.exec(line);
    if (match && SECRET_NAME.test(match[1] ?? '') && (match[2] ?? '').trim() !== '') {
      problems.push(`.env.example sets ${match[1]}: secrets must be left empty there`);
    }
  }
  return problems;
}

// ---- Dockerfiles -----------------------------------------------------------------------------------------

export interface ImageSource {
  /** Where a path in the image comes from: 'context' (the build context) or the name of another stage. */
  from: string;
  path: string;
}

function copies(stage: DockerStage): { from: string; sources: string[]; target: string; intoDir: boolean }[] {
  return stage.instructions
    .filter((instruction) => instruction.keyword === 'COPY' || instruction.keyword === 'ADD')
    .map((instruction) => {
      const args = [...instruction.args];
      const destination = args.pop() ?? '';
      const target = path.posix.resolve(instruction.workdir, destination);
      return { from: instruction.flags.from ?? 'context', sources: args, target, intoDir: destination.endsWith('/') || args.length > 1 };
    });
}

/** Where `imagePath` (absolute) in `stage` comes from, following the last COPY that covers it; null if none. */
export function resolveImagePath(stage: DockerStage, imagePath: string): ImageSource | null {
  for (const copy of copies(stage).reverse()) {
    for (const source of copy.sources) {
      const target = copy.intoDir ? path.posix.join(copy.target, path.posix.basename(source)) : copy.target;
      if (source === '.' && !copy.intoDir && (imagePath === target || imagePath.startsWith(`${target}/`))) {
        return { from: copy.from, path: path.posix.relative(target, imagePath) || '.' };
      }
      if (imagePath === target || imagePath.startsWith(`${target}/`)) {
        const sourcePath = copy.from === 'context' ? source.replace(/^\/+/u, '') : source;
        return { from: copy.from, path: path.posix.join(sourcePath, imagePath.slice(target.length)) };
      }
    }
  }
  return null;
}

export function lastInstruction(stage: DockerStage, keyword: string): DockerInstruction | undefined {
  return stage.instructions.filter((instruction) => instruction.keyword === keyword).at(-1);
}

/** Workspace directories reachable from `start` through workspace dependencies (and dev ones, as turbo builds them). */
export function workspaceClosure(workspaces: Workspaces, startDirs: string[], includeDev: boolean): string[] {
  const dirByName = new Map([...workspaces.byDir].map(([dir, manifest]) => [manifest.name, dir]));
  const seen = new Set<string>();
  const visit = (dir: string): void => {
    if (seen.has(dir)) return;
    seen.add(dir);
    const manifest = workspaces.byDir.get(dir);
    const names = Object.keys({ ...manifest?.dependencies, ...(includeDev ? manifest?.devDependencies : {}) });
    for (const name of names) {
      const dependency = dirByName.get(name);
      if (dependency) visit(dependency);
    }
  };
  startDirs.forEach(visit);
  return [...seen];
}

/** The workspaces the build stage compiles: the closure of its `turbo run build --filter=X...` arguments. */
export function builtWorkspaces(stage: DockerStage, workspaces: Workspaces): string[] {
  const dirByName = new Map([...workspaces.byDir].map(([dir, manifest]) => [manifest.name, dir]));
  const filters = stage.instructions
    .filter((instruction) => instruction.keyword === 'RUN' && /\bturbo\s+run\s+build\b/u.test(instruction.content))
    .flatMap((instruction) => [...instruction.content.matchAll(/--filter=([^\s.]+(?:\.[^\s.]+)*)\.\.\./gu)].map((match) => match[1] ?? ''));
  const starts = filters.map((name) => dirByName.get(name) ?? name.replace(/^\.\//u, ''));
  return workspaceClosure(workspaces, starts, true);
}

export interface ImageCheckContext {
  dockerfile: string;
  stages: DockerStage[];
  workspaces: Workspaces;
  contextIncludes(relative: string): boolean;
  repoHas(relative: string): boolean;
}

/**
 * Checks that `imagePath` exists in the final image: copied from the context (a file in the repository that
 * .dockerignore lets through) or from the build stage (a source file, or a workspace's compiled output whose
 * TypeScript source exists and which the build stage compiles).
 */
export function imagePathProblems(context: ImageCheckContext, imagePath: string, what: string): string[] {
  const final = context.stages.at(-1);
  if (!final) return [`${context.dockerfile}: no stages`];
  const resolved = resolveImagePath(final, imagePath);
  if (!resolved) return [`${context.dockerfile}: ${what} ${imagePath} is not copied into the final stage`];
  if (resolved.from === 'context') return contextFileProblems(context, resolved.path, `${what} ${imagePath}`);
  const stage = context.stages.find((candidate) => candidate.name === resolved.from);
  if (!stage) return [`${context.dockerfile}: ${what} ${imagePath} is copied from unknown stage ${resolved.from}`];
  const inStage = resolveImagePath(stage, resolved.path);
  const built = builtWorkspaces(stage, context.workspaces);
  const relative = inStage?.from === 'context' ? inStage.path : path.posix.relative(lastInstruction(stage, 'WORKDIR')?.args[0] ?? '/', resolved.path);
  const output = /^(.+?)\/dist(?:\/(.*))?$/u.exec(relative);
  if (output) {
    const [, workspace = '', rest] = output;
    if (!built.includes(workspace))
      return [`${context.dockerfile}: ${what} ${imagePath} is ${workspace}'s build output, but the build stage does not build ${workspace}`];
    if (rest?.endsWith('.js')) {
      const source = `${workspace}/src/${rest.replace(/\.js$/u, '.ts')}`;
      if (!context.repoHas(source)) return [`${context.dockerfile}: ${what} ${imagePath} would be compiled from ${source}, which does not exist`];
      return contextFileProblems(context, source, `${what} ${imagePath}`);
    }
    return [];
  }
  if (!inStage) return [`${context.dockerfile}: ${what} ${imagePath} does not exist in stage ${stage.name}`];
  return contextFileProblems(context, relative, `${what} ${imagePath}`);
}

function contextFileProblems(context: ImageCheckContext, relative: string, what: string): string[] {
  if (!context.repoHas(relative)) return [`${context.dockerfile}: ${what} comes from ${relative}, which is not in the repository`];
  if (!context.contextIncludes(relative)) return [`${context.dockerfile}: ${what} comes from ${relative}, which .dockerignore leaves out of the build context`];
  return [];
}

/** Every COPY from the build context names something that exists and that .dockerignore lets through. */
export function contextCopyProblems(context: ImageCheckContext): string[] {
  return context.stages.flatMap((stage) =>
    copies(stage)
      .filter((copy) => copy.from === 'context')
      .flatMap((copy) => copy.sources.filter((source) => source !== '.').flatMap((source) => contextFileProblems(context, source, `COPY ${source}`))),
  );
}

/**
 * The build stage compiles every workspace in its filters' closure (turbo follows devDependencies too), so each
 * of them needs its sources in the build context: a workspace .dockerignore keeps out fails the image build.
 * `sourceFiles(dir)` lists the files a workspace's build reads.
 */
export function buildSourceProblems(context: ImageCheckContext, sourceFiles: (dir: string) => string[]): string[] {
  const build = context.stages.find((stage) => stage.name === 'build');
  if (!build) return [`${context.dockerfile}: no stage named build`];
  return builtWorkspaces(build, context.workspaces).flatMap((dir) => {
    if (!context.workspaces.byDir.get(dir)?.scripts?.build) return [];
    const missing = sourceFiles(dir).filter((file) => !context.contextIncludes(file));
    if (missing.length === 0) return [];
    const more = missing.length > 1 ? ` and ${missing.length - 1} more` : '';
    return [`${context.dockerfile}: the build stage compiles ${dir}, but .dockerignore keeps ${missing[0]}${more} out of the build context`];
  });
}

/** `npm ci` sees the lockfile and every workspace manifest, or it refuses (or installs a different tree). */
export function manifestProblems(context: ImageCheckContext): string[] {
  const problems: string[] = [];
  for (const stage of context.stages) {
    const install = stage.instructions.findIndex((instruction) => instruction.keyword === 'RUN' && /\bnpm ci\b/u.test(instruction.content));
    if (install < 0) continue;
    const before: DockerStage = { ...stage, instructions: stage.instructions.slice(0, install) };
    const workdir = stage.instructions[install]?.workdir ?? '/';
    for (const file of ['package.json', 'package-lock.json', ...[...context.workspaces.byDir.keys()].map((dir) => `${dir}/package.json`)]) {
      if (!resolveImagePath(before, path.posix.join(workdir, file)))
        problems.push(`${context.dockerfile}: stage ${stage.name} runs npm ci before copying ${file}`);
    }
  }
  return problems;
}

/** The final stage: production dependencies of `app` only, non-root, a healthcheck, exec-form CMD, OCI labels. */
export function runtimeStageProblems(context: ImageCheckContext, app: Manifest): string[] {
  const final = context.stages.at(-1);
  const name = context.dockerfile;
  if (!final || context.stages.length < 2) return [`${name}: needs a build stage and a separate runtime stage`];
  const problems: string[] = [];
  const install = final.instructions.find((instruction) => instruction.keyword === 'RUN' && /\bnpm ci\b/u.test(instruction.content));
  if (!install) problems.push(`${name}: the final stage does not install dependencies with npm ci`);
  else {
    if (!/--omit=dev\b/u.test(install.content)) problems.push(`${name}: the final stage's npm ci must use --omit=dev`);
    if (!install.content.includes(`--workspace=${app.name}`)) problems.push(`${name}: the final stage's npm ci must be limited to --workspace=${app.name}`);
    // npm/cli#6670: --omit=dev still follows the devDependencies of linked workspaces.
    if (!/delete\s+\w+\.devDependencies/u.test(install.content)) {
      problems.push(`${name}: the final stage must drop the manifests' devDependencies before npm ci (npm installs those of linked workspaces)`);
    }
  }
  if (final.instructions.some((instruction) => instruction.keyword === 'RUN' && /\b(turbo|tsc|vite)\b/u.test(instruction.content))) {
    problems.push(`${name}: the final stage compiles; compile in the build stage`);
  }
  const user = lastInstruction(final, 'USER')?.args[0];
  if (!user || ['root', '0'].includes(user.split(':')[0] ?? '')) problems.push(`${name}: the final stage runs as root; add USER node`);
  const healthcheck = lastInstruction(final, 'HEALTHCHECK');
  if (!healthcheck || !execForm(healthcheck)) problems.push(`${name}: the final stage needs HEALTHCHECK CMD [...] in exec form`);
  const cmd = lastInstruction(final, 'CMD');
  if (!cmd || !execForm(cmd)) problems.push(`${name}: CMD must be in exec form (["node", "..."]) so node gets SIGTERM`);
  const labels = Object.assign(
    {},
    ...final.instructions.filter((instruction) => instruction.keyword === 'LABEL').map((instruction) => instruction.properties),
  ) as Record<string, string>;
  const args = Object.assign(
    {},
    ...final.instructions.filter((instruction) => instruction.keyword === 'ARG').map((instruction) => instruction.properties),
  ) as Record<string, string>;
  const expand = (value: string | undefined) => value?.replace(/\$\{(\w+)\}/gu, (_, variable: string) => args[variable] ?? '');
  for (const label of ['title', 'description', 'version', 'licenses']) {
    if (!labels[`org.opencontainers.image.${label}`]) problems.push(`${name}: missing label org.opencontainers.image.${label}`);
  }
  if (expand(labels['org.opencontainers.image.version']) !== app.version) {
    problems.push(`${name}: org.opencontainers.image.version is ${expand(labels['org.opencontainers.image.version'])}, the workspace is ${app.version}`);
  }
  if (context.workspaces.root.license && labels['org.opencontainers.image.licenses'] !== context.workspaces.root.license) {
    problems.push(`${name}: org.opencontainers.image.licenses should be ${context.workspaces.root.license}`);
  }
  return problems;
}

/** The ENV the final stage sets for the app (npm's own settings aside). */
export function imageEnvironment(stages: DockerStage[]): Record<string, string> {
  const final = stages.at(-1);
  const env: Record<string, string> = {};
  for (const instruction of final?.instructions ?? []) {
    if (instruction.keyword !== 'ENV') continue;
    for (const [key, value] of Object.entries(instruction.properties)) if (!key.startsWith('NPM_CONFIG_')) env[key] = value;
  }
  return env;
}

/** `node X` where X is `node <script>` in a package.json script run from the package's directory. */
export function scriptEntry(script: string | undefined, packageDir: string): string | null {
  const match = /^node\s+(\S+\.m?js)(?:\s|$)/u.exec(script ?? '');
  return match?.[1] ? path.posix.join(packageDir, match[1]) : null;
}
