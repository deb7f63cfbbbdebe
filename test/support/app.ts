import type { Type } from '@nestjs/common';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { createApp } from '../../src/app.factory';
import { type AppConfig, loadConfig } from '../../src/config';
import { testDatabaseUrl } from './test-database';

export interface TestAppOptions {
  /** Environment variables layered over the test defaults (DATABASE_URL of this worker, silent logs). */
  readonly env?: Record<string, string | undefined>;
  /** Last-minute changes to the validated configuration (for settings the environment cannot express). */
  readonly configure?: (config: AppConfig) => AppConfig;
  /** Extra modules mounted beside the real ones (test-only routes that exercise the shared pipeline). */
  readonly extraImports?: readonly Type[];
}

/** The whole application, exactly as main.ts builds it, on this worker's database. */
export async function createTestApp(options: TestAppOptions = {}): Promise<NestExpressApplication> {
  // The embedded server is used through one connection, as main.ts does (see startDatabase).
  const poolSize = process.env.TEST_DATABASE_KIND === 'embedded' ? { DATABASE_POOL_SIZE: '1' } : {};
  // Suites call the rate-limited routes far more often than a person would; the throttling spec sets small limits.
  const generousLimits = { RATE_LIMIT_EXPENSIVE: '1000000', RATE_LIMIT_KEY_WRITES: '1000000' };
  const env = { ...process.env, DATABASE_URL: testDatabaseUrl(), LOG_LEVEL: process.env.LOG_LEVEL ?? 'silent', ...generousLimits, ...poolSize, ...options.env };
  const loaded = loadConfig(env);
  const config = options.configure === undefined ? loaded : options.configure(loaded);
  const app = await createApp(config, options.extraImports);
  await app.init();
  return app;
}
