import { Module } from '@nestjs/common';
import { FlowRunsModule } from '../flow-runs/flow-runs.module';
import { JobExecutor } from './job-executor';
import { JobFileStore } from './job-files';
import { JobRegistry } from './job-registry';
import { JOB_BACKEND, JobsService } from './jobs.service';

/**
 * Jobs: the registry of handlers (features register their kinds), the executor (worker threads and worker
 * processes run it), and the API-side service that submits jobs and streams them.
 */
@Module({
  imports: [FlowRunsModule],
  providers: [JobRegistry, JobExecutor, JobsService, JobFileStore, { provide: JOB_BACKEND, useValue: null }],
  exports: [JobRegistry, JobExecutor, JobsService, JobFileStore],
})
export class JobsModule {}
