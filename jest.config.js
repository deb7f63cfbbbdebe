// Jest cannot require() the ESM-only Nest 12 packages, so @swc/jest transpiles them
// (and our TypeScript) to CommonJS; type checking runs separately (`npm run typecheck`).
const { typescript: swc, ecmascript: swcJs } = require('./swc.options.cjs');

const common = {
  moduleFileExtensions: ['js', 'json', 'ts'],
  rootDir: '.',
  transform: {
    '^.+\\.ts$': ['@swc/jest', swc],
    '^.+\\.m?js$': ['@swc/jest', swcJs],
  },
  // ESM-only packages the app loads with import(): file-type (upload sniffing) and its dependencies.
  transformIgnorePatterns: ['/node_modules/(?!(@nestjs|file-type|strtok3|token-types|@tokenizer|uint8array-extras|@borewit)/)'],
  testEnvironment: 'node',
  setupFiles: ['<rootDir>/test/support/env.setup.ts'],
};

module.exports = {
  ...common,
  // Each worker gets a database of its own (test/support/global-setup.ts): on the PostgreSQL server of DATABASE_URL,
  // or, in the embedded mode, an embedded PGlite in a process of its own.
  maxWorkers: 2,
  testTimeout: 30000,
  globalSetup: '<rootDir>/test/support/global-setup.ts',
  globalTeardown: '<rootDir>/test/support/global-teardown.ts',
  projects: [
    { ...common, displayName: 'unit', testMatch: ['<rootDir>/src/**/*.spec.ts', '<rootDir>/test/unit/**/*.spec.ts'] },
    { ...common, displayName: 'integration', testMatch: ['<rootDir>/test/integration/**/*.integration-spec.ts'], testTimeout: 30000 },
    { ...common, displayName: 'e2e', testMatch: ['<rootDir>/test/e2e/**/*.e2e-spec.ts'], testTimeout: 30000 },
    // Pages tested in Debian's Chromium (/usr/bin/chromium) through playwright-core.
    { ...common, displayName: 'browser', testMatch: ['<rootDir>/test/browser/**/*.browser-spec.ts'], testTimeout: 60000 },
  ],
};
