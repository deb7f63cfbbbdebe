import { Module } from '@nestjs/common';
import { ApiKeysModule } from '../api-keys/api-keys.module';
import { ApiKeysService } from '../api-keys/api-keys.service';
import { ApiKeyLookup } from '../market-data/api-key-lookup';
import { ChatModelPort } from './chat-model.port';
import { LangChainChatModel } from './langchain-chat-model';
import { LlmAnswerCache, PostgresLlmAnswerCache } from './llm-answer-cache';
import { LlmService } from './llm.service';
import { ENGINE_PERSONAS, PERSONA_CATALOG } from './persona-catalog';

/** The chat-model port (LangChain providers), the answer cache in PostgreSQL and the LLM agents. Inject `LlmService`. */
@Module({
  imports: [ApiKeysModule],
  providers: [
    LangChainChatModel,
    { provide: ChatModelPort, useExisting: LangChainChatModel },
    PostgresLlmAnswerCache,
    { provide: LlmAnswerCache, useExisting: PostgresLlmAnswerCache },
    { provide: ApiKeyLookup, useExisting: ApiKeysService },
    { provide: PERSONA_CATALOG, useValue: ENGINE_PERSONAS },
    LlmService,
  ],
  exports: [LlmService],
})
export class LlmModule {}
