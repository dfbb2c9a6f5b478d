// The Kubernetes manifests (deploy/k8s), as `kubectl apply -k` would send them: rendered by Debian's kubectl
// (kustomize), each object checked against its Kubernetes or CRD schema, then against what the apps need.
// No cluster runs here (docs/deployment.md says how to run them on one).
import { beforeAll, describe, expect, it } from 'vitest';
import { envKeyProblems } from '../../src/compose-checks.js';
import { loadEnvSchema, type EnvSchema } from '../../src/compose-support.js';
import {
  containerEnvironment,
  deploymentContainer,
  ingestProblems,
  podProblems,
  probePaths,
  scalingProblems,
  secretProblems,
  type K8sObject,
} from '../../src/k8s-checks.js';
import { renderKustomization, schemaProblems } from '../../src/k8s-support.js';

const OVERLAYS = { 'overlays/dev': { externalSecret: null }, 'overlays/production': { externalSecret: 'trendstream-secrets' } } as const;
const SOURCES = ['mastodon', 'bluesky', 'x'];
/** Variables the config map hands every app only so the processor can build MYSQL_URL from them. */
const FOR_EXPANSION: Record<string, string> = { MYSQL_USER: 'MYSQL_URL is built from it', MYSQL_DATABASE: 'same', MYSQL_PASSWORD: 'same' };

let processorSchema: EnvSchema;
let ingestSchema: EnvSchema;
beforeAll(async () => {
  processorSchema = await loadEnvSchema('processor/src/config.ts', 'processorEnvSchema');
  ingestSchema = await loadEnvSchema('ingest/src/config.ts', 'ingestEnvSchema');
});

/** Problems of one app container's environment: unknown variables, and values the app would refuse at start. */
function environmentProblems(name: string, env: Record<string, string>, schema: EnvSchema): string[] {
  const passed = Object.keys(env).filter((key) => !(key in FOR_EXPANSION));
  const parsed = schema.parse(env);
  return [...envKeyProblems(name, passed, schema.keys, { complete: false }), ...(parsed.ok ? [] : parsed.problems.map((problem) => `${name}: ${problem}`))];
}

describe.each(Object.entries(OVERLAYS))('deploy/k8s/%s', (overlay, { externalSecret }) => {
  let objects: K8sObject[];
  beforeAll(() => {
    objects = renderKustomization(overlay);
  });

  it('renders objects that each match their Kubernetes or CRD schema', () => {
    expect(objects.map((object) => object.kind).sort()).toEqual(
      expect.arrayContaining(['ConfigMap', 'Deployment', 'Kafka', 'KafkaNodePool', 'ScaledObject', 'Service', 'StatefulSet']),
    );
    expect(schemaProblems(objects)).toEqual([]);
  });

  it('runs every container as non-root, without privileges, with resources and probes', () => {
    expect(podProblems(objects)).toEqual([]);
  });

  it('reads secrets only from where the docs say, and keeps no secret value in the repository for production', () => {
    expect(secretProblems(objects, { external: externalSecret })).toEqual([]);
  });

  it('gives the processor and each ingest a configuration their own schemas accept, probed on their health routes', () => {
    const processor = deploymentContainer(objects, 'processor');
    expect(processor).toBeDefined();
    const env = containerEnvironment(processor!, objects);
    expect(environmentProblems('processor', env, processorSchema)).toEqual([]);
    expect(env.MYSQL_URL).toBe('mysql://trendstream:secret-mysql-password@mysql:3306/trendstream');
    expect(new Set(probePaths(processor!))).toEqual(new Set(['/api/health']));
    for (const source of SOURCES) {
      const ingest = deploymentContainer(objects, `ingest-${source}`);
      expect(ingest, source).toBeDefined();
      expect(environmentProblems(`ingest-${source}`, containerEnvironment(ingest!, objects), ingestSchema)).toEqual([]);
      expect(new Set(probePaths(ingest!))).toEqual(new Set(['/health']));
    }
  });

  it('scales the processor on its own consumer lag, at most one replica per partition, one ingest per source', () => {
    const env = containerEnvironment(deploymentContainer(objects, 'processor')!, objects);
    expect(scalingProblems(objects, env)).toEqual([]);
    expect(ingestProblems(objects, SOURCES)).toEqual([]);
  });
});
