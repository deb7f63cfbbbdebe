import { Module } from '@nestjs/common';
import { LanguageModelsController } from './language-models.controller';
import { LanguageModelsService } from './language-models.service';
import { OllamaTagsClient } from './ollama-tags.client';

/** The language-model catalog (catalog.json) plus the models installed on the local Ollama server. */
@Module({ controllers: [LanguageModelsController], providers: [LanguageModelsService, OllamaTagsClient], exports: [LanguageModelsService] })
export class LanguageModelsModule {}
