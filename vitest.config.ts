import { defineConfig } from 'vitest/config';

// Projects: fast unit tests; the database-backed suite on PGlite, and again on PostgreSQL when
// TEST_DATABASE_URL is set; browser tests in test/e2e (real Chromium).
const withPostgres = Boolean(process.env.TEST_DATABASE_URL);
const serverTests = ['server/**/*.test.ts', 'test/integration/**/*.test.ts'];
const unitTests = ['server/**/*.unit.test.ts', 'web/**/*.unit.test.ts'];

export default defineConfig({
  test: {
    testTimeout: 30_000,
    hookTimeout: 120_000,
    projects: [
      { extends: true as const, test: { name: 'unit', include: unitTests } },
      {
        extends: true as const,
        test: {
          name: 'pglite',
          include: serverTests,
          exclude: unitTests,
          env: { TEST_DB_ENGINE: 'pglite' },
          globalSetup: ['test/support/template.global.ts'],
        },
      },
      ...(withPostgres
        ? [
            {
              extends: true as const,
              test: {
                name: 'postgres',
                include: serverTests,
                exclude: unitTests,
                env: { TEST_DB_ENGINE: 'postgres' },
                globalSetup: ['test/support/template.global.ts'],
              },
            },
          ]
        : []),
      {
        extends: true as const,
        test: {
          name: 'e2e',
          include: ['test/e2e/**/*.test.ts'],
          testTimeout: 120_000,
          // Starting the demo platform is the slow part of a browser suite: it is seeded once per run
          // (demo-template.global.ts) and each suite's server starts over a copy.
          hookTimeout: 240_000,
          fileParallelism: false,
          globalSetup: ['test/e2e/support/demo-template.global.ts'],
        },
      },
    ],
  },
});
