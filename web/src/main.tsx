import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './app/app';
import { applyTheme, initialTheme, readStoredTheme, systemPrefersDark } from './lib/theme';
import './styles/app.css';

// Set the theme before the first paint so a stored dark choice does not flash light.
applyTheme(initialTheme(readStoredTheme(), systemPrefersDark()));

const root = document.getElementById('root');
if (!root) throw new Error('index.html has no #root element');
createRoot(root).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
