export default async function globalTeardown(): Promise<void> {
  const stop = (globalThis as Record<string, unknown>).__TEST_DB_STOP__ as (() => Promise<void>) | undefined;
  if (stop !== undefined) await stop();
}
