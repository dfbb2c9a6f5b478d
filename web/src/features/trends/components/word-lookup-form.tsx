import { useId, useState } from 'react';
import { parseLookup } from '../word-lookup';

export interface WordLookupFormProps {
  onLookUp: (word: string) => void;
}

/** Opens the series of any word, not only the listed ones; the word is normalized as the counting stores it. */
export function WordLookupForm({ onLookUp }: WordLookupFormProps) {
  const inputId = useId();
  const errorId = useId();
  const [text, setText] = useState('');
  const [error, setError] = useState<string | null>(null);
  return (
    <form
      className="lookup"
      role="search"
      onSubmit={(event) => {
        event.preventDefault();
        const result = parseLookup(text);
        if (!result.ok) {
          setError(result.reason);
          return;
        }
        setError(null);
        onLookUp(result.word);
      }}
    >
      <label className="controls__label" htmlFor={inputId}>
        Look up a word
      </label>
      <div className="lookup__row">
        <input
          id={inputId}
          type="search"
          name="word"
          autoComplete="off"
          spellCheck={false}
          placeholder="coffee or #hashtag"
          value={text}
          aria-invalid={error ? true : undefined}
          aria-describedby={error ? errorId : undefined}
          onChange={(event) => {
            setText(event.target.value);
            setError(null);
          }}
        />
        <button type="submit" className="button button--ghost">
          Show
        </button>
      </div>
      {error && (
        <p id={errorId} className="field-error" role="alert">
          {error}
        </p>
      )}
    </form>
  );
}
