import type { ModelRef } from '../../config';
import { MODEL_CATALOG } from '../language-models/model-catalog';
import { type CallableProvider, callableProvider } from './llm-providers';

/** The request fields that choose models (the anchor's names). */
export interface ModelRequestFields {
  readonly agent_models?: readonly { readonly agent_id: string; readonly model_name?: string; readonly model_provider?: string }[];
  readonly model_name?: string;
  readonly model_provider?: string;
}

/** Where the model of a node came from. */
export type ModelSource = 'agent_models' | 'request' | 'default';

export interface ModelChoice extends ModelRef {
  readonly source: ModelSource;
}

interface Level {
  readonly source: ModelSource;
  readonly model?: string;
  readonly provider?: string;
}

/** The catalog provider of a model name listed once in the catalog. */
function catalogProvider(model: string): string | undefined {
  const matches = MODEL_CATALOG.filter((entry) => entry.model_name === model);
  return matches.length === 1 ? matches[0].provider : undefined;
}

/**
 * The model of a graph node: its `agent_models` entry (by node id, else by agent key), else the request's
 * `model_name` / `model_provider`, else the configured default; null when none names a model. The provider
 * comes from the level that named the model, else the catalog entry of that model, else the next levels.
 */
export function chooseModel(nodeId: string, agentKey: string, fields: ModelRequestFields, defaultModel: ModelRef | null): ModelChoice | null {
  const entry = fields.agent_models?.find((m) => m.agent_id === nodeId) ?? fields.agent_models?.find((m) => m.agent_id === agentKey);
  const levels: Level[] = [
    { source: 'agent_models', model: entry?.model_name, provider: entry?.model_provider },
    { source: 'request', model: fields.model_name, provider: fields.model_provider },
    { source: 'default', model: defaultModel?.model, provider: defaultModel?.provider },
  ];
  const index = levels.findIndex((level) => level.model !== undefined);
  if (index < 0) return null;
  const level = levels[index];
  const model = level.model as string;
  const provider = level.provider ?? catalogProvider(model) ?? levels.slice(index + 1).find((l) => l.provider !== undefined)?.provider;
  if (provider === undefined) return null;
  return { provider, model, source: level.source };
}

/** A node's model and whether it can be called: the key it needs is at hand. */
export interface ModelBinding {
  readonly choice: ModelChoice | null;
  /** The provider when it is callable and its key (if any) is at hand; otherwise null. */
  readonly provider: CallableProvider | null;
  readonly apiKey: string | null;
  /** Why the node decides by rules ("no OpenAI key", …); null when the model can be called. */
  readonly why: string | null;
}

/**
 * Binds a choice to its key: the request's `api_keys[<key name>]`, else `lookup` (stored key, else the
 * environment variable of that name).
 */
export async function bindModel(
  choice: ModelChoice | null,
  requestKeys: Readonly<Record<string, string>> | undefined,
  lookup: (keyName: string) => Promise<string | null>,
): Promise<ModelBinding> {
  if (choice === null) return { choice, provider: null, apiKey: null, why: 'no model selected' };
  const provider = callableProvider(choice.provider);
  if (provider === undefined) return { choice, provider: null, apiKey: null, why: `provider ${choice.provider} is not supported` };
  if (provider.keyName === null) return { choice, provider, apiKey: null, why: null };
  const given = requestKeys?.[provider.keyName]?.trim();
  const apiKey = given !== undefined && given !== '' ? given : await lookup(provider.keyName);
  if (apiKey === null) return { choice, provider: null, apiKey: null, why: `no ${provider.name} key` };
  return { choice, provider, apiKey, why: null };
}

export function describeModel(choice: ModelRef): string {
  return `${choice.model} (${choice.provider})`;
}
