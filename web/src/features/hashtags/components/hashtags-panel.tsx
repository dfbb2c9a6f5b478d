import { useId, useRef, useState } from 'react';
import { ApiError } from '../../../lib/api-client';
import type { AdminTokenStore } from '../admin-token';
import { followHashtag, unfollowHashtag } from '../api/hashtags-api';
import type { FollowedHashtags } from '../hooks/use-followed-hashtags';
import { AddHashtagForm, type FollowOutcome } from './add-hashtag-form';
import { AdminTokenField } from './admin-token-field';

export interface HashtagWriter {
  follow: (tag: string, token: string) => Promise<void>;
  unfollow: (tag: string, token: string) => Promise<void>;
}

const httpWriter: HashtagWriter = { follow: followHashtag, unfollow: unfollowHashtag };

export interface HashtagsPanelProps {
  followed: FollowedHashtags;
  tokenStore: AdminTokenStore;
  writer?: HashtagWriter;
}

/** Says what to do about the token first, then what the server said. */
function tokenMessage(status: number, token: string, serverMessage: string): string {
  if (status === 503) return serverMessage;
  return token ? `The server refused this admin token. ${serverMessage}` : `Enter the admin token to change hashtags. ${serverMessage}`;
}

type WriteResult = { ok: true } | { ok: false; tokenProblem: boolean; message: string };

export function HashtagsPanel({ followed, tokenStore, writer = httpWriter }: HashtagsPanelProps) {
  const headingId = useId();
  const [savedToken, setSavedToken] = useState(() => tokenStore.get());
  const [draft, setDraft] = useState('');
  const [tokenError, setTokenError] = useState<string | null>(null);
  const [announcement, setAnnouncement] = useState('');
  const tokenInputRef = useRef<HTMLInputElement>(null);

  /** Runs a write with the saved token or the one being typed; keeps the token once the server accepts it. */
  const write = async (action: (tag: string, token: string) => Promise<void>, tag: string): Promise<WriteResult> => {
    const token = savedToken || draft.trim();
    try {
      await action(tag, token);
      if (!savedToken && token) {
        tokenStore.set(token);
        setSavedToken(token);
        setDraft('');
      }
      setTokenError(null);
      return { ok: true };
    } catch (error) {
      const apiError = error instanceof ApiError ? error : null;
      const message = apiError?.message ?? (error instanceof Error ? error.message : String(error));
      // 401: missing or wrong token; 503: the server has none configured. Both are about the token, not the tag.
      if (apiError && (apiError.status === 401 || apiError.status === 503)) {
        tokenStore.clear();
        setSavedToken('');
        setTokenError(tokenMessage(apiError.status, token, message));
        // Wait for the field to render before moving focus to it.
        requestAnimationFrame(() => tokenInputRef.current?.focus());
        return { ok: false, tokenProblem: true, message };
      }
      return { ok: false, tokenProblem: false, message };
    }
  };

  const follow = async (tag: string): Promise<FollowOutcome> => {
    const result = await write(writer.follow, tag);
    if (result.ok) {
      followed.markAdded(tag);
      setAnnouncement(`Now following #${tag}.`);
      return { kind: 'followed' };
    }
    setAnnouncement('');
    return result.tokenProblem ? { kind: 'token-problem' } : { kind: 'error', message: result.message };
  };

  const unfollow = async (tag: string) => {
    const result = await write(writer.unfollow, tag);
    if (result.ok) {
      followed.markRemoved(tag);
      setAnnouncement(`Stopped following #${tag}.`);
    } else if (!result.tokenProblem) {
      setAnnouncement(`Could not stop following #${tag}: ${result.message}`);
    }
  };

  const removing = new Set(followed.removing);
  const shown = [...new Set([...followed.hashtags, ...followed.adding])].sort();

  return (
    <section className="card hashtags" aria-labelledby={headingId}>
      <header className="card__header">
        <h2 id={headingId}>Followed hashtags</h2>
      </header>
      {followed.error && !followed.loaded && <p className="notice notice--error">Hashtags could not be loaded: {followed.error.message}</p>}
      {followed.loaded && shown.length === 0 && (
        <p className="empty">No hashtags followed yet. Posts with a followed hashtag are streamed from every instance.</p>
      )}
      {!followed.loaded && !followed.error && <p className="empty">Loading…</p>}
      {shown.length > 0 && (
        <ul className="tag-list" aria-label="Followed hashtags">
          {shown.map((tag) => {
            const pending = followed.adding.includes(tag) ? 'adding…' : removing.has(tag) ? 'removing…' : null;
            return (
              <li key={tag} className="tag-list__item" data-tag={tag}>
                <span className="tag-list__name">#{tag}</span>
                {pending && <span className="badge badge--muted">{pending}</span>}
                <button
                  type="button"
                  className="button button--ghost button--small"
                  aria-label={`Stop following #${tag}`}
                  disabled={removing.has(tag)}
                  onClick={() => void unfollow(tag)}
                >
                  Remove
                </button>
              </li>
            );
          })}
        </ul>
      )}
      <AddHashtagForm followed={followed.hashtags} onFollow={follow} />
      <AdminTokenField
        saved={savedToken !== ''}
        draft={draft}
        error={tokenError}
        inputRef={tokenInputRef}
        onDraftChange={(value) => {
          setDraft(value);
          setTokenError(null);
        }}
        onForget={() => {
          tokenStore.clear();
          setSavedToken('');
        }}
      />
      <p className="hashtags__status" role="status">
        {announcement}
      </p>
    </section>
  );
}
