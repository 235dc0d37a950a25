// Lint: typescript-eslint strict, no `any`, and the dependency direction from DESIGN.md.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

const ours = ['ports', 'store', 'repository', 'api', 'channels', 'inbox', 'pipeline', 'translators',
  'terminology', 'validation', 'integrations', 'audit', 'log', 'config', 'util'];
/** no-restricted-imports patterns forbidding our top-level folders `names` (relative imports). */
const forbid = (names, why) => names.map((n) => ({ group: [`**/${n}/**`, `../${n}`, `../../${n}`], message: why }));
const driverBan = [
  { name: 'mongodb', message: 'Only src/store/mongo imports mongodb.' },
  { name: 'better-sqlite3', message: 'Only src/store/sqlite imports better-sqlite3.' },
];
const adapterBan = [
  { group: ['**/store/sqlite/**', '**/store/mongo/**'], message: 'Only main.ts (and tests) know the store adapters; depend on ports/.' },
];

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'coverage/**', 'data/**'] },
  js.configs.recommended,
  ...tseslint.configs.strict,
  {
    languageOptions: { globals: { process: 'readonly', console: 'readonly', Buffer: 'readonly', URL: 'readonly', setTimeout: 'readonly', clearTimeout: 'readonly', setInterval: 'readonly', clearInterval: 'readonly', setImmediate: 'readonly' } },
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
      'no-restricted-imports': ['error', { paths: driverBan, patterns: adapterBan }],
    },
  },
  {
    files: ['src/core/**/*.ts'],
    ignores: ['src/core/**/*.test.ts'],
    rules: { 'no-restricted-imports': ['error', { paths: driverBan, patterns: forbid(ours, 'core/ imports nothing of ours.') }] },
  },
  {
    files: ['src/translators/**/*.ts'],
    ignores: ['src/translators/**/*.test.ts'],
    rules: { 'no-restricted-imports': ['error', { paths: driverBan, patterns: forbid(ours, 'translators/ import core/ only.') }] },
  },
  {
    files: ['src/store/sqlite/**/*.ts'],
    rules: { 'no-restricted-imports': ['error', { paths: [driverBan[0]], patterns: forbid(['api', 'channels', 'inbox', 'pipeline', 'integrations'], 'store adapters depend on core/ and ports/ only.') }] },
  },
  {
    files: ['src/store/mongo/**/*.ts'],
    rules: { 'no-restricted-imports': ['error', { paths: [driverBan[1]], patterns: forbid(['api', 'channels', 'inbox', 'pipeline', 'integrations'], 'store adapters depend on core/ and ports/ only.') }] },
  },
  {
    files: ['src/main.ts', 'src/**/*.test.ts', 'test/**/*.ts', 'bench/**/*.ts', 'src/store/**/*.ts'],
    rules: { 'no-restricted-imports': 'off' },
  },
  {
    files: ['src/store/sqlite/**/*.ts'],
    rules: { 'no-restricted-imports': ['error', { paths: [driverBan[0]] }] },
  },
  {
    files: ['src/store/mongo/**/*.ts'],
    rules: { 'no-restricted-imports': ['error', { paths: [driverBan[1]] }] },
  },
  {
    // Nothing but config/ reads process.env.
    files: ['src/**/*.ts'],
    ignores: ['src/config/**', 'src/**/*.test.ts'],
    rules: { 'no-restricted-properties': ['error', { object: 'process', property: 'env', message: 'Read settings through config/ only.' }] },
  },
);
