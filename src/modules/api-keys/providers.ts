import type { ProviderBaseUrls } from '../../config';

/** A provider whose key `POST /api-keys/test` can check, named as the SPA and the environment name it. */
export interface CheckableProvider {
  /** The key name (SPA field, environment variable, `provider` of the stored key). */
  readonly keyName: string;
  /** The provider's name in the language-model catalog, or the data vendor's name. */
  readonly displayName: string;
  readonly baseUrl: keyof ProviderBaseUrls;
  /** The cheapest request that needs a valid key: a path under the base URL and the headers carrying the key. */
  readonly check: { readonly path: string; readonly headers: (key: string) => Record<string, string> };
}

const bearer = (key: string): Record<string, string> => ({ authorization: `Bearer ${key}` });

export const CHECKABLE_PROVIDERS: readonly CheckableProvider[] = [
  { keyName: 'OPENAI_API_KEY', displayName: 'OpenAI', baseUrl: 'openai', check: { path: '/models', headers: bearer } },
  {
    keyName: 'ANTHROPIC_API_KEY',
    displayName: 'Anthropic',
    baseUrl: 'anthropic',
    check: { path: '/v1/models?limit=1', headers: (key) => ({ 'x-api-key': key, 'anthropic-version': '2023-06-01' }) },
  },
  { keyName: 'GROQ_API_KEY', displayName: 'Groq', baseUrl: 'groq', check: { path: '/models', headers: bearer } },
  {
    keyName: 'GOOGLE_API_KEY',
    displayName: 'Google',
    baseUrl: 'google',
    check: { path: '/v1beta/models?pageSize=1', headers: (key) => ({ 'x-goog-api-key': key }) },
  },
  { keyName: 'DEEPSEEK_API_KEY', displayName: 'DeepSeek', baseUrl: 'deepseek', check: { path: '/models', headers: bearer } },
  // OpenRouter lists its models without a key; /key describes the calling key and needs a valid one.
  { keyName: 'OPENROUTER_API_KEY', displayName: 'OpenRouter', baseUrl: 'openrouter', check: { path: '/key', headers: bearer } },
  // Company facts of a ticker outside the free set, so an invalid key cannot pass on free data.
  {
    keyName: 'FINANCIAL_DATASETS_API_KEY',
    displayName: 'Financial Datasets',
    baseUrl: 'financialDatasets',
    check: { path: '/company/facts?ticker=IBM', headers: (key) => ({ 'x-api-key': key }) },
  },
];

export const CHECKABLE_KEY_NAMES: readonly string[] = CHECKABLE_PROVIDERS.map((p) => p.keyName);

export function findCheckableProvider(keyName: string): CheckableProvider | undefined {
  return CHECKABLE_PROVIDERS.find((p) => p.keyName === keyName);
}

/** Provider names are free-form (the anchor's are environment-variable names) but kept to a safe alphabet. */
export const PROVIDER_NAME_PATTERN = /^[A-Za-z][A-Za-z0-9_.-]{0,99}$/;
export const PROVIDER_NAME_RULE = 'provider must be 1 to 100 characters: a letter, then letters, digits, "_", "." or "-" (for example OPENAI_API_KEY)';
