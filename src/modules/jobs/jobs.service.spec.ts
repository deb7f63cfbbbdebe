import { Logger } from '@nestjs/common';
import { firstValueFrom, toArray } from 'rxjs';
import type { DataSource } from 'typeorm';
import { parsePrometheus, sampleValue } from '../../../test/support/prometheus';
import { type AppConfig, loadConfig } from '../../config';
import { Telemetry } from '../../core/telemetry';
import type { FlowRunsService } from '../flow-runs/flow-runs.service';
import { Channel } from './channel';
import type { CancelReason, JobMessage, JobSpec } from './job';
import type { JobBackend } from './job-backend';
import { JobsService } from './jobs.service';

/** A backend whose single job is driven by the test. */
class ScriptedBackend implements JobBackend {
  readonly channel = new Channel<JobMessage>();
  readonly cancels: CancelReason[] = [];
  submitted: JobSpec | null = null;
  unavailable(): string | null {
    return null;
  }
  submit(spec: JobSpec) {
    this.submitted = spec;
    return { messages: this.channel, cancel: (reason: CancelReason) => void this.cancels.push(reason) };
  }
  async close(): Promise<void> {}
}

class RecordingRuns {
  readonly calls: string[] = [];
  async createRun(flowId: number, input: { kind: string }) {
    this.calls.push(`create ${flowId} ${input.kind}`);
    return { id: 41 };
  }
  async markWorkerLost(workerId: string, runIds: number[]) {
    this.calls.push(`lost ${workerId} ${runIds.join(',')}`);
    return runIds;
  }
  async cancelIdle(runId: number, message: string) {
    this.calls.push(`cancelIdle ${runId} ${message}`);
    return false;
  }
}

function setup() {
  const config: AppConfig = loadConfig({ RUN_LEASE_MS: '3000', SSE_HEARTBEAT_MS: '600000', LOG_LEVEL: 'silent' });
  const backend = new ScriptedBackend();
  const runs = new RecordingRuns();
  class TestJobsService extends JobsService {
    protected override createBackend(): JobBackend {
      return backend;
    }
  }
  const telemetry = new Telemetry();
  const service = new TestJobsService(config, runs as unknown as FlowRunsService, {} as DataSource, telemetry);
  const metric = async (name: string, labels: Record<string, string>): Promise<number> => sampleValue(parsePrometheus(await telemetry.metrics()), name, labels);
  return { service, backend, runs, metric };
}

const input = { kind: 'test_job', request: { n: 1 }, persist: { flowId: 3, runKind: 'backtest' as const, requestData: { n: 1 } } };

describe('JobsService', () => {
  beforeEach(() => jest.spyOn(Logger.prototype, 'error').mockImplementation(() => undefined));
  afterEach(() => {
    jest.useRealTimers();
    jest.restoreAllMocks();
  });

  it('creates the run, submits {kind, request, run_id} and relays the events until the end', async () => {
    const { service, backend, runs, metric } = setup();
    const frames = firstValueFrom(service.stream(input).pipe(toArray()));
    await new Promise((resolve) => setImmediate(resolve));
    expect(backend.submitted).toEqual({ kind: 'test_job', request: { n: 1 }, run_id: 41 });
    backend.channel.push({ kind: 'started', workerId: 'w1' });
    backend.channel.push({ kind: 'event', event: { type: 'start', run_id: 41 } });
    backend.channel.push({ kind: 'lease' });
    backend.channel.push({ kind: 'event', event: { type: 'complete', data: { ok: true } } });
    backend.channel.push({ kind: 'end', outcome: 'complete' });
    expect((await frames).map((f) => `${f.type} ${JSON.stringify(f.data)}`)).toEqual(['start {"type":"start","run_id":41}', 'complete {"type":"complete","data":{"ok":true}}']);
    expect(runs.calls).toEqual(['create 3 backtest']);
    expect(await metric('hf_runs_submitted_total', { kind: 'test_job' })).toBe(1);
    expect(await metric('hf_runs_started_total', { kind: 'test_job' })).toBe(1);
    expect(await metric('hf_runs_finished_total', { kind: 'test_job', status: 'complete' })).toBe(1);
    expect(await metric('hf_run_duration_seconds_count', { kind: 'test_job', status: 'complete' })).toBe(1);
    expect(await metric('hf_runs_failed_total', { kind: 'test_job' })).toBe(0);
  });

  it('waits for ever while the job is queued, then declares a silent executor lost after one lease: error event, run marked, executor cancelled', async () => {
    jest.useFakeTimers({ now: new Date('2024-05-01T12:00:00Z') });
    const { service, backend, runs, metric } = setup();
    const frames: string[] = [];
    let ended = false;
    service.stream(input).subscribe({ next: (f) => frames.push(`${f.type} ${JSON.stringify(f.data)}`), complete: () => (ended = true) });
    await jest.advanceTimersByTimeAsync(60_000);
    expect(frames).toEqual([]);
    backend.channel.push({ kind: 'started', workerId: 'host:9:worker' });
    backend.channel.push({ kind: 'event', event: { type: 'start', run_id: 41 } });
    await jest.advanceTimersByTimeAsync(2_999);
    backend.channel.push({ kind: 'lease' });
    await jest.advanceTimersByTimeAsync(2_999);
    expect(ended).toBe(false);
    await jest.advanceTimersByTimeAsync(1);
    expect(ended).toBe(true);
    expect(frames).toEqual([
      'start {"type":"start","run_id":41}',
      'error {"type":"error","message":"worker lost: the process executing this run stopped renewing its lease","timestamp":"2024-05-01T12:01:05.999Z"}',
    ]);
    expect(backend.cancels).toEqual(['lost']);
    expect(runs.calls).toEqual(['create 3 backtest', 'lost host:9:worker 41']);
    // Counted once, as a failure: a minute in the queue, then the last beat at 2.999 s and one lease (3 s) of silence.
    expect(await metric('hf_runs_finished_total', { kind: 'test_job', status: 'error' })).toBe(1);
    expect(await metric('hf_runs_finished_total', { kind: 'test_job', status: 'cancelled' })).toBe(0);
    expect(await metric('hf_runs_failed_total', { kind: 'test_job', code: 'CANCELLED' })).toBe(1);
    expect(await metric('hf_run_queue_wait_seconds_sum', { kind: 'test_job' })).toBeCloseTo(60, 6);
    expect(await metric('hf_run_duration_seconds_sum', { kind: 'test_job', status: 'error' })).toBeCloseTo(5.999, 6);
  });

  it('cancels the job when the client leaves, and the run if no executor claimed it yet', async () => {
    const { service, backend, runs, metric } = setup();
    const subscription = service.stream(input).subscribe();
    await new Promise((resolve) => setImmediate(resolve));
    subscription.unsubscribe();
    await new Promise((resolve) => setImmediate(resolve));
    expect(backend.cancels).toEqual(['client']);
    expect(runs.calls).toEqual(['create 3 backtest', 'cancelIdle 41 cancelled: the client disconnected']);
    backend.channel.push({ kind: 'end', outcome: 'cancelled' });
    await new Promise((resolve) => setImmediate(resolve));
    expect(await metric('hf_runs_finished_total', { kind: 'test_job', status: 'cancelled' })).toBe(1);
    expect(await metric('hf_runs_started_total', { kind: 'test_job' })).toBe(0);
    expect(await metric('hf_run_duration_seconds_count', { kind: 'test_job', status: 'cancelled' })).toBe(0);
  });

  describe('streamOnceStarted', () => {
    const shutdownSettles = async (service: JobsService): Promise<boolean> => {
      jest.useFakeTimers();
      const done = service.beforeApplicationShutdown().then(() => true);
      await jest.advanceTimersByTimeAsync(1);
      return Promise.race([done, Promise.resolve(false)]);
    };

    it('a job refused with a 4xx before its first event throws that problem (no stream) and leaves no active job', async () => {
      const { service, backend } = setup();
      const answer = service.streamOnceStarted(input);
      await new Promise((resolve) => setImmediate(resolve));
      backend.channel.push({ kind: 'started', workerId: 'w1' });
      backend.channel.push({ kind: 'event', event: { type: 'error', message: 'start_date: no MES regular-session bars', timestamp: 't' } });
      backend.channel.push({
        kind: 'end',
        outcome: 'error',
        failure: { source: 'domain', code: 'VALIDATION', message: 'start_date: no MES regular-session bars', errors: [{ field: 'start_date', message: 'no bars' }] },
      });
      await expect(answer).rejects.toMatchObject({ code: 'VALIDATION', message: 'start_date: no MES regular-session bars', errors: [{ field: 'start_date', message: 'no bars' }] });
      expect(await shutdownSettles(service)).toBe(true);
    });

    it('an internal failure before the first event stays an error frame of a stream', async () => {
      const { service, backend } = setup();
      const answer = service.streamOnceStarted(input);
      await new Promise((resolve) => setImmediate(resolve));
      backend.channel.push({ kind: 'event', event: { type: 'error', message: 'internal', timestamp: 't' } });
      backend.channel.push({ kind: 'end', outcome: 'error', failure: { source: 'internal', code: 'INTERNAL', message: 'internal' } });
      const frames = await firstValueFrom((await answer).pipe(toArray()));
      expect(frames.map((f) => f.type)).toEqual(['error']);
    });

    it('answers the stream once the job sent its first event, with every event in order', async () => {
      const { service, backend } = setup();
      let resolved = false;
      const answer = service.streamOnceStarted(input).then((stream) => {
        resolved = true;
        return stream;
      });
      await new Promise((resolve) => setImmediate(resolve));
      backend.channel.push({ kind: 'started', workerId: 'w1' });
      await new Promise((resolve) => setImmediate(resolve));
      expect(resolved).toBe(false);
      backend.channel.push({ kind: 'event', event: { type: 'start', run_id: 41 } });
      const stream = await answer;
      const frames = firstValueFrom(stream.pipe(toArray()));
      backend.channel.push({ kind: 'event', event: { type: 'complete', data: { ok: true } } });
      backend.channel.push({ kind: 'end', outcome: 'complete' });
      expect((await frames).map((f) => f.type)).toEqual(['start', 'complete']);
    });
  });

  it('refuses new jobs with a 503 and Retry-After once it stops accepting', async () => {
    const { service } = setup();
    service.stopAccepting();
    expect(() => service.stream(input)).toThrow(expect.objectContaining({ code: 'UNAVAILABLE', retryAfterSeconds: 5 }));
  });
});
