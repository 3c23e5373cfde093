import { defineConfig } from 'vitest/config';

// Unit tests of the dashboard's pure modules (routing, formatting, the API client, chart series).
// The pages themselves are exercised in a real browser by test/e2e/dashboard.e2e.test.ts.
export default defineConfig({
  root: import.meta.dirname,
  test: { include: ['src/**/*.test.ts'] },
});
