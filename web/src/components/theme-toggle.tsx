import { useEffect, useState } from 'react';
import { applyTheme, initialTheme, readStoredTheme, storeTheme, systemPrefersDark, type Theme } from '../lib/theme';

/** Switches between light and dark; until the person chooses, the system setting decides and is followed live. */
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

  const dark = theme === 'dark';
  return (
    <button
      type="button"
      className="button button--ghost theme-toggle"
      aria-pressed={dark}
      onClick={() => {
        const next: Theme = dark ? 'light' : 'dark';
        setTheme(next);
        setChosen(true);
        storeTheme(next);
      }}
    >
      <span aria-hidden="true">{dark ? '☾' : '☀'}</span> <span className="theme-toggle__text">Dark theme</span>
    </button>
  );
}
