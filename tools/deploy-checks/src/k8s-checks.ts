// What Trendstream needs of its Kubernetes manifests, checked on the rendered objects (k8s-support.ts renders and
// validates them against the schemas). Pure: each check returns its problems, one line each.

export interface K8sObject {
  apiVersion: string;
  kind: string;
  metadata?: { name?: string; namespace?: string };
  data?: Record<string, string>;
  stringData?: Record<string, string>;
  spec?: Record<string, unknown>;
}

interface EnvVar {
  name: string;
  value?: string;
  valueFrom?: { secretKeyRef?: { name: string; key: string; optional?: boolean }; configMapKeyRef?: { name: string; key: string } };
}

interface Probe {
  httpGet?: { path?: string; port?: number | string };
  exec?: unknown;
  tcpSocket?: unknown;
}

export interface Container {
  name: string;
  image?: string;
  env?: EnvVar[];
  envFrom?: Array<{ configMapRef?: { name: string }; secretRef?: { name: string } }>;
  securityContext?: { runAsNonRoot?: boolean; allowPrivilegeEscalation?: boolean; capabilities?: { drop?: string[] }; readOnlyRootFilesystem?: boolean };
  resources?: { requests?: { cpu?: string; memory?: string }; limits?: { memory?: string } };
  readinessProbe?: Probe;
  livenessProbe?: Probe;
  startupProbe?: Probe;
}

interface PodSpec {
  securityContext?: { runAsNonRoot?: boolean };
  containers: Container[];
}

export interface Workload {
  kind: string;
  name: string;
  replicas: number | undefined;
  strategy: string | undefined;
  pod: PodSpec;
}

const nameOf = (object: K8sObject) => `${object.kind}/${object.metadata?.name ?? '(no name)'}`;

/** The Deployments and StatefulSets, with their pod specs. */
export function workloads(objects: readonly K8sObject[]): Workload[] {
  return objects
    .filter((object) => object.kind === 'Deployment' || object.kind === 'StatefulSet')
    .map((object) => {
      const spec = object.spec as { replicas?: number; strategy?: { type?: string }; template: { spec: PodSpec } };
      return { kind: object.kind, name: object.metadata?.name ?? '', replicas: spec.replicas, strategy: spec.strategy?.type, pod: spec.template.spec };
    });
}

/** Non-root, no privilege escalation, no capabilities, resources and probes on every container. */
export function podProblems(objects: readonly K8sObject[]): string[] {
  const problems: string[] = [];
  for (const workload of workloads(objects)) {
    for (const container of workload.pod.containers) {
      const where = `${workload.kind}/${workload.name} container ${container.name}`;
      const context = container.securityContext ?? {};
      if (context.runAsNonRoot !== true && workload.pod.securityContext?.runAsNonRoot !== true) problems.push(`${where}: may run as root (set runAsNonRoot)`);
      if (context.allowPrivilegeEscalation !== false) problems.push(`${where}: allowPrivilegeEscalation is not false`);
      if (!context.capabilities?.drop?.includes('ALL')) problems.push(`${where}: does not drop ALL capabilities`);
      if (!container.resources?.requests?.cpu || !container.resources.requests.memory) problems.push(`${where}: no CPU and memory request`);
      if (!container.resources?.limits?.memory) problems.push(`${where}: no memory limit`);
      if (!container.readinessProbe) problems.push(`${where}: no readiness probe`);
      if (!container.livenessProbe) problems.push(`${where}: no liveness probe`);
    }
  }
  return problems;
}

/** The probes of `container` that ask over HTTP, and the paths they ask. */
export function probePaths(container: Container): string[] {
  return [container.startupProbe, container.readinessProbe, container.livenessProbe].flatMap((probe) => (probe?.httpGet?.path ? [probe.httpGet.path] : []));
}

/**
 * Every secret a container reads exists among the objects (`external`: is the one secret the docs tell users to
 * make by hand) and no Secret object carries values, unless secrets are generated (a development overlay).
 */
export function secretProblems(objects: readonly K8sObject[], options: { external: string | null }): string[] {
  const problems: string[] = [];
  const secrets = new Set(objects.filter((object) => object.kind === 'Secret').map((object) => object.metadata?.name ?? ''));
  for (const workload of workloads(objects)) {
    for (const container of workload.pod.containers) {
      const names = [
        ...(container.env ?? []).flatMap((variable) => (variable.valueFrom?.secretKeyRef ? [variable.valueFrom.secretKeyRef.name] : [])),
        ...(container.envFrom ?? []).flatMap((source) => (source.secretRef ? [source.secretRef.name] : [])),
      ];
      for (const name of names) {
        const known = options.external === null ? secrets.has(name) : name === options.external;
        if (!known)
          problems.push(
            `${workload.kind}/${workload.name} container ${container.name}: reads secret ${name}, which ${options.external === null ? 'is not among the objects' : `is not ${options.external}`}`,
          );
      }
    }
  }
  if (options.external !== null)
    for (const name of secrets) problems.push(`Secret/${name}: secret values in the repository (make it by hand, as docs/deployment.md says)`);
  return problems;
}

/**
 * The environment a container starts with, as Kubernetes builds it: `envFrom` config maps first, then `env`, with
 * `$(NAME)` references expanded; secrets read as `secret:<name>/<key>` placeholders (their values are not here).
 */
export function containerEnvironment(container: Container, objects: readonly K8sObject[]): Record<string, string> {
  const configMaps = new Map(objects.filter((object) => object.kind === 'ConfigMap').map((object) => [object.metadata?.name ?? '', object.data ?? {}]));
  const env: Record<string, string> = {};
  for (const source of container.envFrom ?? []) if (source.configMapRef) Object.assign(env, configMaps.get(source.configMapRef.name) ?? {});
  for (const variable of container.env ?? []) {
    const secret = variable.valueFrom?.secretKeyRef;
    const configKey = variable.valueFrom?.configMapKeyRef;
    if (secret) env[variable.name] = `secret-${secret.key.toLowerCase().replaceAll('_', '-')}`;
    else if (configKey) env[variable.name] = configMaps.get(configKey.name)?.[configKey.key] ?? '';
    else env[variable.name] = (variable.value ?? '').replace(/\$\(([A-Za-z_][A-Za-z0-9_]*)\)/gu, (whole, name: string) => env[name] ?? whole);
  }
  return env;
}

/** The container of the Deployment `name` (its first). */
export function deploymentContainer(objects: readonly K8sObject[], name: string): Container | undefined {
  return workloads(objects).find((workload) => workload.kind === 'Deployment' && workload.name === name)?.pod.containers[0];
}

/**
 * The processor scales on the lag of its own consumer group and topic, up to one replica per partition; the apps'
 * broker address is the Strimzi cluster's bootstrap service, and KEDA's the same service qualified by namespace.
 */
export function scalingProblems(objects: readonly K8sObject[], processorEnv: Record<string, string>): string[] {
  const problems: string[] = [];
  const prefix = processorEnv.TOPIC_PREFIX ?? '';
  const scaled = objects.filter((object) => object.kind === 'ScaledObject');
  if (scaled.length !== 1) return [`expected one ScaledObject for the processor, found ${scaled.length}`];
  const spec = scaled[0]!.spec as {
    scaleTargetRef?: { name?: string };
    maxReplicaCount?: number;
    triggers?: Array<{ type?: string; metadata?: Record<string, string> }>;
  };
  if (spec.scaleTargetRef?.name !== 'processor') problems.push(`${nameOf(scaled[0]!)}: scales ${spec.scaleTargetRef?.name}, not the processor`);
  const partitions = Number(processorEnv.POSTS_PARTITIONS);
  if (!(Number(spec.maxReplicaCount) <= partitions))
    problems.push(`${nameOf(scaled[0]!)}: maxReplicaCount ${spec.maxReplicaCount} exceeds the ${partitions} partitions of posts`);
  const trigger = spec.triggers?.find((each) => each.type === 'kafka')?.metadata;
  if (!trigger) return [...problems, `${nameOf(scaled[0]!)}: no kafka trigger`];
  const group = processorEnv.CONSUMER_GROUP || `${prefix}trendstream-processor`;
  if (trigger.consumerGroup !== group) problems.push(`${nameOf(scaled[0]!)}: follows consumer group ${trigger.consumerGroup}, the processor's is ${group}`);
  if (trigger.topic !== `${prefix}posts`) problems.push(`${nameOf(scaled[0]!)}: follows topic ${trigger.topic}, the processor reads ${prefix}posts`);
  const kafka = objects.find((object) => object.kind === 'Kafka');
  const listener = (kafka?.spec as { kafka?: { listeners?: Array<{ port?: number; tls?: boolean; type?: string }> } } | undefined)?.kafka?.listeners?.find(
    (each) => each.type === 'internal' && each.tls === false,
  );
  const bootstrap = `${kafka?.metadata?.name}-kafka-bootstrap:${listener?.port}`;
  if (processorEnv.KAFKA_BROKERS !== bootstrap)
    problems.push(`KAFKA_BROKERS is ${processorEnv.KAFKA_BROKERS}; the Kafka cluster's plain bootstrap is ${bootstrap}`);
  // KEDA's operator runs in a namespace of its own: the short service name would not resolve there.
  const qualified = `${kafka?.metadata?.name}-kafka-bootstrap.${scaled[0]!.metadata?.namespace}.svc:${listener?.port}`;
  if (trigger.bootstrapServers !== qualified)
    problems.push(`${nameOf(scaled[0]!)}: asks ${trigger.bootstrapServers}; from KEDA's namespace the bootstrap is ${qualified}`);
  return problems;
}

/** One reader per source: a second copy would read every post twice; a rolling update would run two at once. */
export function ingestProblems(objects: readonly K8sObject[], sources: readonly string[]): string[] {
  return sources.flatMap((source) => {
    const workload = workloads(objects).find((each) => each.kind === 'Deployment' && each.name === `ingest-${source}`);
    if (!workload) return [`no Deployment ingest-${source}`];
    const problems: string[] = [];
    if (workload.replicas !== 1) problems.push(`Deployment/ingest-${source}: ${workload.replicas} replicas, not 1`);
    if (workload.strategy !== 'Recreate') problems.push(`Deployment/ingest-${source}: strategy ${workload.strategy}, not Recreate`);
    return problems;
  });
}
