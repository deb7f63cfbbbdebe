export * from './data-source-options';
export * from './database-timeouts';
export * from './database.module';
export * from './embedded-postgres';
export * from './json-columns';
export * from './migration-lock';
export * from './start-database';
export * from './pool-bridge';
