// Runs in every test worker before the test framework: deterministic time zone and quiet logs.
process.env.TZ = 'UTC';
process.env.LOG_LEVEL ??= 'silent';
