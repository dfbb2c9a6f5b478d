import { memo, useId } from 'react';
import type { TrendFilters } from '../hooks/use-trend-filters';
import { LANGUAGES, TREND_WINDOWS, isTrendWindow } from '../trend-options';

export interface TrendControlsProps {
  filters: TrendFilters;
  onChange: (change: Partial<TrendFilters>) => void;
  /** Followed hashtags the view can be scoped to. */
  hashtags: readonly string[];
}

export const TrendControls = memo(function TrendControls({ filters, onChange, hashtags }: TrendControlsProps) {
  const languageId = useId();
  const tagId = useId();
  const tagOptions = filters.tag && !hashtags.includes(filters.tag) ? [...hashtags, filters.tag] : hashtags;
  return (
    <form className="controls" aria-label="What to show" onSubmit={(event) => event.preventDefault()}>
      <fieldset className="segmented">
        <legend className="controls__label">Window</legend>
        <div className="segmented__options">
          {TREND_WINDOWS.map((option) => (
            <label key={option.value} className="segmented__option">
              <input
                type="radio"
                name="window"
                value={option.value}
                checked={filters.window === option.value}
                onChange={(event) => {
                  if (isTrendWindow(event.target.value)) onChange({ window: event.target.value });
                }}
              />
              <span>{option.label}</span>
            </label>
          ))}
        </div>
      </fieldset>
      <div className="controls__field">
        <label className="controls__label" htmlFor={languageId}>
          Language
        </label>
        <select id={languageId} value={filters.lang} onChange={(event) => onChange({ lang: event.target.value })}>
          {LANGUAGES.map((option) => (
            <option key={option.value} value={option.value}>
              {option.label}
            </option>
          ))}
        </select>
      </div>
      <div className="controls__field">
        <label className="controls__label" htmlFor={tagId}>
          Hashtag
        </label>
        <select id={tagId} value={filters.tag} onChange={(event) => onChange({ tag: event.target.value })}>
          <option value="">All posts</option>
          {tagOptions.map((tag) => (
            <option key={tag} value={tag}>
              #{tag}
            </option>
          ))}
        </select>
      </div>
    </form>
  );
});
