import { Inject, Injectable, Optional } from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '../../config';
import { ValidationError } from '../../core/http';
import { Telemetry } from '../../core/telemetry';
import type { AnalystFunction } from '../../engine';
import { ApiKeyLookup } from '../market-data/api-key-lookup';
import { ChatModelPort } from './chat-model.port';
import { LlmAnswerCache } from './llm-answer-cache';
import { llmPortfolioManager, type PortfolioManagerAgent, type RulePortfolioManager } from './llm-portfolio-manager';
import { LlmRun, type LlmUsage } from './llm-run';
import { bindModel, chooseModel, describeModel, type ModelBinding, type ModelRequestFields } from './model-selection';
import { newsSentimentAnalyst, personaAnalyst } from './persona-agents';
import { PERSONA_CATALOG, type PersonaCatalog } from './persona-catalog';

/** A graph node that may use a model: an LLM analyst (persona or news sentiment) or a portfolio manager. */
export interface LlmNode {
  readonly id: string;
  /** The agent key (`warren_buffett`, `news_sentiment_analyst`, `portfolio_manager`). */
  readonly key: string;
}

/** The request fields the LLM layer reads (the anchor's, plus `strict_models`). */
export interface LlmRunRequest extends ModelRequestFields {
  /** Provider keys for this run by key name (`OPENAI_API_KEY`, …); never stored or logged. */
  readonly api_keys?: Readonly<Record<string, string>>;
  /** When true, a node whose model cannot be called is a 422 instead of a rules-mode fallback. */
  readonly strict_models?: boolean;
}

/** The LLM agents of one run, bound to its models and keys, and its usage. */
export class LlmAgents {
  constructor(
    private readonly run: LlmRun,
    private readonly personas: PersonaCatalog,
  ) {}

  /** The analyst function of an LLM agent key, or null when the key is not one. */
  analyst(key: string): AnalystFunction | null {
    if (key === 'news_sentiment_analyst') {
      const news = this.personas.newsSentiment;
      return news === undefined ? null : newsSentimentAnalyst(news, this.run);
    }
    const persona = this.personas.persona(key);
    return persona === undefined ? null : personaAnalyst(persona, this.run);
  }

  /** The portfolio manager: the node's model when it can be called, else `rules`. */
  portfolioManager(rules: RulePortfolioManager): PortfolioManagerAgent {
    return llmPortfolioManager(this.run, rules);
  }

  binding(nodeId: string): ModelBinding {
    return this.run.binding(nodeId);
  }

  usage(): LlmUsage {
    return this.run.usage();
  }
}

/**
 * The LLM layer's entry point: which agents it implements, and per run the model of each node (its
 * `agent_models` entry, else the request's model, else LLM_DEFAULT_MODEL) bound to a key (the request's
 * `api_keys`, else the stored key, else the environment). A plain singleton: no request scope, no HTTP,
 * so it also serves runs executed outside the HTTP process.
 */
@Injectable()
export class LlmService {
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly chat: ChatModelPort,
    private readonly cache: LlmAnswerCache,
    private readonly keys: ApiKeyLookup,
    @Inject(PERSONA_CATALOG) private readonly personas: PersonaCatalog,
    @Optional() @Inject(Telemetry) private readonly telemetry: Telemetry | null = null,
  ) {}

  /** Whether the LLM layer implements this agent key (a persona that has landed, or news sentiment). */
  provides(key: string): boolean {
    return key === 'news_sentiment_analyst' ? this.personas.newsSentiment !== undefined : this.personas.persona(key) !== undefined;
  }

  /**
   * Binds every node's model and key. With `strict_models`, a node whose model cannot be called is a
   * 422 naming the node and the provider (before any stream starts).
   */
  async prepareRun(request: LlmRunRequest, nodes: readonly LlmNode[]): Promise<LlmAgents> {
    const keys = new Map<string, Promise<string | null>>();
    const lookup = (name: string): Promise<string | null> => {
      let pending = keys.get(name);
      if (pending === undefined) {
        pending = this.keys.getKey(name);
        keys.set(name, pending);
      }
      return pending;
    };
    const bindings = new Map<string, ModelBinding>();
    for (const node of nodes) {
      const choice = chooseModel(node.id, node.key, request, this.config.llm.defaultModel);
      bindings.set(node.id, await bindModel(choice, request.api_keys, lookup));
    }
    if (request.strict_models === true) {
      for (const node of nodes) {
        const binding = bindings.get(node.id) as ModelBinding;
        if (binding.why === null) continue;
        const model = binding.choice === null ? 'no model' : describeModel(binding.choice);
        throw ValidationError.field('strict_models', `Node "${node.id}" cannot call ${model}: ${binding.why} (strict_models is true)`);
      }
    }
    return new LlmAgents(new LlmRun(bindings, this.chat, this.cache, this.config.llm.cache, this.telemetry), this.personas);
  }
}
