import { describe, expect, it } from 'vitest';
import { containerEnvironment, ingestProblems, podProblems, scalingProblems, secretProblems, type Container, type K8sObject } from '../../src/k8s-checks.js';
import { schemaProblems } from '../../src/k8s-support.js';

const goodContainer: Container = {
  name: 'app',
  image: 'app:1',
  securityContext: { runAsNonRoot: true, allowPrivilegeEscalation: false, capabilities: { drop: ['ALL'] } },
  resources: { requests: { cpu: '1', memory: '1Gi' }, limits: { memory: '1Gi' } },
  readinessProbe: { httpGet: { path: '/health', port: 80 } },
  livenessProbe: { httpGet: { path: '/health', port: 80 } },
};

function deployment(name: string, container: Container, extra: Record<string, unknown> = {}): K8sObject {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name },
    spec: {
      replicas: 1,
      strategy: { type: 'Recreate' },
      selector: { matchLabels: { app: name } },
      template: { metadata: { labels: { app: name } }, spec: { containers: [container] } },
      ...extra,
    },
  };
}

describe('the Kubernetes checks', () => {
  it('finds schema violations and kinds without a known schema', () => {
    expect(schemaProblems([deployment('ok', goodContainer)])).toEqual([]);
    const wrongType = deployment('bad', goodContainer, { replicas: 'three' });
    expect(schemaProblems([wrongType])).toEqual([expect.stringContaining('Deployment/bad: ')]);
    expect(schemaProblems([{ apiVersion: 'example.com/v1', kind: 'Widget', metadata: { name: 'w' } }])).toEqual([expect.stringContaining('no schema known')]);
  });

  it('finds a container that may run as root, escalate, keep capabilities, or lacks resources or probes', () => {
    expect(podProblems([deployment('ok', goodContainer)])).toEqual([]);
    const bare: Container = { name: 'bare', image: 'bare:1' };
    expect(podProblems([deployment('bare', bare)])).toHaveLength(7);
  });

  it('finds secrets read from nowhere, and secret values kept for production', () => {
    const reading = deployment('app', { ...goodContainer, env: [{ name: 'TOKEN', valueFrom: { secretKeyRef: { name: 'creds', key: 'TOKEN' } } }] });
    const secret: K8sObject = { apiVersion: 'v1', kind: 'Secret', metadata: { name: 'creds' }, data: { TOKEN: 'eA==' } };
    expect(secretProblems([reading, secret], { external: null })).toEqual([]);
    expect(secretProblems([reading], { external: null })).toEqual([expect.stringContaining('reads secret creds')]);
    expect(secretProblems([reading], { external: 'creds' })).toEqual([]);
    expect(secretProblems([reading, secret], { external: 'creds' })).toEqual([expect.stringContaining('secret values in the repository')]);
  });

  it('builds a container environment as Kubernetes does: config maps, then env with $(NAME) expanded, secrets as placeholders', () => {
    const config: K8sObject = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'cfg' }, data: { USER: 'u', DB: 'd' } };
    const container: Container = {
      ...goodContainer,
      envFrom: [{ configMapRef: { name: 'cfg' } }],
      env: [
        { name: 'PASSWORD', valueFrom: { secretKeyRef: { name: 's', key: 'DB_PASSWORD' } } },
        { name: 'URL', value: 'mysql://$(USER):$(PASSWORD)@host/$(DB)$(UNKNOWN)' },
      ],
    };
    expect(containerEnvironment(container, [config])).toEqual({
      USER: 'u',
      DB: 'd',
      PASSWORD: 'secret-db-password',
      URL: 'mysql://u:secret-db-password@host/d$(UNKNOWN)',
    });
  });

  it('finds a scaler that follows another group or topic, another broker, or more replicas than partitions', () => {
    const kafka: K8sObject = {
      apiVersion: 'kafka.strimzi.io/v1beta2',
      kind: 'Kafka',
      metadata: { name: 'k' },
      spec: { kafka: { listeners: [{ name: 'plain', port: 9092, type: 'internal', tls: false }] } },
    };
    const scaler = (metadata: Record<string, string>, maxReplicaCount = 3): K8sObject => ({
      apiVersion: 'keda.sh/v1alpha1',
      kind: 'ScaledObject',
      metadata: { name: 'processor', namespace: 'ns' },
      spec: { scaleTargetRef: { name: 'processor' }, maxReplicaCount, triggers: [{ type: 'kafka', metadata }] },
    });
    const env = { KAFKA_BROKERS: 'k-kafka-bootstrap:9092', TOPIC_PREFIX: 'p.', POSTS_PARTITIONS: '3' };
    const right = { bootstrapServers: 'k-kafka-bootstrap.ns.svc:9092', consumerGroup: 'p.trendstream-processor', topic: 'p.posts' };
    expect(scalingProblems([kafka, scaler(right)], env)).toEqual([]);
    expect(scalingProblems([kafka, scaler({ ...right, consumerGroup: 'trendstream-processor', topic: 'posts' }, 4)], env)).toHaveLength(3);
    expect(scalingProblems([kafka, scaler(right)], { ...env, KAFKA_BROKERS: 'elsewhere:9092' })).toHaveLength(1);
    // The short name resolves only in the apps' namespace, not in KEDA's.
    expect(scalingProblems([kafka, scaler({ ...right, bootstrapServers: 'k-kafka-bootstrap:9092' })], env)).toHaveLength(1);
  });

  it('finds a source read by more than one ingest, or rolled over with two at once', () => {
    expect(ingestProblems([deployment('ingest-a', goodContainer)], ['a'])).toEqual([]);
    expect(ingestProblems([deployment('ingest-a', goodContainer, { replicas: 2, strategy: { type: 'RollingUpdate' } })], ['a', 'b'])).toHaveLength(3);
  });
});
