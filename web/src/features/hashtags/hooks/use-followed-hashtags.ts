import { useCallback, useMemo, useState } from 'react';
import { usePolling } from '../../../lib/use-polling';
import { listHashtags } from '../api/hashtags-api';

/** Refresh rarely when nothing is happening, quickly while a change we made is not yet visible. */
const IDLE_REFRESH_MS = 10_000;
const PENDING_REFRESH_MS = 1_000;
/** A change the server still does not show after this long is no longer marked pending. */
const PENDING_GIVE_UP_MS = 30_000;

interface PendingChange {
  tag: string;
  kind: 'adding' | 'removing';
  since: number;
}

export interface FollowedHashtags {
  /** What the server reports as followed. */
  hashtags: readonly string[];
  /** Tags we added or removed that the server's list does not reflect yet. */
  adding: readonly string[];
  removing: readonly string[];
  error: Error | undefined;
  loaded: boolean;
  markAdded: (tag: string) => void;
  markRemoved: (tag: string) => void;
}

export function useFollowedHashtags(): FollowedHashtags {
  const [changes, setChanges] = useState<PendingChange[]>([]);
  const [hasOpenChanges, setHasOpenChanges] = useState(false);
  const polled = usePolling('hashtags', listHashtags, hasOpenChanges ? PENDING_REFRESH_MS : IDLE_REFRESH_MS);
  const { refresh, data, updatedAt } = polled;
  const hashtags = useMemo(() => [...(data?.hashtags ?? [])].sort(), [data]);

  // A change is pending until the server's list shows it (or for a while at most, whatever the list says).
  const open = useMemo(() => {
    if (!data || updatedAt === undefined) return changes;
    const followed = new Set(data.hashtags);
    return changes.filter((change) => followed.has(change.tag) !== (change.kind === 'adding') && updatedAt - change.since < PENDING_GIVE_UP_MS);
  }, [changes, data, updatedAt]);
  if (hasOpenChanges !== open.length > 0) setHasOpenChanges(open.length > 0);

  const mark = useCallback(
    (tag: string, kind: PendingChange['kind']) => {
      setChanges((previous) => [...previous.filter((change) => change.tag !== tag), { tag, kind, since: Date.now() }]);
      refresh();
    },
    [refresh],
  );
  const markAdded = useCallback((tag: string) => mark(tag, 'adding'), [mark]);
  const markRemoved = useCallback((tag: string) => mark(tag, 'removing'), [mark]);
  const adding = useMemo(() => open.filter((change) => change.kind === 'adding').map((change) => change.tag), [open]);
  const removing = useMemo(() => open.filter((change) => change.kind === 'removing').map((change) => change.tag), [open]);

  return { hashtags, adding, removing, error: polled.error, loaded: data !== undefined, markAdded, markRemoved };
}
