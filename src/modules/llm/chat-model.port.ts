import type { z } from 'zod';
import type { CallableProviderName } from './llm-providers';

export interface ChatPrompt {
  readonly system: string;
  readonly user: string;
}

/** One structured question to one model: the answer must match `schema` (a zod object). */
export interface StructuredCall<T> {
  readonly provider: CallableProviderName;
  readonly model: string;
  /** The provider key (null for Ollama). Never logged, never part of an error message. */
  readonly apiKey: string | null;
  readonly prompt: ChatPrompt;
  readonly schema: z.ZodType<T>;
  /** The answer's name as the provider sees it (the JSON schema's or the forced tool's name). */
  readonly schemaName: string;
  /** The run's signal: aborting it cancels the call in flight (the connection is closed) and any retry wait. */
  readonly signal?: AbortSignal;
}

/** Tokens the provider reported for one answer (0 when it reported none). */
export interface TokenUsage {
  readonly prompt_tokens: number;
  readonly completion_tokens: number;
}

export interface StructuredAnswer<T> {
  readonly value: T;
  readonly usage: TokenUsage;
}

/**
 * Why a call gave no usable answer: no answer within the timeout, still rate-limited after the retries,
 * a provider error (4xx/5xx), the provider unreachable, or an answer that does not match the schema.
 */
export type LlmFailureKind = 'timeout' | 'rate_limited' | 'provider_error' | 'unreachable' | 'schema';

/** A model call that failed; the message is safe to show and store (no key, no stack). */
export class LlmCallError extends Error {
  constructor(
    readonly kind: LlmFailureKind,
    message: string,
  ) {
    super(message);
    this.name = 'LlmCallError';
  }
}

/**
 * The chat-model port: one structured answer per call, with the timeout, retries and concurrency limit
 * applied. Throws {@link LlmCallError} when no valid answer came, or the run signal's reason when the run
 * was cancelled.
 */
export abstract class ChatModelPort {
  abstract complete<T>(call: StructuredCall<T>): Promise<StructuredAnswer<T>>;
}
