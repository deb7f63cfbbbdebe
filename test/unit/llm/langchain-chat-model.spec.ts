import { Logger } from '@nestjs/common';
import { z } from 'zod';
import { loadConfig } from '../../../src/config';
import { LlmCallError, type StructuredCall } from '../../../src/modules/llm/chat-model.port';
import { LangChainChatModel } from '../../../src/modules/llm/langchain-chat-model';
import type { CallableProviderName } from '../../../src/modules/llm/llm-providers';
import { FakeHttpServer } from '../../support/fake-http-server';
import { anthropicError, FAKE_USAGE, type FakeLlmBehaviour, fakeLlmServer, type FakeWire, jsonBody, openAiError, openAiReply, promptText } from '../../support/fake-llm';

const SIGNAL = z.object({ signal: z.enum(['bullish', 'bearish', 'neutral']), confidence: z.number().min(0).max(100), reasoning: z.string() });
const ANSWER = { signal: 'bearish', confidence: 72, reasoning: 'Priced for perfection.' };
const KEY = 'sk-test-secret-0123456789';

/** Polls on real I/O turns (setImmediate is not faked) until the condition holds; 10 s of wall time at most. */
async function until(condition: () => boolean, what: string): Promise<void> {
  const deadline = process.hrtime.bigint() + 10_000_000_000n;
  while (!condition()) {
    if (process.hrtime.bigint() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setImmediate(resolve));
  }
}

const BASE_URL_VARIABLE: Record<FakeWire, string> = { openai: 'OPENAI_BASE_URL', anthropic: 'ANTHROPIC_BASE_URL', ollama: 'OLLAMA_BASE_URL', google: 'GOOGLE_BASE_URL' };

describe('LangChainChatModel against fake providers on loopback', () => {
  const servers: FakeHttpServer[] = [];

  afterEach(async () => {
    jest.useRealTimers();
    jest.restoreAllMocks();
    await Promise.all(servers.splice(0).map((server) => server.stop()));
  });

  async function setup(wire: FakeWire, script: (request: Parameters<Parameters<typeof fakeLlmServer>[1]>[0], index: number) => FakeLlmBehaviour, env: Record<string, string> = {}) {
    const server = await fakeLlmServer(wire, script).start();
    servers.push(server);
    const config = loadConfig({ [BASE_URL_VARIABLE[wire]]: server.url, LLM_MAX_RETRIES: '2', ...env });
    return { server, model: new LangChainChatModel(config) };
  }

  function call(provider: CallableProviderName, model: string, extra: Partial<StructuredCall<z.infer<typeof SIGNAL>>> = {}): StructuredCall<z.infer<typeof SIGNAL>> {
    return {
      provider,
      model,
      apiKey: provider === 'Ollama' ? null : KEY,
      prompt: { system: 'You are Warren Buffett.', user: '{"ticker":"AAPL","facts":{"score":12}}' },
      schema: SIGNAL,
      schemaName: 'persona_signal',
      ...extra,
    };
  }

  describe('OpenAI chat completions', () => {
    it.each([false, true])('gpt-4.1 answers through a strict json_schema response format (streamed: %s)', async (streaming) => {
      const { server, model } = await setup('openai', () => ({ answer: ANSWER }), { LLM_STREAMING: String(streaming) });
      const answer = await model.complete(call('OpenAI', 'gpt-4.1'));
      expect(answer).toEqual({ value: ANSWER, usage: FAKE_USAGE });
      expect(server.requests).toHaveLength(1);
      const request = server.requests[0];
      expect(request.url).toBe('/chat/completions');
      expect(request.headers.authorization).toBe(`Bearer ${KEY}`);
      const body = jsonBody(request);
      expect(body).toMatchObject({ model: 'gpt-4.1', stream: streaming, response_format: { type: 'json_schema', json_schema: { name: 'persona_signal', strict: true } } });
      expect(body.tools).toBeUndefined();
      expect(promptText(request)).toContain('You are Warren Buffett.');
      expect(promptText(request)).toContain('"ticker":"AAPL"');
    });

    it.each([false, true])('a model without JSON-schema support answers through a forced tool call (streamed: %s)', async (streaming) => {
      const { server, model } = await setup('openai', () => ({ answer: ANSWER }), { LLM_STREAMING: String(streaming) });
      await expect(model.complete(call('OpenAI', 'gpt-4-turbo'))).resolves.toEqual({ value: ANSWER, usage: FAKE_USAGE });
      const body = jsonBody(server.requests[0]);
      expect(body.response_format).toBeUndefined();
      expect(body).toMatchObject({ tool_choice: { type: 'function', function: { name: 'persona_signal' } } });
      expect((body.tools as { function: { name: string } }[])[0].function.name).toBe('persona_signal');
    });

    it('an answer that breaks the schema is a schema error, not retried', async () => {
      const { server, model } = await setup('openai', () => ({ answer: { signal: 'very bullish', confidence: 250, reasoning: 'moon' } }));
      const failure = model.complete(call('OpenAI', 'gpt-4.1'));
      await expect(failure).rejects.toBeInstanceOf(LlmCallError);
      await expect(failure).rejects.toMatchObject({ kind: 'schema', message: expect.stringMatching(/^the answer does not match the schema: signal: .*confidence: /) });
      expect(server.requests).toHaveLength(1);
    });

    it('text that is not JSON is a schema error too', async () => {
      const { model } = await setup('openai', () => ({ answer: 'I think it is a buy.' }));
      await expect(model.complete(call('OpenAI', 'gpt-4.1'))).rejects.toMatchObject({ kind: 'schema', message: expect.stringMatching(/^the answer is not JSON: /) });
    });

    it('waits what Retry-After asks after a 429, then retries and answers', async () => {
      jest.useFakeTimers({ doNotFake: ['setImmediate', 'nextTick', 'queueMicrotask'] });
      const warn = jest.spyOn(Logger.prototype, 'warn').mockImplementation(() => undefined);
      const { server, model } = await setup('openai', (_request, index) => (index === 0 ? { reply: openAiError(429, 'Rate limit reached', { 'retry-after': '7' }) } : { answer: ANSWER }));
      const pending = model.complete(call('OpenAI', 'gpt-4.1'));
      await until(() => warn.mock.calls.length === 1, 'the retry to be scheduled');
      expect(warn.mock.calls[0][0]).toBe('OpenAI answered HTTP 429; retrying after at least 7000 ms (Retry-After)');
      await new Promise((resolve) => setImmediate(resolve));
      await jest.advanceTimersByTimeAsync(6_990);
      expect(server.requests).toHaveLength(1);
      await jest.advanceTimersByTimeAsync(20);
      await until(() => server.requests.length === 2, 'the second attempt');
      await expect(pending).resolves.toEqual({ value: ANSWER, usage: FAKE_USAGE });
    });

    it('retries a 5xx with backoff, at most LLM_MAX_RETRIES times, then fails as a provider error', async () => {
      jest.useFakeTimers({ doNotFake: ['setImmediate', 'nextTick', 'queueMicrotask'] });
      jest.spyOn(Logger.prototype, 'warn').mockImplementation(() => undefined);
      const { server, model } = await setup('openai', () => ({ reply: openAiError(503, 'overloaded') }));
      const pending = model.complete(call('OpenAI', 'gpt-4.1'));
      pending.catch(() => undefined);
      for (let attempt = 1; attempt <= 3; attempt += 1) {
        await until(() => server.requests.length === attempt, `attempt ${attempt}`);
        await jest.advanceTimersByTimeAsync(10_000);
      }
      await expect(pending).rejects.toMatchObject({ kind: 'provider_error', message: expect.stringMatching(/^HTTP 503: /) });
      expect(server.requests).toHaveLength(3);
    });

    it('does not retry a 4xx, and never repeats the key a provider echoes in its error', async () => {
      const { server, model } = await setup('openai', () => ({ reply: openAiError(401, `Incorrect API key provided: ${KEY}.`) }));
      const failure = model.complete(call('OpenAI', 'gpt-4.1'));
      await expect(failure).rejects.toMatchObject({ kind: 'provider_error' });
      const message = ((await failure.catch((error: unknown) => error)) as Error).message;
      expect(message).toContain('Incorrect API key provided: [redacted]');
      expect(message).not.toContain(KEY);
      expect(server.requests).toHaveLength(1);
    });

    it('a Retry-After longer than LLM_RETRY_AFTER_MAX_MS fails at once as rate limited', async () => {
      const { server, model } = await setup('openai', () => ({ reply: openAiError(429, 'Rate limit reached', { 'retry-after': '120' }) }), { LLM_RETRY_AFTER_MAX_MS: '30000' });
      await expect(model.complete(call('OpenAI', 'gpt-4.1'))).rejects.toMatchObject({ kind: 'rate_limited' });
      expect(server.requests).toHaveLength(1);
    });

    it('a provider that never answers times out after LLM_TIMEOUT_MS and the connection is closed', async () => {
      jest.useFakeTimers({ doNotFake: ['setImmediate', 'nextTick', 'queueMicrotask'] });
      const { server, model } = await setup('openai', () => 'hang', { LLM_TIMEOUT_MS: '5000' });
      const pending = model.complete(call('OpenAI', 'gpt-4.1'));
      pending.catch(() => undefined);
      await until(() => server.requests.length === 1, 'the request');
      await jest.advanceTimersByTimeAsync(4_999);
      expect(server.closedByClient).toBe(0);
      await jest.advanceTimersByTimeAsync(1);
      await expect(pending).rejects.toMatchObject({ kind: 'timeout', message: 'no answer within 5000 ms' });
      await server.waitForClientClose();
      expect(server.requests).toHaveLength(1);
    });

    it("aborting the run's signal rejects with its reason and closes the call in flight", async () => {
      const { server, model } = await setup('openai', () => 'hang');
      const controller = new AbortController();
      const pending = model.complete(call('OpenAI', 'gpt-4.1', { signal: controller.signal }));
      await until(() => server.requests.length === 1, 'the request');
      const reason = new Error('client went away');
      controller.abort(reason);
      await expect(pending).rejects.toBe(reason);
      await server.waitForClientClose();
    });

    it('keeps at most LLM_MAX_CONCURRENCY calls per provider in flight, every run together', async () => {
      const release: (() => void)[] = [];
      let inFlight = 0;
      let peak = 0;
      const server = await new FakeHttpServer(async (request) => {
        inFlight += 1;
        peak = Math.max(peak, inFlight);
        await new Promise<void>((resolve) => release.push(resolve));
        inFlight -= 1;
        return openAiReply(request, ANSWER);
      }).start();
      servers.push(server);
      const model = new LangChainChatModel(loadConfig({ OPENAI_BASE_URL: server.url, LLM_MAX_CONCURRENCY: '2' }));
      // Five calls from two runs (each with its own signal) at once.
      const runs = [new AbortController(), new AbortController()];
      const pending = [0, 1, 2, 3, 4].map((i) => model.complete(call('OpenAI', 'gpt-4.1', { signal: runs[i % 2].signal })));
      for (let answered = 0; answered < 5; answered += 1) {
        await until(() => release.length === Math.min(2, 5 - answered), `${Math.min(2, 5 - answered)} calls in flight`);
        for (let turn = 0; turn < 20; turn += 1) await new Promise((resolve) => setImmediate(resolve));
        expect(server.requests).toHaveLength(Math.min(5, answered + 2));
        release.shift()?.();
      }
      await expect(Promise.all(pending)).resolves.toHaveLength(5);
      expect(peak).toBe(2);
    });
  });

  describe('Anthropic messages', () => {
    it.each([false, true])('answers through a forced tool_use block (streamed: %s)', async (streaming) => {
      const { server, model } = await setup('anthropic', () => ({ answer: ANSWER }), { LLM_STREAMING: String(streaming) });
      const answer = await model.complete(call('Anthropic', 'claude-sonnet-5'));
      expect(answer.value).toEqual(ANSWER);
      expect(answer.usage.prompt_tokens).toBe(FAKE_USAGE.prompt_tokens);
      const request = server.requests[0];
      expect(request.url).toBe('/v1/messages');
      expect(request.headers['x-api-key']).toBe(KEY);
      expect(jsonBody(request)).toMatchObject({ model: 'claude-sonnet-5', system: 'You are Warren Buffett.', tool_choice: { type: 'tool', name: 'persona_signal' } });
    });

    it('waits what Retry-After asks after a 429, then retries and answers', async () => {
      jest.useFakeTimers({ doNotFake: ['setImmediate', 'nextTick', 'queueMicrotask'] });
      const warn = jest.spyOn(Logger.prototype, 'warn').mockImplementation(() => undefined);
      const { server, model } = await setup('anthropic', (_request, index) => (index === 0 ? { reply: anthropicError(429, 'slow down', { 'retry-after': '7' }) } : { answer: ANSWER }));
      const pending = model.complete(call('Anthropic', 'claude-sonnet-5'));
      await until(() => warn.mock.calls.length === 1, 'the retry to be scheduled');
      expect(warn.mock.calls[0][0]).toBe('Anthropic answered HTTP 429; retrying after at least 7000 ms (Retry-After)');
      await new Promise((resolve) => setImmediate(resolve));
      await jest.advanceTimersByTimeAsync(6_990);
      expect(server.requests).toHaveLength(1);
      await jest.advanceTimersByTimeAsync(20);
      await until(() => server.requests.length === 2, 'the second attempt');
      await expect(pending).resolves.toMatchObject({ value: ANSWER });
    });
  });

  describe('the other providers', () => {
    it.each([
      ['OpenRouter', 'OPENROUTER_BASE_URL', '/api/v1', 'openai/gpt-4.1', '/api/v1/chat/completions'],
      ['DeepSeek', 'DEEPSEEK_BASE_URL', '', 'deepseek-chat', '/chat/completions'],
      ['Groq', 'GROQ_BASE_URL', '/openai/v1', 'llama-3.3-70b-versatile', '/openai/v1/chat/completions'],
    ] as const)('%s speaks OpenAI chat completions at its own base URL', async (provider, variable, path, modelName, expectedPath) => {
      const server = await fakeLlmServer('openai', () => ({ answer: ANSWER })).start();
      servers.push(server);
      const model = new LangChainChatModel(loadConfig({ [variable]: `${server.url}${path}` }));
      await expect(model.complete(call(provider, modelName))).resolves.toEqual({ value: ANSWER, usage: FAKE_USAGE });
      expect(server.requests[0].url).toBe(expectedPath);
      expect(server.requests[0].headers.authorization).toBe(`Bearer ${KEY}`);
      expect(jsonBody(server.requests[0]).model).toBe(modelName);
    });

    it.each([false, true])('Google answers generateContent with a JSON response schema (streamed: %s)', async (streaming) => {
      const { server, model } = await setup('google', () => ({ answer: ANSWER }), { LLM_STREAMING: String(streaming) });
      await expect(model.complete(call('Google', 'gemini-2.5-flash'))).resolves.toEqual({ value: ANSWER, usage: FAKE_USAGE });
      const request = server.requests[0];
      expect(request.url).toMatch(streaming ? /^\/v1beta\/models\/gemini-2\.5-flash:streamGenerateContent/ : /^\/v1beta\/models\/gemini-2\.5-flash:generateContent/);
      expect(request.headers['x-goog-api-key']).toBe(KEY);
      expect(jsonBody(request)).toMatchObject({ generationConfig: { responseMimeType: 'application/json' } });
    });
  });

  describe('Ollama /api/chat', () => {
    it('answers through the JSON schema given as `format`, streamed as NDJSON', async () => {
      const { server, model } = await setup('ollama', () => ({ answer: ANSWER }));
      await expect(model.complete(call('Ollama', 'llama3.1:latest'))).resolves.toEqual({ value: ANSWER, usage: FAKE_USAGE });
      const request = server.requests[0];
      expect(request.url).toBe('/api/chat');
      expect(request.headers.authorization).toBeUndefined();
      const body = jsonBody(request);
      expect(body).toMatchObject({ model: 'llama3.1:latest', format: { type: 'object', required: ['signal', 'confidence', 'reasoning'] } });
    });

    it('a cancelled run closes a call still waiting for the answer', async () => {
      const { server, model } = await setup('ollama', () => 'hang');
      const controller = new AbortController();
      const pending = model.complete(call('Ollama', 'llama3.1:latest', { signal: controller.signal }));
      await until(() => server.requests.length === 1, 'the request');
      controller.abort(new Error('cancelled'));
      await expect(pending).rejects.toThrow('cancelled');
      await server.waitForClientClose();
    });
  });
});
