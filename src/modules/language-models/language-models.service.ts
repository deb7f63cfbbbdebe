import { Injectable, Logger } from '@nestjs/common';
import { OllamaClient } from '../ollama/ollama.client';
import { MODEL_CATALOG, OLLAMA_PROVIDER } from './model-catalog';
import type { LanguageModelsResponseDto, ModelProviderDto, ModelProvidersResponseDto } from './dto/language-models.dto';

@Injectable()
export class LanguageModelsService {
  private readonly logger = new Logger(LanguageModelsService.name);

  constructor(private readonly ollama: OllamaClient) {}

  async listModels(): Promise<LanguageModelsResponseDto> {
    const local = await this.installedOllamaModels();
    return {
      models: [
        ...MODEL_CATALOG.map((m) => ({ display_name: m.display_name, model_name: m.model_name, provider: m.provider })),
        ...local.map((name) => ({ display_name: name, model_name: name, provider: OLLAMA_PROVIDER })),
      ],
    };
  }

  listProviders(): ModelProvidersResponseDto {
    const groups = new Map<string, ModelProviderDto>();
    for (const model of MODEL_CATALOG) {
      let group = groups.get(model.provider);
      if (group === undefined) {
        group = { name: model.provider, models: [] };
        groups.set(model.provider, group);
      }
      group.models.push({ display_name: model.display_name, model_name: model.model_name });
    }
    return { providers: [...groups.values()] };
  }

  /** The models installed on the local Ollama server; an absent, slow or broken server means none. */
  private async installedOllamaModels(): Promise<string[]> {
    try {
      const names = (await this.ollama.listModels()).map((m) => m.name).filter((name) => name !== '');
      return [...new Set(names)];
    } catch (error) {
      this.logger.debug(`Ollama at ${this.ollama.baseUrl} did not list its models (${(error as Error).message}); listing no local models`);
      return [];
    }
  }
}
