import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // A test that is focused or skipped must fail the run, not pass quietly.
    allowOnly: false,
  },
});
