import type { HealthResponse } from '@trendstream/contracts/api-types';
import { useId, useState } from 'react';
import { formatAge, formatCount, formatRate } from '../../../lib/format';
import { InstanceRow } from './instance-row';
import { ReplayBadge } from './replay-badge';

export interface HealthPanelProps {
  health: HealthResponse | undefined;
  error: Error | undefined;
}

/** What "late posts" means, and what to do about a large number (health.latePosts). */
export const LATE_POSTS_HELP =
  "Posts that arrived older than the windows' horizon (the newest event time less the allowed lateness) and were not counted. When replaying an old file, use --shift-to-now.";

interface MetricHelp {
  text: string;
  id: string;
  open: boolean;
  onToggle: () => void;
}

function Metric({ label, value, warn = false, help }: { label: string; value: string; warn?: boolean; help?: MetricHelp }) {
  return (
    <div className={warn ? 'metric metric--warn' : 'metric'} title={help?.text}>
      <dt>
        {label}
        {help && (
          <button
            type="button"
            className="metric__help-button"
            aria-label={`What are ${label.toLowerCase()}?`}
            aria-expanded={help.open}
            aria-controls={help.id}
            onClick={help.onToggle}
          >
            ?
          </button>
        )}
      </dt>
      <dd>{value}</dd>
    </div>
  );
}

export function HealthPanel({ health, error }: HealthPanelProps) {
  const headingId = useId();
  const instancesId = useId();
  const lateHelpId = useId();
  const [lateHelpOpen, setLateHelpOpen] = useState(false);
  return (
    <section className="card health" aria-labelledby={headingId}>
      <header className="card__header">
        <h2 id={headingId}>Status</h2>
        <ReplayBadge replay={health?.replay} />
      </header>
      {error && <p className="notice notice--error">Health could not be loaded: {error.message}</p>}
      {!health && !error && <p className="empty">Loading…</p>}
      {health && (
        <>
          <ul className="dependencies" aria-label="Dependencies">
            <li>
              Kafka <span className={`badge badge--${health.kafka === 'up' ? 'good' : 'bad'}`}>{health.kafka}</span>
            </li>
            <li>
              MySQL <span className={`badge badge--${health.mysql === 'up' ? 'good' : 'bad'}`}>{health.mysql}</span>
            </li>
          </ul>
          <dl className="metrics">
            <Metric label="Posts / s" value={formatRate(health.postsPerSecond)} />
            <Metric
              label="Consumer lag"
              value={health.consumerLag === null ? '–' : formatCount(health.consumerLag)}
              warn={(health.consumerLag ?? 0) > 10_000}
            />
            <Metric
              label="Watermark age"
              value={health.watermarkAgeSeconds === null ? '–' : formatAge(health.watermarkAgeSeconds)}
              warn={(health.watermarkAgeSeconds ?? 0) > 60}
            />
            <Metric
              label="Late posts"
              value={formatCount(health.latePosts)}
              help={{ text: LATE_POSTS_HELP, id: lateHelpId, open: lateHelpOpen, onToggle: () => setLateHelpOpen((open) => !open) }}
            />
            <Metric label="Dead letters" value={formatCount(health.deadLetters)} warn={health.deadLetters > 0} />
          </dl>
          <p id={lateHelpId} className="metric-help" hidden={!lateHelpOpen}>
            <strong>Late posts:</strong> {LATE_POSTS_HELP}
          </p>
          <h3 id={instancesId} className="health__subheading">
            Sources
          </h3>
          {health.instances.length === 0 ? (
            <p className="empty">{health.replay ? 'No live instances: the data comes from a replay.' : 'No live instances configured (MASTODON_INSTANCES).'}</p>
          ) : (
            <div className="table-scroll">
              <table className="instances" aria-labelledby={instancesId}>
                <thead>
                  <tr>
                    <th scope="col">Instance</th>
                    <th scope="col">State</th>
                    <th scope="col" className="numeric">
                      Posts / s
                    </th>
                  </tr>
                </thead>
                <tbody>
                  {health.instances.map((instance) => (
                    <InstanceRow key={instance.instance} instance={instance} />
                  ))}
                </tbody>
              </table>
            </div>
          )}
        </>
      )}
    </section>
  );
}
