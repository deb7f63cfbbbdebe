import { Inject, Injectable, Logger } from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '../../config';

/** Lists the models installed on the local Ollama server; an absent or slow server means none. */
@Injectable()
export class OllamaTagsClient {
  private readonly logger = new Logger(OllamaTagsClient.name);

  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {}

  async installedModels(): Promise<string[]> {
    const { baseUrl, timeoutMs } = this.config.ollama;
    try {
      const response = await fetch(`${baseUrl}/api/tags`, { signal: AbortSignal.timeout(timeoutMs), redirect: 'error' });
      if (!response.ok) {
        await response.body?.cancel();
        this.logger.debug(`Ollama at ${baseUrl} answered /api/tags with HTTP ${response.status}; listing no local models`);
        return [];
      }
      const body = (await response.json()) as { models?: unknown };
      if (!Array.isArray(body.models)) return [];
      const names = body.models
        .map((model: unknown) => {
          const entry = model as { name?: unknown; model?: unknown } | null;
          return typeof entry?.name === 'string' ? entry.name : typeof entry?.model === 'string' ? entry.model : '';
        })
        .filter((name) => name !== '');
      return [...new Set(names)];
    } catch (error) {
      this.logger.debug(`Ollama at ${baseUrl} did not list its models (${(error as Error).name}); listing no local models`);
      return [];
    }
  }
}
