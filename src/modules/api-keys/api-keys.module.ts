import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { ApiKeyEntity } from './api-key.entity';
import { ApiKeysController } from './api-keys.controller';
import { ApiKeysService } from './api-keys.service';
import { KeyCheckClient } from './key-check.client';
import { SecretsVault } from './secrets/secrets-vault';

/** Provider API keys, encrypted at rest; `ApiKeysService.getKey(name)` is how the LLM and data layers read them. */
@Module({
  imports: [TypeOrmModule.forFeature([ApiKeyEntity])],
  controllers: [ApiKeysController],
  providers: [ApiKeysService, KeyCheckClient, SecretsVault],
  exports: [ApiKeysService],
})
export class ApiKeysModule {}
