import { Module } from '@nestjs/common';
import { OllamaClient } from './ollama.client';
import { OllamaController } from './ollama.controller';
import { OllamaService } from './ollama.service';

@Module({ controllers: [OllamaController], providers: [OllamaClient, OllamaService], exports: [OllamaClient, OllamaService] })
export class OllamaModule {}
