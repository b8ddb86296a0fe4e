import js from '@eslint/js';
import tseslint from 'typescript-eslint';

const PROCESS = { name: 'process', message: 'Only src/main.ts touches process; take what you need as a parameter.' };
const TIMERS = ['setTimeout', 'setInterval', 'clearTimeout', 'clearInterval'].map((name) => ({
  name,
  message: 'Wait on the Clock (clock.after, clock.every, sleep(clock, ms)) so tests can move time instead of sleeping.',
}));

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'coverage/**', 'src/web/public/vendor/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { ecmaVersion: 2023, sourceType: 'module' },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
      'no-restricted-imports': [
        'error',
        {
          paths: [{ name: 'better-sqlite3', message: 'Only src/storage/ talks to SQLite.' }],
        },
      ],
    },
  },
  {
    files: ['src/**/*.ts'],
    ignores: ['src/main.ts', 'src/clock.ts'],
    rules: {
      // The composition root and everything below it get the world passed in: only main.ts touches
      // process, and time (reading it or waiting on it) goes through the Clock, so tests can move it.
      'no-restricted-globals': ['error', PROCESS, ...TIMERS],
    },
  },
  { files: ['src/main.ts'], rules: { 'no-restricted-globals': ['error', ...TIMERS] } },
  { files: ['src/clock.ts'], rules: { 'no-restricted-globals': ['error', PROCESS] } },
  {
    files: ['src/storage/**/*.ts', 'tests/**/*.ts'],
    rules: { 'no-restricted-imports': 'off' },
  },
  {
    // The reference central shares the HTTP plumbing (src/http/), never the node's terminal.
    files: ['src/central/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [{ name: 'better-sqlite3', message: 'Only src/storage/ talks to SQLite.' }],
          patterns: [
            {
              group: ['../web/*', '**/web/*'],
              message: 'The central does not import the terminal (src/web/); shared HTTP code lives in src/http/.',
            },
          ],
        },
      ],
    },
  },
  {
    // The terminal's browser scripts run in Chromium, not Node.
    files: ['src/web/public/**/*.js'],
    languageOptions: {
      globals: {
        Node: 'readonly',
        window: 'readonly',
        document: 'readonly',
        fetch: 'readonly',
        EventSource: 'readonly',
        location: 'readonly',
        console: 'readonly',
        setTimeout: 'readonly',
        clearTimeout: 'readonly',
        setInterval: 'readonly',
        URLSearchParams: 'readonly',
        navigator: 'readonly',
        FormData: 'readonly',
        localStorage: 'readonly',
        FileReader: 'readonly',
      },
    },
  },
);
