// One lint config for every workspace: it enforces the shape rules in CONTRIBUTING.md ("The shape, enforced").
import path from 'node:path';
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import { createTypeScriptImportResolver } from 'eslint-import-resolver-typescript';
import { importX } from 'eslint-plugin-import-x';
import globals from 'globals';

export default tseslint.config(
  { ignores: ['**/dist/**', '**/node_modules/**', '**/.cache/**', 'web/test-results/**', 'web/playwright-report/**', '**/*.js', '**/*.mjs'] },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      globals: { ...globals.node },
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    plugins: { 'import-x': importX },
    // Resolves `./x.js` to `./x.ts` and workspace names to their sources, so the import rules see real files.
    settings: { 'import-x/resolver-next': [createTypeScriptImportResolver({ project: ['tsconfig.json', '*/tsconfig.json', '*/*/tsconfig.json'] })] },
    rules: {
      'import-x/no-cycle': 'error',
      '@typescript-eslint/consistent-type-imports': 'error',
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/restrict-template-expressions': ['error', { allowNumber: true, allowBoolean: true }],
      'no-console': 'error',
      // Workspaces import each other by package name (@trendstream/…), never by a path into another package.
      'import-x/no-relative-packages': 'error',
    },
  },
  {
    // Configuration is parsed once, at start (each app's config.ts), and handed down; entry points wire it.
    files: ['**/src/**/*.ts'],
    ignores: ['**/src/config.ts', '**/src/main.ts', '**/src/**/*-main.ts'],
    rules: {
      'no-restricted-syntax': [
        'error',
        {
          selector: "MemberExpression[object.name='process'][property.name='env']",
          message: 'Read configuration in config.ts (or a *-main.ts entry point) and pass it down.',
        },
      ],
    },
  },
  {
    // Tests get the test run's environment through @trendstream/testkit (kafkaBrokers, mysqlServerUrl, envVar)
    // and give the CLIs they spawn theirs with childEnv (or startScript), so what a test depends on is read in
    // one place. Playwright and vitest configs (*.config.ts) still read theirs.
    files: ['**/test/**/*.ts', '**/e2e/**/*.ts', '**/bench/**/*.ts'],
    ignores: ['**/*.config.ts'],
    rules: {
      'no-restricted-syntax': [
        'error',
        {
          selector: "MemberExpression[object.name='process'][property.name='env']",
          message:
            'Tests read the environment through @trendstream/testkit (kafkaBrokers, mysqlServerUrl, envVar, withEnv) and give spawned CLIs theirs with childEnv or startScript.',
        },
      ],
    },
  },
  {
    // ...which is the one exception. (Patterns are relative to each workspace's config, so this one is absolute.)
    basePath: path.join(import.meta.dirname, 'tools', 'testkit'),
    files: ['src/**/*.ts'],
    rules: { 'no-restricted-syntax': 'off' },
  },
  {
    // CLIs talk to a person on a terminal; tests and benchmarks print their figures.
    files: ['**/*-main.ts', '**/test/**', '**/*.test.ts', '**/bench/**', 'web/e2e/**'],
    rules: { 'no-console': 'off' },
  },
  {
    files: ['**/test/**', '**/*.test.ts', 'web/e2e/**'],
    rules: {
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/no-non-null-assertion': 'off',
    },
  },
);
