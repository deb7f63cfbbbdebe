import { Inject, Injectable } from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '../../config';

/** Where providers get their API keys (the api-keys service binds itself here; by default the environment). */
export abstract class ApiKeyLookup {
  abstract getKey(name: string): Promise<string | null>;
}

export const FINANCIAL_DATASETS_KEY_NAME = 'FINANCIAL_DATASETS_API_KEY';

/** The environment fallback read at boot through AppConfig. */
@Injectable()
export class ConfigApiKeyLookup extends ApiKeyLookup {
  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {
    super();
  }

  getKey(name: string): Promise<string | null> {
    return Promise.resolve(name === FINANCIAL_DATASETS_KEY_NAME ? this.config.marketData.financialDatasets.apiKey : null);
  }
}
