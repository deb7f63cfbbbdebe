import { ConfigError, loadConfig } from '../../src/config';

describe('loadConfig: the LLM layer', () => {
  it("defaults to the anchor's gpt-4.1 on OpenAI, 60 s per attempt, 2 retries, 4 calls per provider, the cache on", () => {
    expect(loadConfig({}).llm).toEqual({
      defaultModel: { provider: 'OpenAI', model: 'gpt-4.1' },
      timeoutMs: 60_000,
      maxRetries: 2,
      retryAfterMaxMs: 60_000,
      maxConcurrency: 4,
      cache: 'on',
      streaming: false,
    });
  });

  it('reads every variable; the provider name is matched case-insensitively and spelled as the anchor spells it', () => {
    const llm = loadConfig({
      LLM_DEFAULT_MODEL: 'llama3.1:latest',
      LLM_DEFAULT_PROVIDER: 'ollama',
      LLM_TIMEOUT_MS: '1500',
      LLM_MAX_RETRIES: '0',
      LLM_RETRY_AFTER_MAX_MS: '5000',
      LLM_MAX_CONCURRENCY: '16',
      LLM_CACHE: 'Refresh',
      LLM_STREAMING: 'true',
    }).llm;
    expect(llm).toEqual({
      defaultModel: { provider: 'Ollama', model: 'llama3.1:latest' },
      timeoutMs: 1500,
      maxRetries: 0,
      retryAfterMaxMs: 5000,
      maxConcurrency: 16,
      cache: 'refresh',
      streaming: true,
    });
  });

  it('LLM_DEFAULT_MODEL=none selects no default model (agents without one decide by rules)', () => {
    expect(loadConfig({ LLM_DEFAULT_MODEL: 'none' }).llm.defaultModel).toBeNull();
  });

  it.each([
    [{ LLM_DEFAULT_PROVIDER: 'Acme' }, 'LLM_DEFAULT_PROVIDER'],
    [{ LLM_TIMEOUT_MS: '10' }, 'LLM_TIMEOUT_MS'],
    [{ LLM_MAX_RETRIES: '-1' }, 'LLM_MAX_RETRIES'],
    [{ LLM_MAX_RETRIES: '11' }, 'LLM_MAX_RETRIES'],
    [{ LLM_MAX_CONCURRENCY: '0' }, 'LLM_MAX_CONCURRENCY'],
    [{ LLM_CACHE: 'maybe' }, 'LLM_CACHE'],
    [{ LLM_STREAMING: 'sometimes' }, 'LLM_STREAMING'],
    [{ LLM_RETRY_AFTER_MAX_MS: 'soon' }, 'LLM_RETRY_AFTER_MAX_MS'],
  ])('rejects %j naming %s', (env, variable) => {
    expect(() => loadConfig(env)).toThrow(ConfigError);
    expect(() => loadConfig(env)).toThrow(new RegExp(`^Invalid configuration: ${variable} `));
  });
});
