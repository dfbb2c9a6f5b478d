import type { InstanceHealth } from '@trendstream/contracts/api-types';

/**
 * Judges a source's last report on `ingest.status` against the processor's clock. The ingest republishes every
 * source's state every INGEST_STATUS_INTERVAL_MS (30 s by default), so a report older than a few of those means
 * the ingest is gone, hung or cut off from Kafka, and its last state ("streaming") is no longer true.
 *
 * `stopped` is never stale: it is the ingest's last word on a source it stopped (a clean shutdown publishes it
 * for every source, a reader that failed says so in `detail`), after which no report is due. Its age is served all
 * the same. Terminal states an ingest keeps through shutdown (unauthorized, disabled) do go stale: the source
 * needed fixing anyway, and its ingest is now gone too.
 *
 * A report whose `updatedAt` cannot be read is stale (nothing says the ingest is alive) and has no age. An
 * ingest clock ahead of the processor's gives age 0 rather than a negative one.
 */
export function judgeSourceReport(report: InstanceHealth, now: number, staleAfterMs: number): InstanceHealth {
  // Whatever the record carried in these two fields is not the ingest's to say.
  const { stale: _stale, reportAgeSeconds: _age, ...reported } = report;
  const reportedAt = Date.parse(report.updatedAt);
  const expectsReports = report.state !== 'stopped';
  if (Number.isNaN(reportedAt)) return { ...reported, stale: expectsReports };
  const ageMs = Math.max(0, now - reportedAt);
  return { ...reported, stale: expectsReports && ageMs > staleAfterMs, reportAgeSeconds: Math.round(ageMs / 100) / 10 };
}

/** Every source's last report, judged; `anyStale` turns /api/health's status to degraded. */
export function judgeSourceReports(reports: readonly InstanceHealth[], now: number, staleAfterMs: number): { instances: InstanceHealth[]; anyStale: boolean } {
  const instances = reports.map((report) => judgeSourceReport(report, now, staleAfterMs));
  return { instances, anyStale: instances.some((instance) => instance.stale === true) };
}
