import { Controller, Get } from '@nestjs/common';
import { ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { LanguageModelsResponseDto, ModelProvidersResponseDto } from './dto/language-models.dto';
import { LanguageModelsService } from './language-models.service';

@ApiTags('language-models')
@Controller('language-models')
export class LanguageModelsController {
  constructor(private readonly languageModels: LanguageModelsService) {}

  @Get()
  @ApiOkResponse({ type: LanguageModelsResponseDto })
  list(): Promise<LanguageModelsResponseDto> {
    return this.languageModels.listModels();
  }

  @Get('providers')
  @ApiOkResponse({ type: ModelProvidersResponseDto })
  providers(): ModelProvidersResponseDto {
    return this.languageModels.listProviders();
  }
}
