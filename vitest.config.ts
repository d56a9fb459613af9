import { defineConfig } from 'vitest/config';

/**
 * Four test projects (issue 23), each runnable alone: `npm run test:unit`, `test:store`, `test:stack`, `test:browser`;
 * `npm test` runs them all. Projects do not inherit the root's test options, so every one spreads these.
 */
const common = {
  env: {
    // Every API answer is checked against its route's schema in shared/contract: one that does not match is a 500.
    AWARDS_CHECK_ANSWERS: '1',
    POWERTOOLS_METRICS_DISABLED: 'true', POWERTOOLS_TRACE_ENABLED: 'false', POWERTOOLS_LOG_LEVEL: 'SILENT', POWERTOOLS_DEV: 'false',
    AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
  },
  testTimeout: 30_000,
  hookTimeout: 120_000,
};

/** Starts one DynamoDB Local for the run and provides `dynamoEndpoint` (Java 17 needed): only where tests inject it. */
const dynamoLocal = ['test/support/global-setup.ts'];

export default defineConfig({
  test: {
    projects: [
      // The domain, the contracts and the local pieces in memory: no Java, no DynamoDB Local, no network beyond loopback.
      { test: { ...common, name: 'unit', include: ['test/unit/**/*.test.ts'] } },
      // The store against DynamoDB Local.
      { test: { ...common, name: 'store', include: ['test/integration/**/*.test.ts'], globalSetup: dynamoLocal } },
      // The lambda handlers (on DynamoDB Local), the CDK stack (its table-access test on DynamoDB Local) and the local
      // stack end to end (which starts its own DynamoDB Local through infra/local/main.ts).
      { test: { ...common, name: 'stack', include: ['test/e2e/**/*.test.ts', 'test/functions/**/*.test.ts', 'test/infra/**/*.test.ts'], globalSetup: dynamoLocal } },
      // The console in Chromium, on a local stack of its own.
      { test: { ...common, name: 'browser', include: ['test/browser/**/*.test.ts'] } },
    ],
  },
});
