// Static checks of the Dockerfiles and .dockerignore (no Docker engine here to build them): pinned bases, a
// production-only runtime stage that holds everything the app loads, and a build context without secrets.
import { describe, expect, it } from 'vitest';
import {
  buildSourceProblems,
  builtWorkspaces,
  contextCopyProblems,
  fromProblems,
  imagePathProblems,
  isPinnedImage,
  lastInstruction,
  manifestProblems,
  runtimeStageProblems,
  scriptEntry,
  workspaceClosure,
  type ImageCheckContext,
} from '../../src/compose-checks.js';
import {
  dockerContextFilter,
  execForm,
  imageCheckContext,
  loadDockerfile,
  loadWorkspaces,
  parseDockerfile,
  readRepoFile,
  repoFileExists,
  workspaceSourceFiles,
} from '../../src/compose-support.js';

/** Each app image: its workspace directory. */
const IMAGES = [
  { dockerfile: 'processor/Dockerfile', workspace: 'processor', alsoBuilds: ['web'] },
  { dockerfile: 'ingest/Dockerfile', workspace: 'ingest', alsoBuilds: [] },
] as const;

function manifestOf(workspace: string) {
  const manifest = loadWorkspaces().byDir.get(workspace);
  if (!manifest) throw new Error(`${workspace} is not a workspace of the root package.json`);
  return manifest;
}

describe('pinned images', () => {
  it('accepts exact versions and digests only', () => {
    for (const pinned of ['node:24.17.0-bookworm-slim', 'apache/kafka:4.1.1', 'mysql:8.4.11', `node@sha256:${'a'.repeat(64)}`]) {
      expect(isPinnedImage(pinned), pinned).toBe(true);
    }
    for (const floating of ['node', 'node:latest', 'node:24', 'node:24-slim', 'node:lts-bookworm-slim', 'mysql:8.4', 'localhost:5000/app']) {
      expect(isPinnedImage(floating), floating).toBe(false);
    }
  });

  it.each(IMAGES)('$dockerfile: every FROM is pinned, on the same Node release', ({ dockerfile }) => {
    const stages = loadDockerfile(dockerfile);
    expect(fromProblems(dockerfile, stages)).toEqual([]);
    const bases = new Set(IMAGES.flatMap((image) => loadDockerfile(image.dockerfile).map((stage) => stage.image)));
    expect([...bases].filter((base) => base.startsWith('node:'))).toHaveLength(1);
    expect(fromProblems('x', parseDockerfile('FROM node:24-slim AS build\nFROM build\n'))).toHaveLength(1);
  });
});

describe.each(IMAGES)('$dockerfile', ({ dockerfile, workspace, alsoBuilds }) => {
  it('has a runtime stage with production dependencies only, non-root, a healthcheck and OCI labels', () => {
    expect(runtimeStageProblems(imageCheckContext(dockerfile), manifestOf(workspace))).toEqual([]);
  });

  it('copies every manifest before npm ci, from files the build context holds', () => {
    expect(manifestProblems(imageCheckContext(dockerfile))).toEqual([]);
    expect(contextCopyProblems(imageCheckContext(dockerfile))).toEqual([]);
  });

  it('has the sources of every workspace its build stage compiles in the build context', () => {
    expect(buildSourceProblems(imageCheckContext(dockerfile), workspaceSourceFiles)).toEqual([]);
  });

  it('builds the app and every workspace it depends on', () => {
    const stages = loadDockerfile(dockerfile);
    const build = stages.find((stage) => stage.name === 'build');
    expect(build, 'a stage named build').toBeDefined();
    const built = builtWorkspaces(build!, loadWorkspaces());
    expect(built).toEqual(expect.arrayContaining([workspace, ...alsoBuilds, ...workspaceClosure(loadWorkspaces(), [workspace], true)]));
  });

  it("CMD runs the package's start script, compiled from a source file that exists", () => {
    const stages = loadDockerfile(dockerfile);
    const final = stages.at(-1)!;
    const cmd = execForm(lastInstruction(final, 'CMD')!);
    const workdir = lastInstruction(final, 'CMD')!.workdir;
    expect(cmd).toEqual(['node', scriptEntry(manifestOf(workspace).scripts?.start, workspace)]);
    expect(imagePathProblems(imageCheckContext(dockerfile), `${workdir}/${cmd?.[1]}`, 'CMD')).toEqual([]);
  });

  it('holds the compiled output and run-time files of every workspace the app loads', () => {
    const { byDir } = loadWorkspaces();
    const runtime = workspaceClosure(loadWorkspaces(), [workspace], false);
    const problems = runtime.flatMap((dir) => {
      const files = (byDir.get(dir)?.files ?? ['dist']).filter((entry) => entry !== 'src');
      return ['package.json', ...files].flatMap((entry) => imagePathProblems(imageCheckContext(dockerfile), `/app/${dir}/${entry}`, `${dir}'s`));
    });
    expect(problems).toEqual([]);
  });

  it('its HEALTHCHECK script is in the image', () => {
    const final = loadDockerfile(dockerfile).at(-1)!;
    const probe = execForm(lastInstruction(final, 'HEALTHCHECK')!) ?? [];
    const scripts = probe.filter((word) => word.startsWith('/app/'));
    expect(scripts.length).toBeGreaterThan(0);
    for (const script of scripts) expect(imagePathProblems(imageCheckContext(dockerfile), script, 'HEALTHCHECK')).toEqual([]);
  });
});

describe("spark/Dockerfile (the Spark engine's job image)", () => {
  const dockerfile = 'spark/Dockerfile';

  it('pins every FROM: the Node release of the app images, and the Spark release of the POM and the compose file', () => {
    const stages = loadDockerfile(dockerfile);
    expect(fromProblems(dockerfile, stages)).toEqual([]);
    const appNode = loadDockerfile('processor/Dockerfile')[0]!.image;
    expect(stages.find((stage) => stage.name === 'stopwords')?.image).toBe(appNode);
    const runtime = stages.at(-1)!.image;
    const pom = readRepoFile('spark/pom.xml') ?? '';
    expect(runtime).toBe(`apache/spark:${/<spark\.version>([^<]+)<\/spark\.version>/u.exec(pom)?.[1]}-scala2.13-java17-ubuntu`);
    const composeImages = [...(readRepoFile('docker-compose.yaml') ?? '').matchAll(/image: (apache\/spark:\S+)/gu)].map((match) => match[1]);
    expect(new Set(composeImages)).toEqual(new Set([runtime]));
  });

  it('copies only files the build context holds, and runs as a user that is not root, with a healthcheck', () => {
    expect(contextCopyProblems(imageCheckContext(dockerfile))).toEqual([]);
    const final = loadDockerfile(dockerfile).at(-1)!;
    expect(lastInstruction(final, 'USER')?.args[0]).toBe('185');
    expect(lastInstruction(final, 'HEALTHCHECK')).toBeDefined();
    expect(execForm(lastInstruction(final, 'CMD')!)).toEqual(['/opt/trendstream/submit-job.sh']);
  });
});

describe('image checks catch what they are for', () => {
  const good = [
    'FROM node:24.17.0-bookworm-slim AS build',
    'WORKDIR /app',
    'COPY . .',
    'RUN npx turbo run build --filter=@trendstream/processor...',
    'FROM node:24.17.0-bookworm-slim AS runtime',
    'WORKDIR /app',
    'COPY --from=build /app/processor/dist processor/dist',
  ].join('\n');

  function fake(text: string): ImageCheckContext {
    return { dockerfile: 'fake', stages: parseDockerfile(text), workspaces: loadWorkspaces(), contextIncludes: () => true, repoHas: repoFileExists };
  }

  it('a path that no COPY puts in the image', () => {
    expect(imagePathProblems(fake(good), '/app/processor/dist/main.js', 'CMD')).toEqual([]);
    expect(imagePathProblems(fake(good), '/app/processor/dist/no-such-entry.js', 'CMD')).toEqual([
      expect.stringContaining('processor/src/no-such-entry.ts, which does not exist'),
    ]);
    expect(imagePathProblems(fake(good), '/app/web/dist', 'WEB_DIST')).toEqual([expect.stringContaining('is not copied into the final stage')]);
  });

  it('a runtime stage that installs everything, runs as root and has no healthcheck', () => {
    const problems = runtimeStageProblems(fake(`${good}\nRUN npm ci\nCMD node processor/dist/main.js`), manifestOf('processor'));
    expect(problems).toEqual(
      expect.arrayContaining([
        expect.stringContaining('--omit=dev'),
        expect.stringContaining('runs as root'),
        expect.stringContaining('HEALTHCHECK'),
        expect.stringContaining('exec form'),
      ]),
    );
  });

  it('npm ci before the manifests are copied', () => {
    expect(manifestProblems(fake('FROM node:24.17.0-bookworm-slim\nWORKDIR /app\nCOPY package.json ./\nRUN npm ci\n'))).toEqual(
      expect.arrayContaining([expect.stringContaining('package-lock.json'), expect.stringContaining('packages/contracts/package.json')]),
    );
  });
});

describe('.dockerignore', () => {
  it('keeps secrets, dependencies, build output and caches out of the build context', () => {
    const filter = dockerContextFilter();
    for (const excluded of [
      '.env',
      'ingest/.env',
      '.git/config',
      '.cache/kafka/x.jar',
      'node_modules/zod/index.js',
      'packages/runtime/node_modules/x',
      'processor/dist/main.js',
      'web/dist/index.html',
      'tools/bench/results/x.json',
      'tools/bench/dist/bench-main.js',
    ]) {
      expect(filter.includes(excluded), excluded).toBe(false);
    }
    for (const included of [
      'package.json',
      'package-lock.json',
      'turbo.json',
      'tsconfig.base.json',
      'packages/contracts/avro/post.v1.avsc',
      'processor/src/main.ts',
      'web/index.html',
      'ingest/sample/sample-posts.jsonl.gz',
      'docker/healthcheck.mjs',
      'tools/sample/src/generate-posts.ts',
    ]) {
      expect(filter.includes(included), included).toBe(true);
    }
  });
});
