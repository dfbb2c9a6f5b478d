import { parseHashtag } from '@trendstream/contracts/hashtag';
import { useId, useState, type FormEvent } from 'react';

/** What happened to a follow request: done, refused because of the token (shown by the token field), or an error for this field. */
export type FollowOutcome = { kind: 'followed' } | { kind: 'token-problem' } | { kind: 'error'; message: string };

export interface AddHashtagFormProps {
  followed: readonly string[];
  onFollow: (tag: string) => Promise<FollowOutcome>;
}

function sentence(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1) + (/[.!?]$/u.test(text) ? '' : '.');
}

/**
 * Validates as the server does (the shared parseHashtag mirrors Mastodon's rules) before sending, and shows
 * the server's own message inline when it still refuses.
 */
export function AddHashtagForm({ followed, onFollow }: AddHashtagFormProps) {
  const inputId = useId();
  const hintId = useId();
  const errorId = useId();
  const [value, setValue] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [attempted, setAttempted] = useState(false);
  const [busy, setBusy] = useState(false);

  const check = parseHashtag(value);
  const preview = check.ok && check.tag !== value.trim().replace(/^[#＃]/u, '') ? `Will follow #${check.tag}` : null;

  const validate = (input: string): string | null => {
    const result = parseHashtag(input);
    if (!result.ok) return sentence(result.reason);
    if (followed.includes(result.tag)) return `#${result.tag} is already followed.`;
    return null;
  };

  const submit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    setAttempted(true);
    const problem = validate(value);
    setError(problem);
    if (problem || !check.ok) return;
    setBusy(true);
    try {
      const outcome = await onFollow(check.tag);
      if (outcome.kind === 'followed') {
        setValue('');
        setAttempted(false);
      } else if (outcome.kind === 'error') {
        setError(outcome.message);
      }
    } finally {
      setBusy(false);
    }
  };

  return (
    <form className="add-hashtag" noValidate onSubmit={(event) => void submit(event)}>
      <label className="field-label" htmlFor={inputId}>
        Follow a hashtag
      </label>
      <div className="add-hashtag__row">
        <div className="input-with-prefix">
          <span className="input-with-prefix__prefix" aria-hidden="true">
            #
          </span>
          <input
            id={inputId}
            name="hashtag"
            type="text"
            autoComplete="off"
            autoCapitalize="none"
            spellCheck={false}
            maxLength={120}
            value={value}
            aria-invalid={error ? true : undefined}
            aria-describedby={error ? `${errorId} ${hintId}` : hintId}
            onChange={(event) => {
              setValue(event.target.value);
              // After a failed submit, clear or update the message as the person fixes the input.
              if (attempted) setError(validate(event.target.value));
            }}
          />
        </div>
        <button type="submit" className="button button--primary" disabled={busy}>
          {busy ? 'Following…' : 'Follow'}
        </button>
      </div>
      <p id={hintId} className="field-hint">
        {preview ?? 'Letters, digits and underscores, with at least one letter.'}
      </p>
      {error && (
        <p id={errorId} className="field-error" role="alert">
          {error}
        </p>
      )}
    </form>
  );
}
