import catalogData from './catalog.json';

/**
 * The cloud providers the catalog may name, with the key each needs: only providers the LLM layer
 * calls and `POST /api-keys/test` can check. Ollama models are listed from the local server instead.
 */
export const CLOUD_PROVIDER_KEYS = {
  OpenAI: 'OPENAI_API_KEY',
  Anthropic: 'ANTHROPIC_API_KEY',
  Groq: 'GROQ_API_KEY',
  Google: 'GOOGLE_API_KEY',
  DeepSeek: 'DEEPSEEK_API_KEY',
  OpenRouter: 'OPENROUTER_API_KEY',
} as const;

export type CloudProvider = keyof typeof CLOUD_PROVIDER_KEYS;
export const OLLAMA_PROVIDER = 'Ollama';

export interface CatalogModel {
  readonly display_name: string;
  readonly model_name: string;
  readonly provider: CloudProvider;
}

function isCloudProvider(value: unknown): value is CloudProvider {
  return typeof value === 'string' && Object.hasOwn(CLOUD_PROVIDER_KEYS, value);
}

/** Checks the catalog data: non-empty names, a known provider, no model listed twice for a provider. */
export function parseCatalog(data: unknown): CatalogModel[] {
  if (!Array.isArray(data)) throw new Error('The model catalog must be a JSON array');
  const seen = new Set<string>();
  return data.map((raw: unknown, index) => {
    const entry = raw as Record<string, unknown>;
    const where = `catalog.json[${index}]`;
    for (const field of ['display_name', 'model_name'] as const) {
      if (typeof entry?.[field] !== 'string' || (entry[field] as string).trim() === '') throw new Error(`${where}.${field} must be a non-empty string`);
    }
    if (!isCloudProvider(entry.provider)) {
      throw new Error(`${where}.provider must be one of ${Object.keys(CLOUD_PROVIDER_KEYS).join(', ')}, got ${JSON.stringify(entry.provider)}`);
    }
    const id = `${entry.provider}/${entry.model_name as string}`;
    if (seen.has(id)) throw new Error(`${where} lists ${id} twice`);
    seen.add(id);
    return { display_name: entry.display_name as string, model_name: entry.model_name as string, provider: entry.provider };
  });
}

/** The catalog kept in the repository (catalog.json), checked once when the module loads. */
export const MODEL_CATALOG: readonly CatalogModel[] = parseCatalog(catalogData);
