import { MAX_COMPARED } from '../compare';

export interface WordActionsProps {
  word: string;
  compared: readonly string[];
  muted: boolean;
  onCompare: (word: string) => void;
  onUncompare: (word: string) => void;
  onMute: (word: string) => void;
  onUnmute: (word: string) => void;
}

/** What can be done with one word: put it on the comparison chart, hide it from the lists. */
export function WordActions({ word, compared, muted, onCompare, onUncompare, onMute, onUnmute }: WordActionsProps) {
  const inComparison = compared.includes(word);
  const full = !inComparison && compared.length >= MAX_COMPARED;
  return (
    <>
      {inComparison ? (
        <button type="button" className="button button--ghost button--small" onClick={() => onUncompare(word)}>
          Remove from comparison
        </button>
      ) : (
        <button type="button" className="button button--ghost button--small" disabled={full} onClick={() => onCompare(word)}>
          Add to comparison
        </button>
      )}
      {full && <span className="field-hint">The comparison holds {MAX_COMPARED} words: remove one first.</span>}
      {muted ? (
        <button type="button" className="button button--ghost button--small" onClick={() => onUnmute(word)}>
          Unmute
        </button>
      ) : (
        <button type="button" className="button button--ghost button--small" onClick={() => onMute(word)} title="Hide this word from the lists in this browser">
          Mute
        </button>
      )}
    </>
  );
}
