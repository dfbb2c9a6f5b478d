import { useId, type RefObject } from 'react';

export interface AdminTokenFieldProps {
  saved: boolean;
  draft: string;
  error: string | null;
  inputRef: RefObject<HTMLInputElement | null>;
  onDraftChange: (value: string) => void;
  onForget: () => void;
}

/** Asks for the admin token until one is accepted; then only offers to forget it. */
export function AdminTokenField({ saved, draft, error, inputRef, onDraftChange, onForget }: AdminTokenFieldProps) {
  const inputId = useId();
  const hintId = useId();
  const errorId = useId();
  if (saved) {
    return (
      <p className="token-saved">
        <span>Admin token saved for this session.</span>
        <button type="button" className="button button--link" onClick={onForget}>
          Forget token
        </button>
      </p>
    );
  }
  return (
    <div className="token-field">
      <label className="field-label" htmlFor={inputId}>
        Admin token
      </label>
      <input
        ref={inputRef}
        id={inputId}
        name="admin-token"
        type="password"
        autoComplete="off"
        spellCheck={false}
        value={draft}
        aria-invalid={error ? true : undefined}
        aria-describedby={error ? `${errorId} ${hintId}` : hintId}
        onChange={(event) => onDraftChange(event.target.value)}
      />
      <p id={hintId} className="field-hint">
        Needed to change hashtags (ADMIN_TOKEN on the server); kept only until this tab closes.
      </p>
      {error && (
        <p id={errorId} className="field-error" role="alert">
          {error}
        </p>
      )}
    </div>
  );
}
