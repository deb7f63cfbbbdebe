import { Injectable } from '@nestjs/common';
import type { JobHandler } from './job';

/**
 * The handlers by job kind. A feature registers its kinds once, in its service's `onModuleInit`:
 *
 * ```ts
 * onModuleInit() { this.jobs.register('futures_backtest', (request, context) => this.execute(request, context)); }
 * ```
 *
 * The same modules are loaded in the API process and in every executor, so a kind is known everywhere.
 */
@Injectable()
export class JobRegistry {
  private readonly handlers = new Map<string, JobHandler>();

  register<Request>(kind: string, handler: JobHandler<Request>): void {
    if (this.handlers.has(kind)) throw new Error(`The job kind "${kind}" is registered twice`);
    this.handlers.set(kind, handler as JobHandler);
  }

  get(kind: string): JobHandler {
    const handler = this.handlers.get(kind);
    if (handler === undefined) throw new Error(`No handler for the job kind "${kind}"`);
    return handler;
  }

  kinds(): string[] {
    return [...this.handlers.keys()];
  }
}
