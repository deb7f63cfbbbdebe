import { BadRequestException, type CallHandler, type ExecutionContext, Inject, Injectable, type NestInterceptor, PayloadTooLargeException } from '@nestjs/common';
import { FileFieldsInterceptor } from '@nestjs/platform-express';
import type { Observable } from 'rxjs';
import { type AppConfig, APP_CONFIG } from '../../config';
import { DomainError, tooLargeDetail, ValidationError } from '../../core/http';

/** A file of a multipart upload to POST /metrics, as multer's memory storage hands it over. */
export interface UploadedCsvFile {
  readonly originalname: string;
  readonly buffer: Buffer;
}

export type MetricsFiles = Partial<Record<'equity' | 'trades', UploadedCsvFile[]>>;

/**
 * Multipart uploads of POST /metrics: the files `equity` (required) and `trades` (optional), in memory,
 * each at most METRICS_BODY_LIMIT_MB. Wraps Nest's multer interceptor to name the limits in the errors.
 */
@Injectable()
export class MetricsFilesInterceptor implements NestInterceptor {
  private readonly inner: NestInterceptor;
  private readonly limitBytes: number;

  constructor(@Inject(APP_CONFIG) config: AppConfig) {
    this.limitBytes = config.metrics.maxBodyBytes;
    const Multer = FileFieldsInterceptor(
      [
        { name: 'equity', maxCount: 1 },
        { name: 'trades', maxCount: 1 },
      ],
      { limits: { fileSize: config.metrics.maxBodyBytes, files: 2, fields: 10, parts: 12 } },
    );
    this.inner = new Multer();
  }

  async intercept(context: ExecutionContext, next: CallHandler): Promise<Observable<unknown>> {
    try {
      return (await this.inner.intercept(context, next)) as Observable<unknown>;
    } catch (error) {
      if (error instanceof PayloadTooLargeException) {
        throw new DomainError('PAYLOAD_TOO_LARGE', tooLargeDetail('An uploaded file', this.limitBytes, ' of POST /metrics (METRICS_BODY_LIMIT_MB)'));
      }
      if (error instanceof BadRequestException) {
        throw ValidationError.field('files', `The multipart upload takes one "equity" file and at most one "trades" file (${error.message}).`);
      }
      throw error;
    }
  }
}
