import { Controller, Get } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { LanguageModelsResponseDto, ModelProvidersResponseDto } from './dto/language-models.dto';
import { LanguageModelsService } from './language-models.service';

@ApiTags('language-models')
@Controller('language-models')
export class LanguageModelsController {
  constructor(private readonly languageModels: LanguageModelsService) {}

  @Get()
  @ApiOperation({ summary: 'The models the agents can use: the cloud catalog and the models installed on Ollama' })
  @ApiOkResponse({ type: LanguageModelsResponseDto })
  list(): Promise<LanguageModelsResponseDto> {
    return this.languageModels.listModels();
  }

  @Get('providers')
  @ApiOperation({ summary: 'The model providers, with their models' })
  @ApiOkResponse({ type: ModelProvidersResponseDto })
  providers(): ModelProvidersResponseDto {
    return this.languageModels.listProviders();
  }
}
