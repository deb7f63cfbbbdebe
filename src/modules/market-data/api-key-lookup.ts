/**
 * Where providers get their API keys: bound to the api-keys service (stored keys first, then the
 * environment variable of the same name).
 */
export abstract class ApiKeyLookup {
  abstract getKey(name: string): Promise<string | null>;
}

export const FINANCIAL_DATASETS_KEY_NAME = 'FINANCIAL_DATASETS_API_KEY';
