export interface PartitionRange {
  /** The partition's first offset still held by the broker. */
  low: number;
  /** The offset the next message written to the partition will get. */
  high: number;
}

export interface ResumePoint {
  partition: number;
  /** Where to seek the consumer. */
  offset: number;
  /** The offset stored in MySQL, if any. */
  stored: number | undefined;
  /**
   * The stored offset lies past the end of the partition: the topic was created again or the broker's data
   * wiped while MySQL kept its offsets. Kept, it would make the new topic's first messages look applied.
   */
  pastEnd: boolean;
}

/**
 * Where counting resumes a partition: at the offset stored in MySQL (Kafka's committed offsets are only a
 * hint), at the partition's start when nothing is stored or the stored offset was removed by retention, and
 * at the start again when the stored offset is past the end. Seeking earlier than needed is safe (the
 * transaction skips what is already applied); later never is.
 */
export function resumePoint(partition: number, stored: number | undefined, range: PartitionRange): ResumePoint {
  const pastEnd = stored !== undefined && stored > range.high;
  const offset = pastEnd || stored === undefined || stored < range.low ? range.low : stored;
  return { partition, offset, stored, pastEnd };
}
