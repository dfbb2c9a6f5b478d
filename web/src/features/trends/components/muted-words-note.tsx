export interface MutedWordsNoteProps {
  words: readonly string[];
  onUnmute: (word: string) => void;
}

/** Says how many words are hidden from the lists, and lets them back. */
export function MutedWordsNote({ words, onUnmute }: MutedWordsNoteProps) {
  if (words.length === 0) return null;
  return (
    <details className="muted-words">
      <summary>
        {words.length === 1 ? '1 muted word hidden' : `${words.length} muted words hidden`}
        <span className="sr-only"> from the lists in this browser</span>
      </summary>
      <ul className="tag-list muted-words__list" aria-label="Muted words">
        {words.map((word) => (
          <li key={word} className="tag-list__item" data-word={word}>
            <span className="tag-list__name" dir="auto">
              {word}
            </span>
            <button type="button" className="button button--ghost button--small" aria-label={`Unmute ${word}`} onClick={() => onUnmute(word)}>
              Unmute
            </button>
          </li>
        ))}
      </ul>
    </details>
  );
}
