import { Injectable } from '@nestjs/common';
import { MODEL_CATALOG, OLLAMA_PROVIDER } from './model-catalog';
import type { LanguageModelsResponseDto, ModelProviderDto, ModelProvidersResponseDto } from './dto/language-models.dto';
import { OllamaTagsClient } from './ollama-tags.client';

@Injectable()
export class LanguageModelsService {
  constructor(private readonly ollama: OllamaTagsClient) {}

  async listModels(): Promise<LanguageModelsResponseDto> {
    const local = await this.ollama.installedModels();
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
}
