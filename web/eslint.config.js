// The shared rules (../eslint.config.js) plus what only a browser app needs. Patterns here are relative to web/.
import { readdirSync } from 'node:fs';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';
import shared from '../eslint.config.js';

/** Post text is untrusted: nothing may render HTML from a string (issue 6: "post text is never rendered as HTML"). */
const NO_HTML_INJECTION = [
  { selector: "JSXAttribute[name.name='dangerouslySetInnerHTML']", message: 'Never render HTML from strings: post text is untrusted.' },
  { selector: "Property[key.name='dangerouslySetInnerHTML']", message: 'Never render HTML from strings: post text is untrusted.' },
  { selector: 'MemberExpression[property.name=/^(innerHTML|outerHTML)$/]', message: 'Use textContent or React; post text is untrusted.' },
  { selector: "CallExpression[callee.property.name='insertAdjacentHTML']", message: 'Use textContent or React; post text is untrusted.' },
];

/** Each feature folder stands alone (bulletproof-react): what two features share lives in src/lib or src/components. */
const FEATURES = readdirSync(new URL('./src/features', import.meta.url), { withFileTypes: true })
  .filter((entry) => entry.isDirectory())
  .map((entry) => entry.name);
const NO_CROSS_FEATURE_IMPORTS = FEATURES.map((feature) => ({
  target: `./src/features/${feature}`,
  from: './src/features',
  except: [`./${feature}`],
  message: 'Features do not import each other: share through src/lib or src/components, compose in src/app.',
}));

export default [
  ...shared,
  { ignores: ['test-results/**', 'playwright-report/**', 'dist/**'] },
  {
    files: ['src/**/*.{ts,tsx}'],
    ...reactHooks.configs.flat.recommended,
    languageOptions: { globals: { ...globals.browser } },
    rules: {
      ...reactHooks.configs.flat.recommended.rules,
      'react-hooks/exhaustive-deps': 'error',
      'no-restricted-syntax': ['error', ...NO_HTML_INJECTION],
      // The bundle runs in a browser: Node globals would only fail at run time.
      'no-restricted-globals': ['error', 'process', 'Buffer', '__dirname', '__filename', 'require'],
      'import-x/no-restricted-paths': ['error', { zones: NO_CROSS_FEATURE_IMPORTS }],
    },
  },
  {
    // The bundle runs in a browser; unit tests (src/**/*.test.*) run in Node and may read files.
    files: ['src/**/*.{ts,tsx}'],
    ignores: ['src/**/*.test.{ts,tsx}', 'src/testing/**'],
    rules: { 'import-x/no-nodejs-modules': 'error' },
  },
  {
    files: ['e2e/**', 'bench/**', 'src/**/*.test.{ts,tsx}'],
    rules: {
      'no-console': 'off',
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/no-non-null-assertion': 'off',
    },
  },
];
