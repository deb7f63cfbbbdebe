import { hostname } from 'node:os';
import { Channel } from './channel';
import { JobCancelledError, type JobMessage, type JobSpec } from './job';
import type { JobBackend, JobTicket } from './job-backend';
import type { JobExecutor } from './job-executor';

/**
 * Executes jobs in this process's own application context, on its event loop. Not a mode of the server:
 * a test that overrides a provider (a fake persona catalog, say) binds it to `JOB_BACKEND` so its jobs see
 * the override, which a worker thread or process, with a context of its own, would not.
 */
export class InlineJobBackend implements JobBackend {
  private readonly workerId = `${hostname()}:${process.pid}:inline`;

  constructor(
    private readonly executor: JobExecutor,
    private readonly leaseMs: number,
  ) {}

  unavailable(): string | null {
    return null;
  }

  submit(spec: JobSpec): JobTicket {
    const channel = new Channel<JobMessage>();
    const controller = new AbortController();
    void this.executor.execute(spec, { workerId: this.workerId, leaseMs: this.leaseMs }, controller.signal, (message) => {
      channel.push(message);
      if (message.kind === 'end') channel.close();
    });
    return { messages: channel, cancel: (reason) => controller.abort(new JobCancelledError(reason)) };
  }

  async close(): Promise<void> {}
}
