import { MODEL_PROVIDERS } from '../../config';
import { CLOUD_PROVIDER_KEYS, type CloudProvider, OLLAMA_PROVIDER } from '../language-models/model-catalog';

/** A provider name as the anchor spells it (`ModelProvider`): what `model_provider` may say. */
export type ModelProviderName = (typeof MODEL_PROVIDERS)[number];

/** The providers the LLM layer calls: the catalog's cloud providers and the local Ollama server. */
export type CallableProviderName = CloudProvider | typeof OLLAMA_PROVIDER;

export interface CallableProvider {
  readonly name: CallableProviderName;
  /** The key it needs (request `api_keys`, stored key or environment variable of that name); null for Ollama. */
  readonly keyName: string | null;
}

export { MODEL_PROVIDERS };

/** The callable provider of that anchor name, or undefined (Kimi, xAI, GigaChat, Azure OpenAI, vendor labels). */
export function callableProvider(name: string): CallableProvider | undefined {
  if (name === OLLAMA_PROVIDER) return { name: OLLAMA_PROVIDER, keyName: null };
  if (Object.hasOwn(CLOUD_PROVIDER_KEYS, name)) return { name: name as CloudProvider, keyName: CLOUD_PROVIDER_KEYS[name as CloudProvider] };
  return undefined;
}

/** The anchor's spelling of a provider name given in any case, or undefined for an unknown name. */
export function canonicalProviderName(name: string): ModelProviderName | undefined {
  return MODEL_PROVIDERS.find((p) => p.toLowerCase() === name.toLowerCase());
}
