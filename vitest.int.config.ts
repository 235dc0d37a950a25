import { defineConfig } from 'vitest/config';

// `npm run test:mongo`: the real-MongoDB contract run (needs MONGODB_URL; says it skipped otherwise).
export default defineConfig({
  test: {
    include: ['src/**/*.int.test.ts', 'test/**/*.int.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    pool: 'forks',
  },
});
