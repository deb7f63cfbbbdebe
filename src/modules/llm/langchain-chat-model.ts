import type * as AnthropicPackage from '@langchain/anthropic';
import type { BaseChatModel } from '@langchain/core/language_models/chat_models';
import type * as MessagesModule from '@langchain/core/messages';
import type { AIMessage } from '@langchain/core/messages';
import type * as AsyncCallerModule from '@langchain/core/utils/async_caller';
import type { AsyncCaller } from '@langchain/core/utils/async_caller';
import type * as DeepSeekPackage from '@langchain/deepseek';
import type * as GooglePackage from '@langchain/google-genai';
import type * as GroqPackage from '@langchain/groq';
import type * as OllamaPackage from '@langchain/ollama';
import type * as OpenAiPackage from '@langchain/openai';
import { Inject, Injectable, Logger } from '@nestjs/common';
import type { z } from 'zod';
import { APP_CONFIG, type AppConfig } from '../../config';
import { ChatModelPort, LlmCallError, type StructuredAnswer, type StructuredCall, type TokenUsage } from './chat-model.port';
import type { CallableProviderName } from './llm-providers';

/* eslint-disable @typescript-eslint/no-require-imports -- the provider packages load on first use, see below */
/**
 * The provider packages (and LangChain's core under them), each loaded when a call first needs it: together they
 * are about 250 ms of every process's start (the API, the worker, the CLIs), and a deployment calls one provider or
 * none. `require`, not `import()`: a dynamic import would load a package's ES module build, with its own copy of
 * @langchain/core beside the CommonJS one the rest of the application uses (messages and errors would stop being
 * instances of its classes).
 */
const PROVIDER_PACKAGES = {
  messages: () => require('@langchain/core/messages') as typeof MessagesModule,
  asyncCaller: () => require('@langchain/core/utils/async_caller') as typeof AsyncCallerModule,
  anthropic: () => require('@langchain/anthropic') as typeof AnthropicPackage,
  deepseek: () => require('@langchain/deepseek') as typeof DeepSeekPackage,
  google: () => require('@langchain/google-genai') as typeof GooglePackage,
  groq: () => require('@langchain/groq') as typeof GroqPackage,
  ollama: () => require('@langchain/ollama') as typeof OllamaPackage,
  openai: () => require('@langchain/openai') as typeof OpenAiPackage,
};
/* eslint-enable @typescript-eslint/no-require-imports */

// In streaming mode the OpenAI-compatible chat models estimate token counts with a tiktoken encoding they
// download from the internet on first use. The provider reports the real usage in its last chunk, so the
// estimate is replaced by the 4-characters-per-token rule LangChain itself falls back to, offline.
const approximateTokens = (content: unknown): number => Math.ceil((typeof content === 'string' ? content : JSON.stringify(content)).length / 4);

/** A chat model class whose token count is the offline estimate (approximateTokens), not tiktoken's. */
// Mixin constructors take `any[]`: TypeScript accepts no other rest type for a class expression extending a parameter.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
function countingTokensOffline<Model extends new (...args: any[]) => { getNumTokens(content: never): Promise<number> }>(base: Model) {
  return class extends base {
    override async getNumTokens(content: unknown): Promise<number> {
      return approximateTokens(content);
    }
  };
}

/** The OpenAI and DeepSeek chat models counting tokens offline, defined on first use (with their packages). */
let offlineChatOpenAI: ReturnType<typeof countingTokensOffline<typeof OpenAiPackage.ChatOpenAICompletions>> | undefined;
let offlineChatDeepSeek: ReturnType<typeof countingTokensOffline<typeof DeepSeekPackage.ChatDeepSeek>> | undefined;

/** groq-sdk appends `/openai/v1/...` itself; GROQ_BASE_URL (as the key check uses it) ends with it. */
function groqSdkBaseUrl(baseUrl: string): string {
  return baseUrl.replace(/\/openai\/v1$/, '');
}

/** A fetch whose requests also end when `signal` aborts (ollama-js cannot cancel a request still waiting for headers). */
function fetchAbortedBy(signal: AbortSignal): typeof fetch {
  return (input, init) => fetch(input, { ...init, signal: init?.signal ? AbortSignal.any([init.signal, signal]) : signal });
}

/** The LangChain chat model for one call. Models are cheap to build; building one per call keeps keys per request. */
function createChatModel(config: AppConfig, call: StructuredCall<unknown>, signal: AbortSignal): BaseChatModel {
  const urls = config.providers.baseUrls;
  const apiKey = call.apiKey ?? undefined;
  const common = { model: call.model, maxRetries: 0, streaming: config.llm.streaming };
  switch (call.provider) {
    case 'OpenAI':
      offlineChatOpenAI ??= countingTokensOffline(PROVIDER_PACKAGES.openai().ChatOpenAICompletions);
      return new offlineChatOpenAI({ ...common, apiKey, streamUsage: true, configuration: { baseURL: urls.openai } });
    case 'OpenRouter':
      offlineChatOpenAI ??= countingTokensOffline(PROVIDER_PACKAGES.openai().ChatOpenAICompletions);
      return new offlineChatOpenAI({ ...common, apiKey, streamUsage: true, configuration: { baseURL: urls.openrouter } });
    case 'DeepSeek':
      offlineChatDeepSeek ??= countingTokensOffline(PROVIDER_PACKAGES.deepseek().ChatDeepSeek);
      return new offlineChatDeepSeek({ ...common, apiKey, streamUsage: true, configuration: { baseURL: urls.deepseek } });
    case 'Groq':
      return new (PROVIDER_PACKAGES.groq().ChatGroq)({ ...common, apiKey, baseUrl: groqSdkBaseUrl(urls.groq) });
    case 'Anthropic':
      return new (PROVIDER_PACKAGES.anthropic().ChatAnthropic)({ ...common, apiKey, anthropicApiUrl: urls.anthropic });
    case 'Google':
      return new (PROVIDER_PACKAGES.google().ChatGoogleGenerativeAI)({ ...common, apiKey, baseUrl: urls.google });
    case 'Ollama':
      return new (PROVIDER_PACKAGES.ollama().ChatOllama)({ model: call.model, baseUrl: config.ollama.baseUrl, streaming: config.llm.streaming, fetch: fetchAbortedBy(signal) });
  }
}

/** OpenAI's JSON-schema answers are strict (every field required, nothing else); the other providers take the schema as given. */
function structuredOptions(provider: CallableProviderName, name: string): { name: string; includeRaw: true; strict?: boolean } {
  return provider === 'OpenAI' ? { name, includeRaw: true, strict: true } : { name, includeRaw: true };
}

function httpStatusOf(error: unknown): number | undefined {
  if (typeof error !== 'object' || error === null) return undefined;
  const e = error as { status?: unknown; statusCode?: unknown; status_code?: unknown; response?: { status?: unknown } };
  for (const value of [e.status, e.statusCode, e.status_code, e.response?.status]) if (typeof value === 'number') return value;
  return undefined;
}

function retryAfterHeaderOf(error: unknown): string | undefined {
  const headers = (error as { headers?: unknown } | null)?.headers;
  if (headers === undefined || headers === null) return undefined;
  if (typeof (headers as Headers).get === 'function') return (headers as Headers).get('retry-after') ?? undefined;
  const value = (headers as Record<string, unknown>)['retry-after'];
  return typeof value === 'string' ? value : undefined;
}

/** Provider error text, without the key (some providers echo part of it), LangChain's troubleshooting links or newlines. */
function safeMessage(error: unknown, apiKey: string | null): string {
  let text = error instanceof Error ? error.message : String(error);
  text = text.replace(/\s*Troubleshooting URL:.*$/s, '').replace(/\s+/g, ' ').trim();
  if (apiKey !== null && apiKey.length > 0) text = text.split(apiKey).join('[redacted]');
  return text.length > 300 ? `${text.slice(0, 297)}...` : text;
}

function toCallError(error: unknown, apiKey: string | null): LlmCallError {
  if (error instanceof LlmCallError) return error;
  const status = httpStatusOf(error);
  const message = safeMessage(error, apiKey);
  if (status === 429) return new LlmCallError('rate_limited', `rate limited (HTTP 429): ${message}`);
  if (status !== undefined) return new LlmCallError('provider_error', `HTTP ${status}: ${message}`);
  return new LlmCallError('unreachable', message);
}

const describeIssues = (issues: readonly { path: readonly PropertyKey[]; message: string }[]): string =>
  issues.map((issue) => `${issue.path.map(String).join('.') || '(answer)'}: ${issue.message}`).join('; ');

/**
 * The schema error for what a provider SDK or LangChain throws on an answer it cannot parse (OpenAI's SDK
 * validates JSON-schema answers itself), or null for any other error.
 */
function answerErrorOf(error: unknown): LlmCallError | null {
  if (error instanceof SyntaxError) return new LlmCallError('schema', `the answer is not JSON: ${safeMessage(error, null)}`);
  const issues = (error as { issues?: unknown } | null)?.issues;
  if (Array.isArray(issues)) return new LlmCallError('schema', `the answer does not match the schema: ${describeIssues(issues)}`);
  if ((error as Error | null)?.name === 'OutputParserException') return new LlmCallError('schema', `the answer does not match the schema: ${safeMessage(error, null)}`);
  return null;
}

function usageOf(raw: AIMessage | undefined): TokenUsage {
  const usage = raw?.usage_metadata;
  return { prompt_tokens: usage?.input_tokens ?? 0, completion_tokens: usage?.output_tokens ?? 0 };
}

/**
 * The answer: LangChain's parsed value, checked again against the schema; else the forced tool call's
 * arguments (LangChain's Anthropic parser misses them in streamed answers); else a schema error.
 */
function interpret<T>(schema: z.ZodType<T>, out: { raw?: AIMessage; parsed?: unknown; parsingError?: unknown }): StructuredAnswer<T> {
  const candidates = [out.parsed, out.raw?.tool_calls?.[0]?.args].filter((value) => value !== undefined && value !== null);
  let issues = out.parsingError === undefined ? 'the answer was empty' : safeMessage(out.parsingError, null);
  for (const candidate of candidates) {
    const checked = schema.safeParse(candidate);
    if (checked.success) return { value: checked.data, usage: usageOf(out.raw) };
    issues = describeIssues(checked.error.issues);
  }
  const answer = out.raw === undefined ? '' : ` (${safeMessage(JSON.stringify(out.raw.tool_calls?.[0]?.args ?? out.raw.content), null).slice(0, 120)})`;
  throw new LlmCallError('schema', `the answer does not match the schema: ${issues}${answer}`);
}

/**
 * The chat-model port on the LangChain JS provider packages. Per provider, one LangChain `AsyncCaller`
 * shared by every run of this process limits the calls in flight (LLM_MAX_CONCURRENCY) and retries 429
 * and 5xx answers with exponential backoff, waiting at least what Retry-After asks (up to
 * LLM_RETRY_AFTER_MAX_MS; a longer wait fails the call). Each attempt has its own timeout (LLM_TIMEOUT_MS);
 * the run's signal cancels the attempt in flight, closing its connection.
 */
@Injectable()
export class LangChainChatModel extends ChatModelPort {
  private readonly logger = new Logger(LangChainChatModel.name);
  private readonly callers = new Map<CallableProviderName, AsyncCaller>();

  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {
    super();
  }

  async complete<T>(call: StructuredCall<T>): Promise<StructuredAnswer<T>> {
    call.signal?.throwIfAborted();
    try {
      return await this.callerFor(call.provider).callWithOptions({ signal: call.signal }, () => this.attempt(call));
    } catch (error) {
      if (call.signal?.aborted === true) throw call.signal.reason;
      throw toCallError(error, call.apiKey);
    }
  }

  private callerFor(provider: CallableProviderName): AsyncCaller {
    let caller = this.callers.get(provider);
    if (caller === undefined) {
      const { maxConcurrency, maxRetries } = this.config.llm;
      caller = new (PROVIDER_PACKAGES.asyncCaller().AsyncCaller)({ maxConcurrency, maxRetries, onFailedAttempt: (error: unknown) => this.onFailedAttempt(provider, error) });
      this.callers.set(provider, caller);
    }
    return caller;
  }

  /** Returns to retry, throws to stop: only 429 (unless the quota is gone or the wait too long) and 5xx are retried. */
  private onFailedAttempt(provider: CallableProviderName, error: unknown): void {
    if (error instanceof LlmCallError) throw error;
    const status = httpStatusOf(error);
    if (status === undefined || (status !== 429 && status < 500)) throw error;
    const { classifyRateLimitError, parseRetryAfterMs } = PROVIDER_PACKAGES.asyncCaller();
    if (status === 429 && classifyRateLimitError(error)?.action === 'stop') throw error;
    const retryAfterMs = parseRetryAfterMs(retryAfterHeaderOf(error));
    if (retryAfterMs !== undefined) {
      if (retryAfterMs > this.config.llm.retryAfterMaxMs) throw error;
      // LangChain's retry loop waits max(its backoff, retryAfterMs).
      (error as { retryAfterMs?: number }).retryAfterMs = retryAfterMs;
    }
    const wait = retryAfterMs === undefined ? 'after a backoff' : `after at least ${retryAfterMs} ms (Retry-After)`;
    this.logger.warn(`${provider} answered HTTP ${status}; retrying ${wait}`);
  }

  private async attempt<T>(call: StructuredCall<T>): Promise<StructuredAnswer<T>> {
    call.signal?.throwIfAborted();
    const controller = new AbortController();
    const timeoutMs = this.config.llm.timeoutMs;
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      controller.abort(new LlmCallError('timeout', `no answer within ${timeoutMs} ms`));
    }, timeoutMs);
    const cancel = (): void => controller.abort(call.signal?.reason);
    call.signal?.addEventListener('abort', cancel, { once: true });
    try {
      const model = createChatModel(this.config, call as StructuredCall<unknown>, controller.signal);
      const runnable = model.withStructuredOutput(call.schema as z.ZodType<Record<string, unknown>>, structuredOptions(call.provider, call.schemaName));
      const { HumanMessage, SystemMessage } = PROVIDER_PACKAGES.messages();
      const out = (await runnable.invoke([new SystemMessage(call.prompt.system), new HumanMessage(call.prompt.user)], { signal: controller.signal })) as {
        raw?: AIMessage;
        parsed?: unknown;
        parsingError?: unknown;
      };
      return interpret(call.schema, out);
    } catch (error) {
      if (timedOut) throw new LlmCallError('timeout', `no answer within ${timeoutMs} ms`);
      throw answerErrorOf(error) ?? error;
    } finally {
      clearTimeout(timer);
      call.signal?.removeEventListener('abort', cancel);
    }
  }
}
