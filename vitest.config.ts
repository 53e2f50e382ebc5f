import { defineConfig } from 'vitest/config';

const shared = {
  // A test that is focused or skipped must fail the run, not pass quietly.
  allowOnly: false,
  env: { AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' },
};

export default defineConfig({
  test: {
    // Handler logs are shown only for tests that fail.
    silent: 'passed-only',
    projects: [
      {
        test: { ...shared, name: 'unit', include: ['test/unit/**/*.test.ts'] },
      },
      {
        // CDK templates and cdk-nag: synthesis takes a few seconds.
        test: {
          ...shared,
          name: 'infra',
          include: ['test/infra/**/*.test.ts'],
          testTimeout: 60_000,
          hookTimeout: 60_000,
        },
      },
      {
        test: {
          ...shared,
          name: 'e2e',
          include: ['test/e2e/**/*.test.ts'],
          // DynamoDB Local and the SQS server start once for the whole run.
          globalSetup: ['test/e2e/global-setup.ts'],
          // The handler's one line per message would bury the test report.
          env: { ...shared.env, POWERTOOLS_LOG_LEVEL: 'WARN' },
          testTimeout: 60_000,
          hookTimeout: 90_000,
        },
      },
      {
        // The operator console in Debian's Chromium (playwright-core), against the console server
        // and, for the flows that matter, a real local hub on the same emulators as e2e.
        test: {
          ...shared,
          name: 'browser',
          include: ['test/browser/**/*.test.ts'],
          globalSetup: ['test/e2e/global-setup.ts', 'test/browser/global-setup.ts'],
          env: { ...shared.env, POWERTOOLS_LOG_LEVEL: 'WARN' },
          testTimeout: 120_000,
          hookTimeout: 120_000,
        },
      },
    ],
  },
});
