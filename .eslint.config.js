import js from '@eslint/js';
import tseslint from 'typescript-eslint';

const PROCESS = { name: 'process', message: 'Only src/main.ts touches process; take what you need as a parameter.' };
const TIMERS = ['setTimeout', 'setInterval', 'clearTimeout', 'clearInterval'].map((name) => ({
  name,
  message: 'Wait on the Clock (clock.after, clock.every, sleep(clock, ms)) so tests can move time instead of sleeping.',
}));

const SQLITE = { name: 'better-sqlite3', message: 'Only src/storage/ talks to SQLite.' };
/** The pipeline's stages and the folders beside them: what a lower layer must not import. */
const STAGES = [
  'ingest',
  'normalize',
  'tracks',
  'scoring',
  'targets',
  'inspections',
  'sync',
  'credit',
  'snapshot',
  'accounts',
  'web',
  'central',
  'app',
  'demo',
  'cli',
  'metrics',
  'config',
  'http',
];
const stageImport = (stages) => new RegExp(`^(\\.\\./)+(${stages.join('|')})/`);
/** A folder's import rule: `regex` names what it may not import; `noSqlite` keeps SQLite out too. */
const layer = (files, regex, message, noSqlite) => ({
  files,
  rules: {
    'no-restricted-imports': [
      'error',
      { paths: noSqlite ? [SQLITE] : [], patterns: [{ regex: regex.source, message }] },
    ],
  },
});

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'coverage/**', 'src/web/public/vendor/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { ecmaVersion: 2023, sourceType: 'module' },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
      'no-restricted-imports': ['error', { paths: [SQLITE] }],
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
  { files: ['tests/**/*.ts'], rules: { 'no-restricted-imports': 'off' } },
  // The layering (README, "Folder map"): domain is the shared vocabulary and imports no other
  // folder; storage is SQL over domain types; scoring is pure; the reference central shares the
  // HTTP plumbing (src/http/), never the node's terminal.
  layer(
    ['src/domain/**/*.ts'],
    /^\.\.\//,
    'src/domain/ is the shared vocabulary: it imports nothing outside it.',
    true,
  ),
  layer(
    ['src/storage/**/*.ts'],
    stageImport(STAGES),
    'src/storage/ holds SQL over domain types and imports no stage.',
    false,
  ),
  layer(
    ['src/scoring/**/*.ts'],
    // The policy file's JSON Schema is made with config's schema tooling.
    stageImport(STAGES.filter((s) => s !== 'scoring' && s !== 'config')),
    'Scoring is pure: it reads domain types (TrackView, CreditProfile) and imports no stage.',
    true,
  ),
  layer(
    ['src/central/**/*.ts'],
    stageImport(['web']),
    'The central does not import the terminal (src/web/); shared HTTP code lives in src/http/.',
    true,
  ),
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
