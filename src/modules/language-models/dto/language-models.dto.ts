import { ApiProperty } from '@nestjs/swagger';

export class LanguageModelDto {
  @ApiProperty({ example: 'GPT-4.1' })
  display_name: string;

  @ApiProperty({ example: 'gpt-4.1' })
  model_name: string;

  @ApiProperty({ example: 'OpenAI', enum: ['OpenAI', 'Anthropic', 'Groq', 'Google', 'DeepSeek', 'OpenRouter', 'Ollama'] })
  provider: string;
}

export class LanguageModelsResponseDto {
  @ApiProperty({ type: [LanguageModelDto], description: 'The cloud catalog, then the models installed on the local Ollama server.' })
  models: LanguageModelDto[];
}

export class ProviderModelDto {
  @ApiProperty({ example: 'GPT-4.1' })
  display_name: string;

  @ApiProperty({ example: 'gpt-4.1' })
  model_name: string;
}

export class ModelProviderDto {
  @ApiProperty({ example: 'OpenAI' })
  name: string;

  @ApiProperty({ type: [ProviderModelDto] })
  models: ProviderModelDto[];
}

export class ModelProvidersResponseDto {
  @ApiProperty({ type: [ModelProviderDto], description: 'Cloud providers in catalog order (as the anchor: no Ollama here).' })
  providers: ModelProviderDto[];
}
