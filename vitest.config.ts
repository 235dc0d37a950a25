import { configDefaults, defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
    // Real-MongoDB runs go through `npm run test:mongo` (vitest.int.config.ts).
    exclude: [...configDefaults.exclude, '**/*.int.test.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    pool: 'forks',
  },
});
