import { createHash } from 'node:crypto';
import { InitialSchema1764000000000 } from './1764000000000-initial-schema';
import { ApiKeyId1764000001000 } from './1764000001000-api-key-id';
import { MarketDataCache1764000002000 } from './1764000002000-market-data-cache';
import { LlmAnswerCache1764000012000 } from './1764000012000-llm-answer-cache';
import { RunLeases1764000013000 } from './1764000013000-run-leases';
import { FuturesSweepRuns1764000014000 } from './1764000014000-futures-sweep-runs';
import { PassProbabilityRuns1764000015000 } from './1764000015000-pass-probability-runs';
import { FlowsRevision1764000016000 } from './1764000016000-flows-revision';

/** Every migration in order. Append new ones; never edit one that has landed. */
export const MIGRATIONS = [
  InitialSchema1764000000000,
  ApiKeyId1764000001000,
  MarketDataCache1764000002000,
  LlmAnswerCache1764000012000,
  RunLeases1764000013000,
  FuturesSweepRuns1764000014000,
  PassProbabilityRuns1764000015000,
  FlowsRevision1764000016000,
];

/**
 * A short hash of the migrations (their order and compiled code): the key of the embedded database's template,
 * which holds them applied, so a template made before a migration changed or was added is not used.
 */
export function migrationsKey(migrations: readonly (new () => unknown)[] = MIGRATIONS): string {
  const hash = createHash('sha256');
  for (const migration of migrations) hash.update(String(migration)).update('\0');
  return `m${migrations.length}-${hash.digest('hex').slice(0, 16)}`;
}
