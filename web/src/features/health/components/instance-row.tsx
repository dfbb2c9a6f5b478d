import type { InstanceHealth } from '@trendstream/contracts/api-types';
import { formatAge, formatRate } from '../../../lib/format';
import { InstanceStateBadge } from './instance-state-badge';

/** What a stale source says instead of its last state: that state is no longer true, the ingest is gone or silent. */
export function staleSourceText(reportAgeSeconds: number | undefined): string {
  return reportAgeSeconds === undefined ? 'No recent report — ingest down?' : `No report for ${formatAge(reportAgeSeconds)} — ingest down?`;
}

const NETWORK_NAMES: Record<string, string> = { mastodon: 'Mastodon', bluesky: 'Bluesky', x: 'X' };

/** The source's network, as a small label before its name (older ingests do not say: then nothing). */
function NetworkLabel({ network }: { network: string | undefined }) {
  if (network === undefined) return null;
  return <span className="instances__network">{NETWORK_NAMES[network] ?? network}</span>;
}

/** One source in the Sources table: its state as last reported, or, once that report is stale, that it is silent. */
export function InstanceRow({ instance }: { instance: InstanceHealth }) {
  const lastReport = instance.reportAgeSeconds === undefined ? undefined : `Last report ${formatAge(instance.reportAgeSeconds)} ago`;
  if (instance.stale) {
    return (
      <tr className="instances__row--stale">
        <th scope="row">
          <NetworkLabel network={instance.network} />
          <span className="instances__name">{instance.instance}</span>
          <span className="instances__detail instances__detail--bad">{staleSourceText(instance.reportAgeSeconds)}</span>
        </th>
        <td title={`Last reported state: ${instance.state}`}>
          <span className="badge badge--bad">No report</span>
        </td>
        <td className="numeric">–</td>
      </tr>
    );
  }
  return (
    <tr>
      <th scope="row">
        <NetworkLabel network={instance.network} />
        <span className="instances__name">{instance.instance}</span>
        {instance.detail && <span className="instances__detail">{instance.detail}</span>}
      </th>
      <td title={lastReport}>
        <InstanceStateBadge state={instance.state} />
      </td>
      <td className="numeric">{instance.postsPerSecond === undefined ? '–' : formatRate(instance.postsPerSecond)}</td>
    </tr>
  );
}
