import { createHash } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import type { ChatPrompt, TokenUsage } from './chat-model.port';

/** What identifies an answer: the model, the prompt (hashed) and the version of the answer's schema. */
export interface AnswerKey {
  readonly provider: string;
  readonly model: string;
  /** SHA-256 (hex) of the prompt and the answer's name, see {@link promptHash}. */
  readonly promptHash: string;
  readonly schemaVersion: string;
}

export interface CachedAnswer {
  readonly value: unknown;
  /** The tokens the answer cost when it was bought. */
  readonly usage: TokenUsage;
}

/** SHA-256 of the system prompt, the user prompt and the answer's name, as 64 hex characters. */
export function promptHash(prompt: ChatPrompt, schemaName: string): string {
  return createHash('sha256').update(JSON.stringify([prompt.system, prompt.user, schemaName])).digest('hex');
}

/** Where model answers are kept between runs. */
export abstract class LlmAnswerCache {
  abstract get(key: AnswerKey): Promise<CachedAnswer | null>;
  /** Stores (or replaces) the answer for the key. */
  abstract put(key: AnswerKey, answer: CachedAnswer): Promise<void>;
}

interface AnswerRow {
  readonly answer: unknown;
  readonly prompt_tokens: number;
  readonly completion_tokens: number;
}

/** The answers in PostgreSQL (`llm_answer_cache`), one statement per read or write. */
@Injectable()
export class PostgresLlmAnswerCache extends LlmAnswerCache {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {
    super();
  }

  async get(key: AnswerKey): Promise<CachedAnswer | null> {
    const rows = (await this.dataSource.query(
      `SELECT answer, prompt_tokens, completion_tokens FROM llm_answer_cache
       WHERE provider = $1 AND model = $2 AND prompt_hash = $3 AND schema_version = $4`,
      [key.provider, key.model, key.promptHash, key.schemaVersion],
    )) as AnswerRow[];
    const row = rows[0];
    if (row === undefined) return null;
    return { value: row.answer, usage: { prompt_tokens: row.prompt_tokens, completion_tokens: row.completion_tokens } };
  }

  async put(key: AnswerKey, answer: CachedAnswer): Promise<void> {
    await this.dataSource.query(
      `INSERT INTO llm_answer_cache (provider, model, prompt_hash, schema_version, answer, prompt_tokens, completion_tokens)
       VALUES ($1, $2, $3, $4, $5::jsonb, $6, $7)
       ON CONFLICT (provider, model, prompt_hash, schema_version) DO UPDATE SET
         answer = EXCLUDED.answer, prompt_tokens = EXCLUDED.prompt_tokens, completion_tokens = EXCLUDED.completion_tokens, created_at = now()`,
      [key.provider, key.model, key.promptHash, key.schemaVersion, JSON.stringify(answer.value), answer.usage.prompt_tokens, answer.usage.completion_tokens],
    );
  }
}

/** Answers kept in memory for one process (the CLIs, which run without a database). */
export class MemoryLlmAnswerCache extends LlmAnswerCache {
  private readonly answers = new Map<string, CachedAnswer>();

  private static id(key: AnswerKey): string {
    return JSON.stringify([key.provider, key.model, key.promptHash, key.schemaVersion]);
  }

  async get(key: AnswerKey): Promise<CachedAnswer | null> {
    return this.answers.get(MemoryLlmAnswerCache.id(key)) ?? null;
  }

  async put(key: AnswerKey, answer: CachedAnswer): Promise<void> {
    this.answers.set(MemoryLlmAnswerCache.id(key), answer);
  }
}
