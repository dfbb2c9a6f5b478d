import type { InstanceState } from '@trendstream/contracts/api-types';

const STATES: Record<InstanceState, { label: string; tone: 'good' | 'warn' | 'bad' | 'muted' }> = {
  starting: { label: 'Starting', tone: 'muted' },
  streaming: { label: 'Streaming', tone: 'good' },
  polling: { label: 'Polling', tone: 'warn' },
  'backing-off': { label: 'Backing off', tone: 'warn' },
  unauthorized: { label: 'Unauthorized', tone: 'bad' },
  disabled: { label: 'Disabled', tone: 'bad' },
  stopped: { label: 'Stopped', tone: 'muted' },
};

export function InstanceStateBadge({ state }: { state: InstanceState }) {
  const known = STATES[state] as (typeof STATES)[InstanceState] | undefined;
  return <span className={`badge badge--${known?.tone ?? 'muted'}`}>{known?.label ?? state}</span>;
}
