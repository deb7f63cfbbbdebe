import { Inject, Injectable } from '@nestjs/common';
import { TypeOrmHealthIndicator } from '@nestjs/terminus';
import { InjectDataSource } from '@nestjs/typeorm';
import { performance } from 'node:perf_hooks';
import { DataSource } from 'typeorm';
import { APP_CONFIG, type AppConfig } from '../../config';
import type { HealthResponseDto, LivenessResponseDto } from './dto/health.dto';

/**
 * Liveness (the process serves HTTP; nothing else is asked, so a busy server is not restarted) and
 * readiness (the database answers `SELECT 1` within HEALTH_READY_TIMEOUT_MS), probed with @nestjs/terminus.
 */
@Injectable()
export class HealthService {
  private readonly startedAt = performance.now();

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly database: TypeOrmHealthIndicator,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  live(): LivenessResponseDto {
    return { status: 'ok', version: this.config.version, uptime_seconds: this.uptimeSeconds() };
  }

  async ready(): Promise<HealthResponseDto> {
    const latency = await this.probeDatabase();
    const up = latency !== null;
    return {
      status: up ? 'ok' : 'error',
      version: this.config.version,
      uptime_seconds: this.uptimeSeconds(),
      database: {
        status: up ? 'up' : 'down',
        kind: this.config.database.embedded ? 'embedded' : 'postgres',
        latency_ms: latency,
      },
    };
  }

  private uptimeSeconds(): number {
    return Math.round((performance.now() - this.startedAt) / 100) / 10;
  }

  private async probeDatabase(): Promise<number | null> {
    if (!this.dataSource.isInitialized) return null;
    const started = performance.now();
    try {
      const result = await this.database.pingCheck('database', { connection: this.dataSource, timeout: this.config.health.readyTimeoutMs });
      if (result.database.status !== 'up') return null;
      return Math.round((performance.now() - started) * 100) / 100;
    } catch {
      return null;
    }
  }
}
