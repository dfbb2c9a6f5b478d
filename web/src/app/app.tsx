import { useState } from 'react';
import { ThemeToggle } from '../components/theme-toggle';
import { createAdminTokenStore } from '../features/hashtags/admin-token';
import { adoptAdminTokenFromAddress } from '../features/hashtags/admin-token-link';
import { HashtagsPanel } from '../features/hashtags/components/hashtags-panel';
import { useFollowedHashtags } from '../features/hashtags/hooks/use-followed-hashtags';
import { ReplayBadge } from '../features/health/components/replay-badge';
import { HealthPanel } from '../features/health/components/health-panel';
import { useHealth } from '../features/health/hooks/use-health';
import { ConnectionIndicator } from '../features/trends/components/connection-indicator';
import { TrendControls } from '../features/trends/components/trend-controls';
import { TrendsBoard } from '../features/trends/components/trends-board';
import { useTrendFilters } from '../features/trends/hooks/use-trend-filters';
import { useTrendsStream } from '../features/trends/hooks/use-trends-stream';
import { createMutedWordsStore } from '../features/trends/muted-words';

/** Reading `window.sessionStorage` or `localStorage` itself throws where storage is disabled. */
function storageOrNull(kind: 'sessionStorage' | 'localStorage'): Storage | null {
  try {
    return window[kind];
  } catch {
    return null;
  }
}

/** Composes the features; the only place that knows about more than one of them. */
export function App() {
  const [filters, setFilters] = useTrendFilters();
  const view = useTrendsStream(filters);
  const [mutedStore] = useState(() => createMutedWordsStore(storageOrNull('localStorage')));
  const health = useHealth();
  const followed = useFollowedHashtags();
  const [tokenStore] = useState(() => {
    const store = createAdminTokenStore(storageOrNull('sessionStorage'));
    // Before any panel reads the store, and before anything else rewrites the address (npm start's link).
    adoptAdminTokenFromAddress(store, window);
    return store;
  });

  return (
    <>
      <a className="skip-link" href="#main">
        Skip to the trends
      </a>
      <header className="app-header">
        <div className="app-header__brand">
          <svg className="app-header__logo" viewBox="0 0 32 32" aria-hidden="true">
            <rect width="32" height="32" rx="7" />
            <rect x="7" y="17" width="4" height="8" rx="1" />
            <rect x="14" y="11" width="4" height="14" rx="1" />
            <rect x="21" y="6" width="4" height="19" rx="1" />
          </svg>
          <h1>Trendstream</h1>
          <ReplayBadge replay={health.data?.replay} />
        </div>
        <div className="app-header__end">
          <ConnectionIndicator status={view.connection} />
          <ThemeToggle />
        </div>
      </header>
      <main id="main" className="app-main" tabIndex={-1}>
        <TrendControls filters={filters} onChange={setFilters} hashtags={followed.hashtags} />
        <TrendsBoard view={view} filters={filters} mutedStore={mutedStore} />
        <div className="app-main__panels">
          <HealthPanel health={health.data} error={health.data ? undefined : health.error} />
          <HashtagsPanel followed={followed} tokenStore={tokenStore} />
        </div>
      </main>
      <footer className="app-footer">
        <p>Words counted once per post, from public posts of accounts that allow discovery. Post text is never shown.</p>
      </footer>
    </>
  );
}
