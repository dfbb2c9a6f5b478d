// Reads what the compose checks look at: `docker-compose config` output, the Dockerfiles, the apps' env schemas,
// the workspace manifests, .env.example and .dockerignore. The checks themselves are pure (compose-checks.ts).
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Ignore } from '@balena/dockerignore';
import { DockerfileParser } from 'dockerfile-ast';
import { parse as parseYaml } from 'yaml';
import { z } from 'zod';
import { childEnv } from '@trendstream/testkit/env';
import { REPO_ROOT } from '@trendstream/testkit/repo';
import type { ImageCheckContext } from './compose-checks.js';

// A CommonJS module whose typings declare an ES default export that does not exist at run time.
const dockerignore = createRequire(import.meta.url)('@balena/dockerignore') as () => Ignore;

export { REPO_ROOT };
export const COMPOSE_FILE = 'docker-compose.yaml';

// ---- docker-compose config -------------------------------------------------------------------------------

const stringOrList = z.union([z.string(), z.array(z.string())]);
const serviceSchema = z.object({
  image: z.string().optional(),
  build: z.object({ context: z.string(), dockerfile: z.string().optional() }).optional(),
  command: stringOrList.optional(),
  entrypoint: stringOrList.optional(),
  environment: z.record(z.string(), z.union([z.string(), z.number(), z.boolean(), z.null()])).optional(),
  healthcheck: z.object({ test: stringOrList.optional(), disable: z.boolean().optional(), interval: z.string().optional() }).optional(),
  depends_on: z.union([z.array(z.string()), z.record(z.string(), z.object({ condition: z.string().optional() }))]).optional(),
  ports: z.array(z.union([z.string(), z.object({ published: z.union([z.string(), z.number()]).optional(), target: z.number() })])).optional(),
  volumes: z.array(z.union([z.string(), z.object({ type: z.string().optional(), source: z.string().optional(), target: z.string() })])).optional(),
  restart: z.string().optional(),
  profiles: z.array(z.string()).optional(),
  container_name: z.string().optional(),
  hostname: z.string().optional(),
});
export type ComposeService = z.infer<typeof serviceSchema>;
const composeSchema = z.object({
  services: z.record(z.string(), serviceSchema),
  volumes: z.record(z.string(), z.unknown()).nullable().optional(),
});
export type ComposeConfig = z.infer<typeof composeSchema>;

export const MISSING_COMPOSE_BINARY = "docker-compose is not installed: install Debian's package with `apt-get install -y docker-compose` (.ci/run does this)";

/**
 * Runs `docker-compose config` as a user would, with `envFile` as the project's .env (null: no .env at all).
 * The environment is reduced to PATH and HOME so a developer's own KAFKA_BROKERS or .env cannot leak in.
 */
export function composeConfig(envFile: string | null): ComposeConfig {
  const dir = mkdtempSync(path.join(tmpdir(), 'ts-compose-'));
  try {
    const envPath = path.join(dir, 'env');
    writeFileSync(envPath, envFile ?? '');
    const result = spawnSync('docker-compose', ['--env-file', envPath, '-f', path.join(REPO_ROOT, COMPOSE_FILE), 'config'], {
      cwd: REPO_ROOT,
      encoding: 'utf8',
      env: childEnv({ HOME: dir }),
      timeout: 60_000,
    });
    if (result.error && (result.error as NodeJS.ErrnoException).code === 'ENOENT') throw new Error(MISSING_COMPOSE_BINARY);
    if (result.error) throw result.error;
    if (result.status !== 0) throw new Error(`docker-compose config failed (exit ${result.status}):\n${result.stderr}`);
    return composeSchema.parse(parseYaml(result.stdout));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** The compose file exactly as written (for the variables it references). */
export function composeText(): string {
  return readFileSync(path.join(REPO_ROOT, COMPOSE_FILE), 'utf8');
}

// ---- .env.example and .dockerignore ----------------------------------------------------------------------

export const ENV_EXAMPLE = '.env.example';

/** The file's text, or null when it does not exist yet. */
export function readRepoFile(relative: string): string | null {
  const file = path.join(REPO_ROOT, relative);
  return existsSync(file) ? readFileSync(file, 'utf8') : null;
}

export function repoFileExists(relative: string): boolean {
  return existsSync(path.join(REPO_ROOT, relative));
}

/** What a workspace's build reads: everything under its src/, and its own config files (package.json, tsconfig…). */
export function workspaceSourceFiles(dir: string): string[] {
  const root = path.join(REPO_ROOT, dir);
  const configs = readdirSync(root, { withFileTypes: true })
    .filter((entry) => entry.isFile() && /\.(json|ts|html)$/u.test(entry.name))
    .map((entry) => `${dir}/${entry.name}`);
  const sources = existsSync(path.join(root, 'src'))
    ? readdirSync(path.join(root, 'src'), { recursive: true, withFileTypes: true })
        .filter((entry) => entry.isFile())
        .map((entry) => path.posix.join(dir, path.relative(root, path.join(entry.parentPath, entry.name)).split(path.sep).join('/')))
    : [];
  return [...configs, ...sources];
}

export interface ContextFilter {
  /** True when `relative` (a path in the repository) is sent to the Docker daemon as build context. */
  includes(relative: string): boolean;
}

export function dockerContextFilter(): ContextFilter {
  const rules = readRepoFile('.dockerignore');
  if (rules === null) throw new Error('.dockerignore is missing');
  const ignore = dockerignore().add(rules);
  return { includes: (relative) => !ignore.ignores(relative) };
}

// ---- Dockerfiles -----------------------------------------------------------------------------------------

export interface DockerInstruction {
  keyword: string;
  /** Arguments split as Docker splits them (shell words, or the raw JSON array text). */
  args: string[];
  /** The arguments as one string, flags removed. */
  content: string;
  flags: Record<string, string>;
  /** KEY=value pairs of ENV, LABEL and ARG. */
  properties: Record<string, string>;
  /** The working directory in force for this instruction. */
  workdir: string;
}

export interface DockerStage {
  name: string;
  /** The FROM image, e.g. node:24.17.0-bookworm-slim. */
  image: string;
  instructions: DockerInstruction[];
}

export function loadDockerfile(relative: string): DockerStage[] {
  const text = readRepoFile(relative);
  if (text === null) throw new Error(`${relative} is missing`);
  return parseDockerfile(text);
}

export function parseDockerfile(text: string): DockerStage[] {
  const stages: DockerStage[] = [];
  let workdir = '/';
  for (const instruction of DockerfileParser.parse(text).getInstructions()) {
    const keyword = instruction.getKeyword();
    const args = instruction.getArguments().map((arg) => arg.getValue());
    const flags: Record<string, string> = {};
    if ('getFlags' in instruction && typeof instruction.getFlags === 'function') {
      for (const flag of (instruction as unknown as { getFlags(): { getName(): string; getValue(): string | null }[] }).getFlags()) {
        flags[flag.getName()] = flag.getValue() ?? '';
      }
    }
    const properties: Record<string, string> = {};
    if ('getProperties' in instruction && typeof instruction.getProperties === 'function') {
      for (const property of (instruction as unknown as { getProperties(): { getName(): string; getValue(): string | null }[] }).getProperties()) {
        properties[property.getName()] = property.getValue() ?? '';
      }
    }
    if (keyword === 'FROM') {
      workdir = '/';
      stages.push({ name: args[2] ?? String(stages.length), image: args[0] ?? '', instructions: [] });
      continue;
    }
    if (keyword === 'WORKDIR') workdir = path.posix.resolve(workdir, args[0] ?? '.');
    const stage = stages.at(-1);
    if (!stage) throw new Error(`${keyword} before the first FROM`);
    stage.instructions.push({ keyword, args, content: instruction.getArgumentsContent() ?? '', flags, properties, workdir });
  }
  return stages;
}

/** The JSON (exec) form of CMD or of HEALTHCHECK CMD, or null when the shell form is used. */
export function execForm(instruction: DockerInstruction): string[] | null {
  const content = instruction.keyword === 'HEALTHCHECK' ? instruction.content.replace(/^CMD\s+/u, '') : instruction.content;
  try {
    const parsed: unknown = JSON.parse(content);
    return Array.isArray(parsed) && parsed.every((item): item is string => typeof item === 'string') ? parsed : null;
  } catch {
    return null;
  }
}

// ---- workspaces and env schemas --------------------------------------------------------------------------

const manifestSchema = z.object({
  name: z.string(),
  version: z.string().optional(),
  license: z.string().optional(),
  workspaces: z.array(z.string()).optional(),
  scripts: z.record(z.string(), z.string()).optional(),
  files: z.array(z.string()).optional(),
  dependencies: z.record(z.string(), z.string()).optional(),
  devDependencies: z.record(z.string(), z.string()).optional(),
});
export type Manifest = z.infer<typeof manifestSchema>;

export interface Workspaces {
  root: Manifest;
  /** Workspace directory -> its manifest, in the root's order. */
  byDir: Map<string, Manifest>;
}

export function loadWorkspaces(): Workspaces {
  const root = manifestSchema.parse(JSON.parse(readRepoFile('package.json') ?? '{}'));
  const byDir = new Map<string, Manifest>();
  for (const dir of root.workspaces ?? []) {
    byDir.set(dir, manifestSchema.parse(JSON.parse(readRepoFile(`${dir}/package.json`) ?? '{}')));
  }
  return { root, byDir };
}

/** The zod object an app parses its environment with, as far as these checks need it. */
export interface EnvSchema {
  keys: string[];
  /** Parses like the app does at start; the parsed values (defaults applied) or the problems. */
  parse(env: Record<string, string>): { ok: true; values: Record<string, unknown> } | { ok: false; problems: string[] };
}

interface ZodLike {
  shape: Record<string, unknown>;
  safeParse(input: unknown): { success: true; data: unknown } | { success: false; error: { issues: { path: PropertyKey[]; message: string }[] } };
}

function isZodLike(value: unknown): value is ZodLike {
  return (
    typeof value === 'object' &&
    value !== null &&
    'shape' in value &&
    typeof value.shape === 'object' &&
    'safeParse' in value &&
    typeof value.safeParse === 'function'
  );
}

/** Imports `exportName` from an app's TypeScript source (`processor/src/config.ts`), read fresh at test time. */
export async function loadEnvSchema(sourceFile: string, exportName: string): Promise<EnvSchema> {
  const file = path.join(REPO_ROOT, sourceFile);
  if (!existsSync(file)) throw new Error(`${sourceFile} is missing: it should export ${exportName}`);
  const module = (await import(pathToFileURL(file).href)) as Record<string, unknown>;
  const schema = module[exportName];
  if (!isZodLike(schema)) throw new Error(`${sourceFile} does not export ${exportName} as a zod object`);
  return {
    keys: Object.keys(schema.shape),
    parse(env) {
      const result = schema.safeParse(env);
      if (result.success) return { ok: true, values: result.data as Record<string, unknown> };
      return { ok: false, problems: result.error.issues.map((issue) => `${issue.path.map(String).join('.')}: ${issue.message}`) };
    },
  };
}

/** Imports a named function from an app's TypeScript source. */
export async function loadFunction(sourceFile: string, exportName: string): Promise<(...args: never[]) => unknown> {
  const file = path.join(REPO_ROOT, sourceFile);
  if (!existsSync(file)) throw new Error(`${sourceFile} is missing: it should export ${exportName}`);
  const module = (await import(pathToFileURL(file).href)) as Record<string, unknown>;
  const value = module[exportName];
  if (typeof value !== 'function') throw new Error(`${sourceFile} does not export a function ${exportName}`);
  return value as (...args: never[]) => unknown;
}

/** What the image checks read of one Dockerfile: its stages, the workspaces, the build context, the repository. */
export function imageCheckContext(dockerfile: string): ImageCheckContext {
  const filter = dockerContextFilter();
  return {
    dockerfile,
    stages: loadDockerfile(dockerfile),
    workspaces: loadWorkspaces(),
    contextIncludes: (relative) => filter.includes(relative),
    repoHas: repoFileExists,
  };
}
