export type LogLevel = 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';

export interface HttpConfig {
  readonly host: string;
  readonly port: number;
  readonly corsOrigins: readonly string[];
  /** Host names this server answers for (ALLOWED_HOSTS; `*` = any); others get a 421 (DNS rebinding). */
  readonly allowedHosts: readonly string[];
  /** JSON body limit in bytes (BODY_LIMIT_MB, default 10); the 413 names it. */
  readonly bodyLimitBytes: number;
  /** Deepest nesting of objects and arrays a JSON body may have (JSON_MAX_DEPTH); deeper is a 400. */
  readonly jsonMaxDepth: number;
  /** Longest time a client may take to send the request headers (HTTP_HEADERS_TIMEOUT_MS); then 408. */
  readonly headersTimeoutMs: number;
  /** Longest time a client may take to send the whole request, body included (HTTP_REQUEST_TIMEOUT_MS); then 408. Responses (SSE streams) are not bounded by it. */
  readonly requestTimeoutMs: number;
}

export interface RateLimitConfig {
  /** The window the limits count over, in milliseconds (RATE_LIMIT_WINDOW_SECONDS). */
  readonly windowMs: number;
  /** Requests per window and client address to the expensive routes together: runs, backtests, futures, metrics, reports (RATE_LIMIT_EXPENSIVE). */
  readonly expensive: number;
  /** Requests per window and client address that write or test API keys (RATE_LIMIT_KEY_WRITES). */
  readonly keyWrites: number;
}

export interface DatabaseConfig {
  /** Real PostgreSQL when set; otherwise the embedded PGlite server is started. */
  readonly url: string | null;
  readonly poolSize: number;
  /** True when `url` points at the embedded PGlite server started by this process. */
  readonly embedded: boolean;
  /**
   * Where the embedded database's template lives (a freshly initialised PGlite data dir, made once, copied into
   * every new DATA_DIR instead of running initdb again); null: no template, initdb each time.
   */
  readonly embeddedTemplateDir: string | null;
  /** Connect, pool-acquire and statement timeouts in milliseconds. */
  readonly timeouts: {
    readonly connectTimeoutMs: number;
    readonly acquireTimeoutMs: number;
    readonly statementTimeoutMs: number;
  };
  /** Retry-After (seconds) of the 503 answered while the database is unreachable. */
  readonly retryAfterSeconds: number;
}

export interface StorageConfig {
  readonly dataDir: string;
}

export interface SecurityConfig {
  /** Bearer token required on every route but health when set. */
  readonly authToken: string | null;
  /** 32-byte key (base64 or hex in the environment) for encrypting secrets at rest. */
  readonly secretsKey: Buffer | null;
  /** NEW_SECRETS_KEY as given (trimmed; null when unset), read by `hf secrets rotate` only, which validates it. */
  readonly newSecretsKeyText: string | null;
}

/** Base URLs of the providers whose keys `POST /api-keys/test` checks (each without a trailing slash). */
export interface ProviderBaseUrls {
  readonly openai: string;
  readonly anthropic: string;
  readonly groq: string;
  readonly google: string;
  readonly deepseek: string;
  readonly openrouter: string;
  readonly financialDatasets: string;
}

export interface ProvidersConfig {
  readonly baseUrls: ProviderBaseUrls;
  /**
   * Provider keys set in the environment, by variable name (PROVIDER_KEY_VARIABLES that are set and not blank):
   * the fallback when no key of that name is stored. Never in a response or a log line.
   */
  readonly environmentKeys: ReadonlyMap<string, string>;
  /** Timeout of one key check against a provider (API_KEY_TEST_TIMEOUT_MS) in milliseconds. */
  readonly keyTestTimeoutMs: number;
}

export interface MetricsConfig {
  /** Body limit of POST /metrics (JSON and CSV), which accepts curves far larger than the app-wide limit. */
  readonly maxBodyBytes: number;
  /** Most equity points (and, separately, most trades) POST /metrics and the CLI accept. */
  readonly maxPoints: number;
}

export interface LoggingConfig {
  readonly level: LogLevel;
  readonly pretty: boolean;
  /** Where log lines go instead of stdout (tests capture them; the environment cannot set it). */
  readonly destination?: NodeJS.WritableStream;
}

export interface OllamaConfig {
  /** Base URL of the Ollama server (OLLAMA_BASE_URL, default http://127.0.0.1:11434). */
  readonly baseUrl: string;
  /** Timeout of the quick calls (status, list, show, delete) in milliseconds. */
  readonly timeoutMs: number;
  /** Directories searched for the `ollama` executable, and the PATH of the server it starts (PATH). */
  readonly searchPath: string;
}

export interface FuturesConfig {
  /**
   * Longest start_date..end_date range of one futures backtest request, in calendar days
   * (FUTURES_MAX_RANGE_DAYS, default 1830: five years); the warm-up is fetched on top. Bounds the bars one job holds.
   */
  readonly maxRangeDays: number;
}

export interface HedgeFundConfig {
  /** Interval of the `: ping` comment on run and backtest streams (SSE_HEARTBEAT_MS, default 15 s). */
  readonly sseHeartbeatMs: number;
}

export interface JobsConfig {
  /** Worker threads of the embedded mode (RUN_THREADS, default max(1, cores − 1)). */
  readonly threads: number;
  /** Jobs one executor (a worker thread or a worker process) runs at once (WORKER_CONCURRENCY, default 2). */
  readonly concurrency: number;
  /** Redis of the scale-out mode (REDIS_URL); null = worker threads in this process. */
  readonly redisUrl: string | null;
  /** Prefix of every Redis key and channel (JOB_QUEUE_PREFIX, default `hf-jobs`). */
  readonly queuePrefix: string;
  /** How long an executor's lease on a run lasts without renewal (RUN_LEASE_MS, default 30 s). */
  readonly leaseMs: number;
  /** How long running jobs may finish after SIGTERM before they are cancelled (SHUTDOWN_GRACE_MS, default 20 s). */
  readonly shutdownGraceMs: number;
  /** Port of a worker process's Prometheus endpoint (WORKER_METRICS_PORT; 0 = any free port); null: none. */
  readonly metricsPort: number | null;
  /** Address that endpoint binds (WORKER_METRICS_HOST, default 127.0.0.1). */
  readonly metricsHost: string;
}

export type LlmCacheMode = 'on' | 'off' | 'refresh';

/** A model as the anchor names one: its provider (the anchor's `ModelProvider` value) and model name. */
export interface ModelRef {
  readonly provider: string;
  readonly model: string;
}

export interface LlmConfig {
  /** The model of an LLM agent no request field names (LLM_DEFAULT_PROVIDER / LLM_DEFAULT_MODEL); null: rules mode. */
  readonly defaultModel: ModelRef | null;
  /** Timeout of one attempt of one model call (LLM_TIMEOUT_MS). */
  readonly timeoutMs: number;
  /** Retries after the first attempt on 429, 5xx and network errors (LLM_MAX_RETRIES). */
  readonly maxRetries: number;
  /** Longest Retry-After honoured; a provider asking to wait longer fails the call (LLM_RETRY_AFTER_MAX_MS). */
  readonly retryAfterMaxMs: number;
  /** Model calls in flight per provider in this process, every run together (LLM_MAX_CONCURRENCY). */
  readonly maxConcurrency: number;
  /** Answer cache in PostgreSQL: read and write, off, or write only (LLM_CACHE). */
  readonly cache: LlmCacheMode;
  /** Ask providers to stream answers (LLM_STREAMING); the answer and usage are the same either way. */
  readonly streaming: boolean;
}

export type MarketDataProviderSetting = 'synthetic' | 'csv' | 'financialdatasets';

export interface FinancialDatasetsConfig {
  readonly baseUrl: string;
  readonly timeoutMs: number;
  /** Retries after the first attempt on 429, 5xx, timeouts and network errors. */
  readonly maxRetries: number;
  readonly retryBaseMs: number;
  /** Cap of one wait, Retry-After included. */
  readonly retryMaxMs: number;
}

export interface MarketDataConfig {
  readonly provider: MarketDataProviderSetting;
  readonly csvDir: string;
  readonly syntheticSeed: number;
  /** Longest daily range one request may ask for, in calendar days. */
  readonly maxRangeDays: number;
  /** Longest minute-bar range one request may ask for, in calendar days. */
  readonly maxMinuteRangeDays: number;
  readonly financialDatasets: FinancialDatasetsConfig;
}

export interface HealthConfig {
  /** How long readiness (/health, /health/ready) waits for the database's SELECT 1 (HEALTH_READY_TIMEOUT_MS). */
  readonly readyTimeoutMs: number;
}

/** The whole validated configuration, read once at boot (see `loadConfig`). */
export interface AppConfig {
  readonly version: string;
  readonly http: HttpConfig;
  readonly database: DatabaseConfig;
  readonly storage: StorageConfig;
  readonly security: SecurityConfig;
  readonly providers: ProvidersConfig;
  readonly logging: LoggingConfig;
  readonly ollama: OllamaConfig;
  readonly marketData: MarketDataConfig;
  readonly metrics: MetricsConfig;
  readonly hedgeFund: HedgeFundConfig;
  readonly futures: FuturesConfig;
  readonly jobs: JobsConfig;
  readonly health: HealthConfig;
  readonly rateLimit: RateLimitConfig;
  readonly llm: LlmConfig;
}

export const APP_CONFIG = Symbol('APP_CONFIG');
