import { Logger } from '@nestjs/common';
import type { z } from 'zod';
import type { LlmCacheMode } from '../../config';
import type { Telemetry } from '../../core/telemetry';
import { MODEL_CATALOG } from '../language-models/model-catalog';
import { type ChatModelPort, type ChatPrompt, LlmCallError, type StructuredAnswer } from './chat-model.port';
import { type AnswerKey, type LlmAnswerCache, promptHash } from './llm-answer-cache';
import type { ModelBinding } from './model-selection';

/** Model use of one run (the `llm_usage` of its complete event and stored results). */
export interface LlmUsage {
  /** Model calls made (cached answers excluded; a call that failed counts). */
  readonly calls: number;
  /** Answers read from the cache instead of calling the model. */
  readonly cached: number;
  readonly prompt_tokens: number;
  readonly completion_tokens: number;
}

/** One question to a node's model: the prompt and the schema (with its version) the answer must match. */
export interface Question<T> {
  readonly prompt: ChatPrompt;
  readonly schema: z.ZodType<T>;
  readonly schemaName: string;
  /** Bumped when the schema or the meaning of an answer changes, so older cached answers stop matching. */
  readonly schemaVersion: string;
}

export interface Answer<T> {
  readonly value: T;
  readonly cached: boolean;
}

const logger = new Logger('LlmRun');

const CATALOG_MODELS = new Set(MODEL_CATALOG.map((entry) => entry.model_name));

/** The `model` label: a catalog model's name, `other` for any name a request may invent (labels stay bounded). */
export function modelLabel(model: string): string {
  return CATALOG_MODELS.has(model) ? model : 'other';
}

/** Why an agent decided by rules: it had no callable model, or its model gave no usable answer. */
export type RulesFallbackReason = 'no_model' | 'model_failed';

/**
 * The LLM side of one run: each LLM node's model binding, the answers (through the cache: LLM_CACHE `on`
 * reads and writes, `refresh` only writes, `off` neither) and the usage. Identical questions asked at
 * the same time share one call.
 */
export class LlmRun {
  private readonly counts = { calls: 0, cached: 0, prompt_tokens: 0, completion_tokens: 0 };
  private readonly inFlight = new Map<string, Promise<Answer<unknown>>>();

  constructor(
    private readonly bindings: ReadonlyMap<string, ModelBinding>,
    private readonly chat: ChatModelPort,
    private readonly cache: LlmAnswerCache,
    private readonly cacheMode: LlmCacheMode,
    private readonly telemetry: Telemetry | null = null,
  ) {}

  /** Counts decisions made by rules instead of a model (`hf_llm_rules_fallbacks_total`). */
  fellBackToRules(reason: RulesFallbackReason, decisions = 1): void {
    this.telemetry?.count('hf_llm_rules_fallbacks_total', { reason }, decisions);
  }

  /** The binding of a node prepared for this run; a node nobody prepared decides by rules. */
  binding(nodeId: string): ModelBinding {
    return this.bindings.get(nodeId) ?? { choice: null, provider: null, apiKey: null, why: 'no model selected' };
  }

  usage(): LlmUsage {
    return { ...this.counts };
  }

  /**
   * Asks the node's model (which must be callable). Throws `LlmCallError` when no valid answer came,
   * or the signal's reason when the run was cancelled.
   */
  async ask<T>(nodeId: string, question: Question<T>, signal?: AbortSignal): Promise<Answer<T>> {
    const binding = this.binding(nodeId);
    if (binding.provider === null || binding.choice === null) throw new Error(`Node "${nodeId}" has no callable model: ${binding.why ?? 'unknown'}`);
    const key: AnswerKey = {
      provider: binding.provider.name,
      model: binding.choice.model,
      promptHash: promptHash(question.prompt, question.schemaName),
      schemaVersion: question.schemaVersion,
    };
    const id = JSON.stringify(key);
    const shared = this.inFlight.get(id);
    if (shared !== undefined) return shared as Promise<Answer<T>>;
    const pending = this.answer(binding, key, question, signal).finally(() => this.inFlight.delete(id));
    this.inFlight.set(id, pending);
    return pending;
  }

  private async answer<T>(binding: ModelBinding, key: AnswerKey, question: Question<T>, signal?: AbortSignal): Promise<Answer<T>> {
    if (this.cacheMode === 'on') {
      const hit = await this.cache.get(key);
      const checked = hit === null ? null : question.schema.safeParse(hit.value);
      if (checked?.success === true) {
        this.counts.cached += 1;
        this.telemetry?.count('hf_llm_cache_hits_total', { provider: key.provider, model: modelLabel(key.model) });
        return { value: checked.data, cached: true };
      }
    }
    signal?.throwIfAborted();
    this.counts.calls += 1;
    const labels = { provider: key.provider, model: modelLabel(key.model) };
    const started = performance.now();
    let answer: StructuredAnswer<T>;
    try {
      answer = await this.chat.complete({
        provider: key.provider as NonNullable<ModelBinding['provider']>['name'],
        model: key.model,
        apiKey: binding.apiKey,
        prompt: question.prompt,
        schema: question.schema,
        schemaName: question.schemaName,
        signal,
      });
    } catch (error) {
      const outcome = error instanceof LlmCallError ? error.kind : signal?.aborted === true ? 'cancelled' : 'error';
      this.telemetry?.count('hf_llm_calls_total', { ...labels, outcome });
      throw error;
    } finally {
      this.telemetry?.observe('hf_llm_call_duration_seconds', labels, (performance.now() - started) / 1000);
    }
    this.telemetry?.count('hf_llm_calls_total', { ...labels, outcome: 'ok' });
    this.telemetry?.count('hf_llm_tokens_total', { ...labels, type: 'prompt' }, answer.usage.prompt_tokens);
    this.telemetry?.count('hf_llm_tokens_total', { ...labels, type: 'completion' }, answer.usage.completion_tokens);
    this.counts.prompt_tokens += answer.usage.prompt_tokens;
    this.counts.completion_tokens += answer.usage.completion_tokens;
    if (this.cacheMode !== 'off') {
      await this.cache.put(key, answer).catch((error: unknown) => logger.warn(`Could not cache a ${key.provider} answer: ${(error as Error).message}`));
    }
    return { value: answer.value, cached: false };
  }
}
