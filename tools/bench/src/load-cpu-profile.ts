import { writeFileSync } from 'node:fs';
import { Session } from 'node:inspector/promises';

interface ProfileNode {
  callFrame: { functionName: string; url: string; lineNumber: number };
  hitCount?: number;
}

export interface ProfileSummary {
  /** Self time by package (socket.io, ws, mysql2...), by workspace file, or by V8 state ((idle), (garbage collector)). */
  byArea: Array<{ area: string; selfPercent: number }>;
  topFunctions: Array<{ name: string; selfPercent: number }>;
}

function areaOf({ functionName, url }: ProfileNode['callFrame']): string {
  // V8 states ((idle), (garbage collector), (program)), or a native function such as a socket's writeBuffer.
  if (url === '') return functionName.startsWith('(') ? functionName : `(native) ${functionName}`;
  const dependency = /node_modules\/((?:@[^/]+\/)?[^/]+)/u.exec(url)?.[1];
  if (dependency) return dependency;
  const workspace = /\/(processor|packages\/[a-z-]+|tools\/[a-z-]+)\/dist\/(.+)\.js$/u.exec(url);
  if (workspace) return `${workspace[1] ?? ''}/${workspace[2] ?? ''}`;
  return url.startsWith('node:') ? 'node:internal' : url;
}

/** Self time per area and per function of a V8 CPU profile. */
export function summarizeProfile(profile: { nodes: ProfileNode[] }, top = 12): ProfileSummary {
  const byArea = new Map<string, number>();
  const byFunction = new Map<string, number>();
  let total = 0;
  for (const node of profile.nodes) {
    const hits = node.hitCount ?? 0;
    if (hits === 0) continue;
    total += hits;
    const area = areaOf(node.callFrame);
    byArea.set(area, (byArea.get(area) ?? 0) + hits);
    const name = `${node.callFrame.functionName || '(anonymous)'} ${area}:${node.callFrame.lineNumber + 1}`;
    byFunction.set(name, (byFunction.get(name) ?? 0) + hits);
  }
  const rank = (entries: Map<string, number>) =>
    [...entries.entries()]
      .sort((a, b) => b[1] - a[1])
      .slice(0, top)
      .map(([name, hits]) => [name, Math.round((1000 * hits) / Math.max(1, total)) / 10] as const);
  return {
    byArea: rank(byArea).map(([area, selfPercent]) => ({ area, selfPercent })),
    topFunctions: rank(byFunction).map(([name, selfPercent]) => ({ name, selfPercent })),
  };
}

/** A sampling CPU profile of this process, started and stopped on request. */
export class CpuProfiler {
  private session: Session | undefined;

  async start(): Promise<void> {
    this.session = new Session();
    this.session.connect();
    await this.session.post('Profiler.enable');
    await this.session.post('Profiler.setSamplingInterval', { interval: 1000 });
    await this.session.post('Profiler.start');
  }

  /** Stops, writes the profile to `file` (when given) and returns its summary. */
  async stop(file?: string): Promise<ProfileSummary | null> {
    const session = this.session;
    if (!session) return null;
    this.session = undefined;
    const { profile } = await session.post('Profiler.stop');
    session.disconnect();
    if (file) writeFileSync(file, JSON.stringify(profile));
    return summarizeProfile(profile);
  }
}
