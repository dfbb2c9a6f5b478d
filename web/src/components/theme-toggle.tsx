import { useEffect, useState } from 'react';
import { applyTheme, initialTheme, readStoredTheme, storeTheme, systemPrefersDark, type Theme } from '../lib/theme';

/** Switches between light and dark (its label says which it switches to); until the person chooses, the system setting decides and is followed live. */
export function ThemeToggle() {
  const [theme, setTheme] = useState<Theme>(() => initialTheme(readStoredTheme(), systemPrefersDark()));
  const [chosen, setChosen] = useState(() => readStoredTheme() !== null);

  useEffect(() => applyTheme(theme), [theme]);

  useEffect(() => {
    if (chosen) return;
    const query = window.matchMedia('(prefers-color-scheme: dark)');
    const follow = () => setTheme(query.matches ? 'dark' : 'light');
    query.addEventListener('change', follow);
    return () => query.removeEventListener('change', follow);
  }, [chosen]);

  const next: Theme = theme === 'dark' ? 'light' : 'dark';
  const action = `Switch to ${next} theme`;
  // The button names what it does (a label that changes, so no aria-pressed as well); the icon is the target's.
  return (
    <button
      type="button"
      className="button button--ghost theme-toggle"
      aria-label={action}
      title={action}
      onClick={() => {
        setTheme(next);
        setChosen(true);
        storeTheme(next);
      }}
    >
      <span aria-hidden="true">{next === 'dark' ? '☾' : '☀'}</span>{' '}
      <span className="theme-toggle__text" aria-hidden="true">
        {next === 'dark' ? 'Dark theme' : 'Light theme'}
      </span>
    </button>
  );
}
