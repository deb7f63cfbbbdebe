import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { performance } from 'node:perf_hooks';
import { DataSource } from 'typeorm';
import { APP_CONFIG, type AppConfig } from '../../config';
import type { HealthResponseDto } from './dto/health.dto';

const DATABASE_PROBE_TIMEOUT_MS = 2_000;

@Injectable()
export class HealthService {
  private readonly startedAt = performance.now();

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async check(): Promise<HealthResponseDto> {
    const latency = await this.probeDatabase();
    const up = latency !== null;
    return {
      status: up ? 'ok' : 'error',
      version: this.config.version,
      uptime_seconds: Math.round((performance.now() - this.startedAt) / 100) / 10,
      database: {
        status: up ? 'up' : 'down',
        kind: this.config.database.embedded ? 'embedded' : 'postgres',
        latency_ms: latency,
      },
    };
  }

  private async probeDatabase(): Promise<number | null> {
    if (!this.dataSource.isInitialized) return null;
    const started = performance.now();
    let timer: NodeJS.Timeout | undefined;
    try {
      await Promise.race([
        this.dataSource.query('SELECT 1'),
        new Promise((_, reject) => {
          timer = setTimeout(() => reject(new Error('database probe timed out')), DATABASE_PROBE_TIMEOUT_MS);
        }),
      ]);
      return Math.round((performance.now() - started) * 100) / 100;
    } catch {
      return null;
    } finally {
      clearTimeout(timer);
    }
  }
}
