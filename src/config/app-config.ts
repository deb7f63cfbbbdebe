export type LogLevel = 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';

export interface HttpConfig {
  readonly host: string;
  readonly port: number;
  readonly corsOrigins: readonly string[];
  /** JSON body limit in bytes. */
  readonly bodyLimitBytes: number;
}

export interface DatabaseConfig {
  /** Real PostgreSQL when set; otherwise the embedded PGlite server is started. */
  readonly url: string | null;
  readonly poolSize: number;
  /** True when `url` points at the embedded PGlite server started by this process. */
  readonly embedded: boolean;
}

export interface StorageConfig {
  readonly dataDir: string;
}

export interface SecurityConfig {
  /** Bearer token required on every route but health when set. */
  readonly authToken: string | null;
  /** 32-byte key (base64 or hex in the environment) for encrypting secrets at rest. */
  readonly secretsKey: Buffer | null;
}

export interface LoggingConfig {
  readonly level: LogLevel;
  readonly pretty: boolean;
}

export type MarketDataProviderSetting = 'synthetic' | 'csv' | 'financialdatasets';

export interface FinancialDatasetsConfig {
  readonly baseUrl: string;
  /** FINANCIAL_DATASETS_API_KEY, the fallback when the API-key service holds none. */
  readonly apiKey: string | null;
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

/** The whole validated configuration, read once at boot (see `loadConfig`). */
export interface AppConfig {
  readonly version: string;
  readonly http: HttpConfig;
  readonly database: DatabaseConfig;
  readonly storage: StorageConfig;
  readonly security: SecurityConfig;
  readonly logging: LoggingConfig;
  readonly marketData: MarketDataConfig;
  /** Raw provider settings (base URLs, env-var API keys) for the adapters; validated by their modules. */
  readonly env: Readonly<Record<string, string | undefined>>;
}

export const APP_CONFIG = Symbol('APP_CONFIG');
