import { Module } from '@nestjs/common';
import { OllamaModule } from '../ollama/ollama.module';
import { LanguageModelsController } from './language-models.controller';
import { LanguageModelsService } from './language-models.service';

/** The language-model catalog (catalog.json) plus the models installed on the local Ollama server. */
@Module({ imports: [OllamaModule], controllers: [LanguageModelsController], providers: [LanguageModelsService], exports: [LanguageModelsService] })
export class LanguageModelsModule {}
