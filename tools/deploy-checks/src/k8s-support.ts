// Renders the Kubernetes manifests (deploy/k8s) with `kubectl kustomize` and validates each object against its
// Kubernetes or CRD schema (kubernetes-models: the API's OpenAPI schemas, Strimzi's and KEDA's CRDs). The
// checks of what Trendstream needs from them are pure (k8s-checks.ts).
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { parseAllDocuments } from 'yaml';
import { ConfigMap } from 'kubernetes-models/v1/ConfigMap';
import { Namespace } from 'kubernetes-models/v1/Namespace';
import { Secret } from 'kubernetes-models/v1/Secret';
import { Service } from 'kubernetes-models/v1/Service';
import { Deployment } from 'kubernetes-models/apps/v1/Deployment';
import { StatefulSet } from 'kubernetes-models/apps/v1/StatefulSet';
import { Kafka } from '@kubernetes-models/strimzi-kafka-operator/kafka.strimzi.io/v1beta2/Kafka';
import { KafkaNodePool } from '@kubernetes-models/strimzi-kafka-operator/kafka.strimzi.io/v1beta2/KafkaNodePool';
import { ScaledObject } from '@kubernetes-models/keda/keda.sh/v1alpha1/ScaledObject';
import { childEnv } from '@trendstream/testkit/env';
import { REPO_ROOT } from '@trendstream/testkit/repo';
import type { K8sObject } from './k8s-checks.js';

export const K8S_DIR = 'deploy/k8s';
export const MISSING_KUBECTL =
  "kubectl is not installed: these checks need a kubectl with kustomize 5 (1.27 or newer; Debian bookworm's kubernetes-client 1.20 is too old), e.g. from https://kubernetes.io/docs/tasks/tools/";

/** `kubectl kustomize deploy/k8s/<dir>`: the objects a user's `kubectl apply -k` would send. */
export function renderKustomization(dir: string): K8sObject[] {
  const result = spawnSync('kubectl', ['kustomize', path.join(REPO_ROOT, K8S_DIR, dir)], {
    cwd: REPO_ROOT,
    env: childEnv({}),
    encoding: 'utf8',
    maxBuffer: 16 * 1024 * 1024,
  });
  if (result.error) throw new Error((result.error as NodeJS.ErrnoException).code === 'ENOENT' ? MISSING_KUBECTL : result.error.message);
  if (result.status !== 0) throw new Error(`kubectl kustomize ${K8S_DIR}/${dir} failed (exit ${result.status}):\n${result.stderr}`);
  return parseAllDocuments(result.stdout).map((document) => document.toJS() as K8sObject);
}

interface Validating {
  validate(): void;
}

/** The schema of every kind the manifests use; another kind is a problem until its schema is added here. */
const MODELS: Record<string, new (object: never) => Validating> = {
  'v1/ConfigMap': ConfigMap,
  'v1/Namespace': Namespace,
  'v1/Secret': Secret,
  'v1/Service': Service,
  'apps/v1/Deployment': Deployment,
  'apps/v1/StatefulSet': StatefulSet,
  'kafka.strimzi.io/v1beta2/Kafka': Kafka,
  'kafka.strimzi.io/v1beta2/KafkaNodePool': KafkaNodePool,
  'keda.sh/v1alpha1/ScaledObject': ScaledObject,
};

/** Each object checked against its schema: types, required fields, enums and formats. */
export function schemaProblems(objects: readonly K8sObject[]): string[] {
  return objects.flatMap((object) => {
    const name = `${object.kind}/${object.metadata?.name ?? '(no name)'}`;
    const Model = MODELS[`${object.apiVersion}/${object.kind}`];
    if (!Model) return [`${name}: no schema known for ${object.apiVersion} ${object.kind} (tools/deploy-checks/src/k8s-support.ts)`];
    try {
      new Model(object as never).validate();
      return [];
    } catch (error) {
      return [`${name}: ${(error as Error).message}`];
    }
  });
}
