// The shared rules (../eslint.config.js) plus what only a browser app needs. Patterns here are relative to web/.
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';
import shared from '../eslint.config.js';

/** Post text is untrusted: nothing may render HTML from a string (issue 6: "post text is never rendered as HTML"). */
const NO_HTML_INJECTION = [
  { selector: "JSXAttribute[name.name='dangerouslySetInnerHTML']", message: 'Never render HTML from strings: post text is untrusted.' },
  { selector: "Property[key.name='dangerouslySetInnerHTML']", message: 'Never render HTML from strings: post text is untrusted.' },
  { selector: "MemberExpression[property.name=/^(innerHTML|outerHTML)$/]", message: 'Use textContent or React; post text is untrusted.' },
  { selector: "CallExpression[callee.property.name='insertAdjacentHTML']", message: 'Use textContent or React; post text is untrusted.' },
];

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
    },
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
