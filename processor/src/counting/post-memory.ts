/**
 * What the processor remembers of every post inside the retention horizon: enough to count it once (dedupe by
 * identity) and to take its words back when it is deleted or edited. Stored in MySQL (`counted_posts`) in the
 * same transaction as the counts it explains.
 */
export type MemoryKind =
  /** Counted: its words are in the buckets, under `scopes`. */
  | 'counted'
  /** A boost: seen (so it counts once) but it added no words. */
  | 'boost'
  /** Deleted: its words were taken back, or the deletion came before the post and the post must never count. */
  | 'deleted'
  /** Counted before the processor remembered words (a database from before schema version 2): it cannot be taken back. */
  | 'unremembered';

export interface RememberedPost {
  uriHash: string;
  /** The event time the post counts at; for a deletion that came before its post, when the deletion arrived. */
  eventTime: number;
  kind: MemoryKind;
  lang: string;
  /** Every scope it was counted under: '' (all posts) and the followed hashtags it carried at the time. */
  scopes: readonly string[];
  tokens: readonly string[];
}

const KIND_CODES: Readonly<Record<MemoryKind, number>> = { counted: 0, boost: 1, deleted: 2, unremembered: 3 };
const KINDS_BY_CODE: readonly MemoryKind[] = ['counted', 'boost', 'deleted', 'unremembered'];

export function memoryKindCode(kind: MemoryKind): number {
  return KIND_CODES[kind];
}

/** An unknown code is read as 'unremembered': never taken back, never counted again. */
export function memoryKindOf(code: number): MemoryKind {
  return KINDS_BY_CODE[code] ?? 'unremembered';
}

/** A deletion that arrived before its post: the post, when it comes, counts as already seen. */
export function tombstone(uriHash: string, arrivedAt: number): RememberedPost {
  return { uriHash, eventTime: arrivedAt, kind: 'deleted', lang: '', scopes: [], tokens: [] };
}
