import { readFileSync } from 'node:fs';
import { isIP } from 'node:net';
import { availableParallelism } from 'node:os';
import { resolve } from 'node:path';
import { parse as parseDotenv } from 'dotenv';
import type { AppConfig, JobsConfig, LlmCacheMode, LlmConfig, LogLevel, MarketDataConfig, MarketDataProviderSetting, ModelRef, ProvidersConfig } from './app-config';
import { USER_CACHE_DIR } from './cache-home';
import { APP_VERSION } from './version';

/** Thrown when the environment holds a value the server cannot run with; the message names the variable. */
export class ConfigError extends Error {
  constructor(readonly variable: string, message: string) {
    super(`Invalid configuration: ${variable} ${message}`);
    this.name = 'ConfigError';
  }
}

const LOG_LEVELS: readonly LogLevel[] = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'];
const LOOPBACK_HOSTS = new Set(['localhost', '127.0.0.1', '::1', '[::1]']);
const DEFAULT_CORS = ['http://localhost:5173', 'http://127.0.0.1:5173'];

type Env = Readonly<Record<string, string | undefined>>;

function read(env: Env, name: string): string | undefined {
  const value = env[name];
  if (value === undefined) return undefined;
  const trimmed = value.trim();
  return trimmed === '' ? undefined : trimmed;
}

function readInt(env: Env, name: string, fallback: number, min: number, max: number): number {
  const raw = read(env, name);
  if (raw === undefined) return fallback;
  if (!/^\d+$/.test(raw)) throw new ConfigError(name, `must be an integer, got "${raw}"`);
  const value = Number(raw);
  if (value < min || value > max) throw new ConfigError(name, `must be between ${min} and ${max}, got ${value}`);
  return value;
}

function readHost(env: Env, name = 'HOST', fallback = 'localhost'): string {
  const host = read(env, name) ?? fallback;
  const hostname = /^[A-Za-z0-9.-]+$/;
  if (!isIP(host.replace(/^\[|\]$/g, '')) && !hostname.test(host)) {
    throw new ConfigError(name, `must be a host name or IP address, got "${host}"`);
  }
  return host;
}

function readDatabaseUrl(env: Env): string | null {
  const raw = read(env, 'DATABASE_URL');
  if (raw === undefined) return null;
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new ConfigError('DATABASE_URL', 'must be a URL such as postgres://user@host:5432/db');
  }
  if (url.protocol !== 'postgres:' && url.protocol !== 'postgresql:') {
    throw new ConfigError('DATABASE_URL', `must use the postgres:// scheme, got "${url.protocol}"`);
  }
  return raw;
}

function readCorsOrigins(env: Env): string[] {
  const raw = read(env, 'CORS_ORIGINS');
  if (raw === undefined) return DEFAULT_CORS;
  const origins = raw.split(',').map((o) => o.trim()).filter((o) => o !== '');
  for (const origin of origins) {
    if (origin === '*') continue;
    try {
      const url = new URL(origin);
      if (url.origin !== origin) throw new Error('not an origin');
    } catch {
      throw new ConfigError('CORS_ORIGINS', `must be a comma-separated list of origins like http://localhost:5173, got "${origin}"`);
    }
  }
  return origins;
}

const WILDCARD_HOSTS = new Set(['0.0.0.0', '::', '[::]']);

/** Host names served (lower-case, IPv6 in brackets): ALLOWED_HOSTS, else the loopback names and HOST. */
function readAllowedHosts(env: Env, host: string): string[] {
  const raw = read(env, 'ALLOWED_HOSTS');
  const bracket = (name: string): string => (isIP(name) === 6 ? `[${name}]` : name);
  if (raw === undefined) {
    const defaults = ['localhost', '127.0.0.1', '[::1]'];
    const own = bracket(host.toLowerCase());
    return WILDCARD_HOSTS.has(own) || defaults.includes(own) ? defaults : [...defaults, own];
  }
  const hosts = raw.split(',').map((h) => h.trim().toLowerCase()).filter((h) => h !== '');
  for (const name of hosts) {
    if (name === '*') continue;
    const bare = name.replace(/^\[|\]$/g, '');
    if (!isIP(bare) && !/^[a-z0-9]([a-z0-9-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)*\.?$/.test(name)) {
      throw new ConfigError('ALLOWED_HOSTS', `must be a comma-separated list of host names or IP addresses (no port), or *, got "${name}"`);
    }
  }
  return hosts.map((name) => bracket(name.replace(/^\[|\]$/g, '')));
}

function readServerTimeouts(env: Env): { headersTimeoutMs: number; requestTimeoutMs: number } {
  const headersTimeoutMs = readInt(env, 'HTTP_HEADERS_TIMEOUT_MS', 20_000, 100, 600_000);
  const requestTimeoutMs = readInt(env, 'HTTP_REQUEST_TIMEOUT_MS', 300_000, 100, 3_600_000);
  if (headersTimeoutMs > requestTimeoutMs) {
    throw new ConfigError('HTTP_HEADERS_TIMEOUT_MS', `must not exceed HTTP_REQUEST_TIMEOUT_MS (${headersTimeoutMs} > ${requestTimeoutMs})`);
  }
  return { headersTimeoutMs, requestTimeoutMs };
}

function readSecretsKey(env: Env): Buffer | null {
  const raw = read(env, 'SECRETS_KEY');
  if (raw === undefined) return null;
  const key = /^[0-9a-fA-F]{64}$/.test(raw) ? Buffer.from(raw, 'hex') : Buffer.from(raw, 'base64');
  if (key.length !== 32) {
    throw new ConfigError('SECRETS_KEY', 'must be 32 bytes, given as 64 hex characters or base64 (openssl rand -base64 32)');
  }
  return key;
}

/** An http(s) base URL without a trailing slash. */
export function readBaseUrl(env: Env, name: string, fallback: string): string {
  const raw = read(env, name) ?? fallback;
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new ConfigError(name, `must be an http(s) URL, got "${raw}"`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new ConfigError(name, `must be an http(s) URL, got "${raw}"`);
  return raw.replace(/\/+$/, '');
}

function readLogLevel(env: Env): LogLevel {
  const raw = (read(env, 'LOG_LEVEL') ?? 'info').toLowerCase();
  if (!(LOG_LEVELS as readonly string[]).includes(raw)) {
    throw new ConfigError('LOG_LEVEL', `must be one of ${LOG_LEVELS.join(', ')}, got "${raw}"`);
  }
  return raw as LogLevel;
}

function readAuthToken(env: Env): string | null {
  const token = read(env, 'AUTH_TOKEN');
  if (token === undefined) return null;
  if (token.length < 16) throw new ConfigError('AUTH_TOKEN', 'must be at least 16 characters long');
  return token;
}

/** The environment variables a provider key may come from when none is stored (the anchor's key names). */
export const PROVIDER_KEY_VARIABLES = [
  'OPENAI_API_KEY',
  'ANTHROPIC_API_KEY',
  'GROQ_API_KEY',
  'GOOGLE_API_KEY',
  'DEEPSEEK_API_KEY',
  'OPENROUTER_API_KEY',
  'FINANCIAL_DATASETS_API_KEY',
] as const;

function readEnvironmentKeys(env: Env): ReadonlyMap<string, string> {
  const keys = new Map<string, string>();
  for (const name of PROVIDER_KEY_VARIABLES) {
    const value = read(env, name);
    if (value !== undefined) keys.set(name, value);
  }
  return keys;
}

function readProviders(env: Env): ProvidersConfig {
  return {
    environmentKeys: readEnvironmentKeys(env),
    baseUrls: {
      openai: readBaseUrl(env, 'OPENAI_BASE_URL', 'https://api.openai.com/v1'),
      anthropic: readBaseUrl(env, 'ANTHROPIC_BASE_URL', 'https://api.anthropic.com'),
      groq: readBaseUrl(env, 'GROQ_BASE_URL', 'https://api.groq.com/openai/v1'),
      google: readBaseUrl(env, 'GOOGLE_BASE_URL', 'https://generativelanguage.googleapis.com'),
      deepseek: readBaseUrl(env, 'DEEPSEEK_BASE_URL', 'https://api.deepseek.com'),
      openrouter: readBaseUrl(env, 'OPENROUTER_BASE_URL', 'https://openrouter.ai/api/v1'),
      financialDatasets: readBaseUrl(env, 'FINANCIAL_DATASETS_BASE_URL', 'https://api.financialdatasets.ai'),
    },
    keyTestTimeoutMs: readInt(env, 'API_KEY_TEST_TIMEOUT_MS', 5000, 100, 60_000),
  };
}

/**
 * The anchor's `ModelProvider` values: what `model_provider` and LLM_DEFAULT_PROVIDER may name (the LLM layer
 * calls OpenAI, Anthropic, Google, Groq, DeepSeek, OpenRouter and Ollama; the others decide by rules).
 */
export const MODEL_PROVIDERS = [
  'Alibaba',
  'Anthropic',
  'DeepSeek',
  'Google',
  'Groq',
  'Kimi',
  'Meta',
  'Mistral',
  'OpenAI',
  'Ollama',
  'OpenRouter',
  'GigaChat',
  'Azure OpenAI',
  'xAI',
] as const;

const LLM_CACHE_MODES: readonly LlmCacheMode[] = ['on', 'off', 'refresh'];

function readBoolean(env: Env, name: string, fallback: boolean): boolean {
  const raw = read(env, name)?.toLowerCase();
  if (raw === undefined) return fallback;
  if (['true', '1', 'on', 'yes'].includes(raw)) return true;
  if (['false', '0', 'off', 'no'].includes(raw)) return false;
  throw new ConfigError(name, `must be true or false, got "${raw}"`);
}

function readDefaultModel(env: Env): ModelRef | null {
  const model = read(env, 'LLM_DEFAULT_MODEL') ?? 'gpt-4.1';
  if (model.toLowerCase() === 'none') return null;
  if (model.length > 200) throw new ConfigError('LLM_DEFAULT_MODEL', 'must be at most 200 characters');
  const provider = read(env, 'LLM_DEFAULT_PROVIDER') ?? 'OpenAI';
  const known = MODEL_PROVIDERS.find((p) => p.toLowerCase() === provider.toLowerCase());
  if (known === undefined) throw new ConfigError('LLM_DEFAULT_PROVIDER', `must be one of ${MODEL_PROVIDERS.join(', ')}, got "${provider}"`);
  return { provider: known, model };
}

function readLlm(env: Env): LlmConfig {
  const cache = (read(env, 'LLM_CACHE') ?? 'on').toLowerCase();
  if (!(LLM_CACHE_MODES as readonly string[]).includes(cache)) {
    throw new ConfigError('LLM_CACHE', `must be one of ${LLM_CACHE_MODES.join(', ')}, got "${cache}"`);
  }
  return {
    defaultModel: readDefaultModel(env),
    timeoutMs: readInt(env, 'LLM_TIMEOUT_MS', 60_000, 100, 600_000),
    maxRetries: readInt(env, 'LLM_MAX_RETRIES', 2, 0, 10),
    retryAfterMaxMs: readInt(env, 'LLM_RETRY_AFTER_MAX_MS', 60_000, 0, 600_000),
    maxConcurrency: readInt(env, 'LLM_MAX_CONCURRENCY', 4, 1, 256),
    cache: cache as LlmCacheMode,
    streaming: readBoolean(env, 'LLM_STREAMING', false),
  };
}

const MARKET_DATA_PROVIDERS: readonly MarketDataProviderSetting[] = ['synthetic', 'csv', 'financialdatasets'];

function readMarketData(env: Env, dataDir: string, financialDatasetsBaseUrl: string): MarketDataConfig {
  const provider = (read(env, 'MARKET_DATA_PROVIDER') ?? 'synthetic').toLowerCase();
  if (!(MARKET_DATA_PROVIDERS as readonly string[]).includes(provider)) {
    throw new ConfigError('MARKET_DATA_PROVIDER', `must be one of ${MARKET_DATA_PROVIDERS.join(', ')}, got "${provider}"`);
  }
  const csvDir = read(env, 'MARKET_DATA_CSV_DIR');
  return {
    provider: provider as MarketDataProviderSetting,
    csvDir: csvDir === undefined ? resolve(dataDir, 'market-data') : resolve(csvDir),
    syntheticSeed: readInt(env, 'MARKET_DATA_SEED', 42, 0, 4294967295),
    maxRangeDays: readInt(env, 'MARKET_DATA_MAX_RANGE_DAYS', 7320, 1, 36600),
    maxMinuteRangeDays: readInt(env, 'MARKET_DATA_MAX_MINUTE_RANGE_DAYS', 400, 1, 3660),
    financialDatasets: {
      baseUrl: financialDatasetsBaseUrl,
      timeoutMs: readInt(env, 'FINANCIAL_DATASETS_TIMEOUT_MS', 30_000, 100, 600_000),
      maxRetries: readInt(env, 'FINANCIAL_DATASETS_MAX_RETRIES', 4, 0, 10),
      retryBaseMs: readInt(env, 'FINANCIAL_DATASETS_RETRY_BASE_MS', 1000, 1, 60_000),
      retryMaxMs: readInt(env, 'FINANCIAL_DATASETS_RETRY_MAX_MS', 60_000, 1, 600_000),
    },
  };
}

function readRedisUrl(env: Env): string | null {
  const raw = read(env, 'REDIS_URL');
  if (raw === undefined) return null;
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new ConfigError('REDIS_URL', 'must be a URL such as redis://127.0.0.1:6379/0');
  }
  if (url.protocol !== 'redis:' && url.protocol !== 'rediss:') throw new ConfigError('REDIS_URL', `must use the redis:// or rediss:// scheme, got "${url.protocol}"`);
  if (url.pathname !== '' && url.pathname !== '/' && !/^\/\d{1,2}$/.test(url.pathname)) throw new ConfigError('REDIS_URL', `names a database index after the host (/0 to /15), got "${url.pathname}"`);
  return raw;
}

function readJobs(env: Env): JobsConfig {
  const prefix = read(env, 'JOB_QUEUE_PREFIX') ?? 'hf-jobs';
  if (!/^[A-Za-z0-9_.-]{1,64}$/.test(prefix)) throw new ConfigError('JOB_QUEUE_PREFIX', `must be 1-64 letters, digits, _ . -, got "${prefix}"`);
  return {
    threads: readInt(env, 'RUN_THREADS', Math.max(1, availableParallelism() - 1), 1, 256),
    concurrency: readInt(env, 'WORKER_CONCURRENCY', 2, 1, 256),
    redisUrl: readRedisUrl(env),
    queuePrefix: prefix,
    leaseMs: readInt(env, 'RUN_LEASE_MS', 30_000, 300, 3_600_000),
    shutdownGraceMs: readInt(env, 'SHUTDOWN_GRACE_MS', 20_000, 0, 3_600_000),
    metricsPort: read(env, 'WORKER_METRICS_PORT') === undefined ? null : readInt(env, 'WORKER_METRICS_PORT', 0, 0, 65535),
    metricsHost: readHost(env, 'WORKER_METRICS_HOST', '127.0.0.1'),
  };
}

/** PGLITE_TEMPLATE_DIR: a directory, `off`, or unset for the user's cache (~/.cache/hedge-fund-backend). */
function readTemplateDir(env: Env): string | null {
  const value = read(env, 'PGLITE_TEMPLATE_DIR');
  if (value === 'off') return null;
  return resolve(value ?? USER_CACHE_DIR);
}

/**
 * Validates the environment once and returns the typed configuration. Every error names the variable,
 * so a wrong value stops the boot with a message the operator can act on.
 */
export function loadConfig(env: Env): AppConfig {
  const host = readHost(env);
  const authToken = readAuthToken(env);
  const dataDir = resolve(read(env, 'DATA_DIR') ?? './data');
  const providers = readProviders(env);
  // A container must bind its wildcard address; when its port is published on the host's loopback only
  // (the compose `loopback` profile), that address is not reachable from other machines either.
  const publishedOnLoopback = readBoolean(env, 'PUBLISHED_ON_LOOPBACK', false);
  if (authToken === null && !LOOPBACK_HOSTS.has(host) && !(publishedOnLoopback && WILDCARD_HOSTS.has(host))) {
    throw new ConfigError(
      'HOST',
      `is "${host}", which is reachable from other machines; set AUTH_TOKEN to require a bearer token, or bind to localhost`,
    );
  }
  return {
    version: APP_VERSION,
    http: {
      host,
      port: readInt(env, 'PORT', 8000, 0, 65535),
      corsOrigins: readCorsOrigins(env),
      allowedHosts: readAllowedHosts(env, host),
      bodyLimitBytes: readInt(env, 'BODY_LIMIT_MB', 10, 1, 1024) * 1024 * 1024,
      jsonMaxDepth: readInt(env, 'JSON_MAX_DEPTH', 64, 8, 512),
      ...readServerTimeouts(env),
    },
    database: {
      url: readDatabaseUrl(env),
      poolSize: readInt(env, 'DATABASE_POOL_SIZE', 10, 1, 200),
      embedded: false,
      embeddedTemplateDir: readTemplateDir(env),
      timeouts: {
        connectTimeoutMs: readInt(env, 'DATABASE_CONNECT_TIMEOUT_MS', 5_000, 100, 120_000),
        acquireTimeoutMs: readInt(env, 'DATABASE_ACQUIRE_TIMEOUT_MS', 5_000, 100, 120_000),
        statementTimeoutMs: readInt(env, 'DATABASE_STATEMENT_TIMEOUT_MS', 30_000, 100, 3_600_000),
      },
      retryAfterSeconds: readInt(env, 'DATABASE_RETRY_AFTER_SECONDS', 5, 1, 3600),
    },
    storage: { dataDir },
    security: { authToken, secretsKey: readSecretsKey(env), newSecretsKeyText: read(env, 'NEW_SECRETS_KEY') ?? null },
    providers,
    logging: { level: readLogLevel(env), pretty: read(env, 'LOG_PRETTY') === 'true' },
    ollama: {
      baseUrl: readBaseUrl(env, 'OLLAMA_BASE_URL', 'http://127.0.0.1:11434'),
      timeoutMs: readInt(env, 'OLLAMA_TIMEOUT_MS', 3000, 100, 120_000),
      searchPath: env.PATH ?? '',
    },
    marketData: readMarketData(env, dataDir, providers.baseUrls.financialDatasets),
    metrics: {
      maxBodyBytes: readInt(env, 'METRICS_BODY_LIMIT_MB', 128, 1, 2048) * 1024 * 1024,
      maxPoints: readInt(env, 'METRICS_MAX_POINTS', 2_000_000, 2, 5_000_000),
    },
    rateLimit: {
      windowMs: readInt(env, 'RATE_LIMIT_WINDOW_SECONDS', 60, 1, 86_400) * 1000,
      expensive: readInt(env, 'RATE_LIMIT_EXPENSIVE', 60, 1, 1_000_000),
      keyWrites: readInt(env, 'RATE_LIMIT_KEY_WRITES', 600, 1, 1_000_000),
    },
    health: { readyTimeoutMs: readInt(env, 'HEALTH_READY_TIMEOUT_MS', 1_000, 50, 60_000) },
    hedgeFund: { sseHeartbeatMs: readInt(env, 'SSE_HEARTBEAT_MS', 15_000, 10, 600_000) },
    futures: { maxRangeDays: readInt(env, 'FUTURES_MAX_RANGE_DAYS', 1830, 1, 3660) },
    jobs: readJobs(env),
    llm: readLlm(env),
  };
}

/**
 * The environment of a child process this server starts (the Ollama server): this process's own, with
 * `overrides` on top. The one place outside `loadConfigFromProcess` that reads `process.env`.
 */
export function childProcessEnv(overrides: Readonly<Record<string, string>>): NodeJS.ProcessEnv {
  return { ...process.env, ...overrides };
}

/**
 * The variables of the `.env` file at `envFile` (dotenv syntax, no expansion), or none when there is no such file.
 * A file that exists but cannot be read is a ConfigError naming it.
 */
function readEnvFile(envFile: string): Record<string, string> {
  let text: string;
  try {
    text = readFileSync(envFile, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') return {};
    throw new ConfigError('.env', `at ${envFile} cannot be read (${code ?? String(error)})`);
  }
  return parseDotenv(text);
}

/**
 * The configuration of every process: the server, the worker and each `hf` subcommand. The `.env` file of the
 * working directory (`envFile`), when there is one, is merged under the process environment, so a variable set in
 * the environment wins over the file; `overrides` win over both. The merged variables are validated by `loadConfig`
 * (a wrong value throws a ConfigError naming the variable), and those only the file sets are copied into
 * `process.env`, for the worker threads and processes started later. The one place that reads `process.env`
 * besides `childProcessEnv`.
 */
export function loadConfigFromProcess(overrides: Env = {}, envFile: string = resolve('.env')): AppConfig {
  const fromFile = readEnvFile(envFile);
  const config = loadConfig({ ...fromFile, ...process.env, ...overrides });
  for (const [name, value] of Object.entries(fromFile)) if (!(name in process.env)) process.env[name] = value;
  return config;
}
