import { Logger } from '@nestjs/common';
import { UnavailableError, ValidationError } from '../../core/http';
import type { FlowRunsService } from '../flow-runs/flow-runs.service';
import type { RunOwner } from '../flow-runs/run-recorder';
import { JobCancelledError, type JobContext, type JobMessage } from './job';
import { JobExecutor } from './job-executor';
import { JobRegistry } from './job-registry';

/** The persistence calls the executor makes, recorded; `claimable`/`leaseHeld` steer the answers. */
class RecordingStore {
  readonly calls: string[] = [];
  claimable = true;
  leaseHeld = true;
  async claim(runId: number, owner: RunOwner) {
    this.calls.push(`claim ${runId} ${owner.workerId} ${owner.leaseMs}`);
    return this.claimable;
  }
  async renewLease(runId: number) {
    this.calls.push(`renew ${runId}`);
    return this.leaseHeld;
  }
  async addCycle(runId: number, cycle: { cycle_number: number; trigger_reason?: string | null; started_at?: Date; completed_at?: Date | null }) {
    this.calls.push(`cycle ${runId} #${cycle.cycle_number} ${cycle.trigger_reason} ${cycle.started_at?.toISOString()}→${cycle.completed_at?.toISOString()}`);
  }
  async complete(runId: number, results: Record<string, unknown>) {
    this.calls.push(`complete ${runId} ${JSON.stringify(results)}`);
  }
  async fail(runId: number, message: string) {
    this.calls.push(`fail ${runId} ${message}`);
  }
  async cancel(runId: number, message?: string) {
    this.calls.push(`cancel ${runId} ${message}`);
  }
}

const OWNER: RunOwner = { workerId: 'host:1:thread-1', leaseMs: 3_000 };
const T0 = new Date('2024-05-01T12:00:00.000Z');

function setup(handler: (request: { n: number }, context: JobContext) => Promise<Record<string, unknown>>) {
  const registry = new JobRegistry();
  registry.register('test_job', handler);
  const store = new RecordingStore();
  const executor = new JobExecutor(registry, store as unknown as FlowRunsService);
  const messages: JobMessage[] = [];
  const controller = new AbortController();
  const run = (runId?: number) =>
    executor.execute({ kind: 'test_job', request: { n: 2 }, ...(runId === undefined ? {} : { run_id: runId }) }, OWNER, controller.signal, (m) => messages.push(m), () => T0);
  return { store, messages, controller, run };
}

const summary = (messages: JobMessage[]) =>
  messages.map((m) => (m.kind === 'event' ? `event ${JSON.stringify(m.event)}` : m.kind === 'end' ? `end ${m.outcome}${m.failure ? ` ${m.failure.source}:${m.failure.code}` : ''}` : m.kind));

describe('JobExecutor', () => {
  beforeEach(() => {
    jest.spyOn(Logger.prototype, 'error').mockImplementation(() => undefined);
    jest.spyOn(Logger.prototype, 'warn').mockImplementation(() => undefined);
  });
  afterEach(() => {
    jest.useRealTimers();
    jest.restoreAllMocks();
  });

  it('claims the run, relays the events, numbers the cycles, records the result, then sends complete and end', async () => {
    const { store, messages, run } = setup(async (request, context) => {
      context.emit({ type: 'start', run_id: context.runId });
      await context.cycle({ trigger_reason: 'day 1' });
      await context.cycle({ trigger_reason: 'day 2' });
      return { total: request.n };
    });
    await run(7);
    expect(store.calls).toEqual([
      'claim 7 host:1:thread-1 3000',
      `cycle 7 #1 day 1 ${T0.toISOString()}→${T0.toISOString()}`,
      `cycle 7 #2 day 2 ${T0.toISOString()}→${T0.toISOString()}`,
      'complete 7 {"total":2}',
    ]);
    expect(summary(messages)).toEqual(['started', 'event {"type":"start","run_id":7}', 'event {"type":"complete","data":{"total":2}}', 'end complete']);
  });

  it('runs a job without a run and records nothing', async () => {
    const { store, messages, run } = setup(async (_request, context) => ({ runId: context.runId }));
    await run();
    expect(store.calls).toEqual([]);
    expect(summary(messages)).toEqual(['started', 'event {"type":"complete","data":{"runId":null}}', 'end complete']);
  });

  it('skips a run cancelled before it was claimed', async () => {
    const handler = jest.fn(async () => ({}));
    const { store, messages, run } = setup(handler);
    store.claimable = false;
    await run(7);
    expect(handler).not.toHaveBeenCalled();
    expect(summary(messages)).toEqual(['end cancelled']);
  });

  it('records a failure and sends an error event with the failure kept for a JSON caller', async () => {
    const { store, messages, run } = setup(async () => {
      throw ValidationError.field('start_date', 'start_date: no MES regular-session bars');
    });
    await run(7);
    expect(store.calls).toEqual(['claim 7 host:1:thread-1 3000', 'fail 7 start_date: no MES regular-session bars']);
    expect(summary(messages)).toEqual([
      'started',
      `event {"type":"error","message":"start_date: no MES regular-session bars","timestamp":"${T0.toISOString()}"}`,
      'end error domain:VALIDATION',
    ]);
  });

  it('beats and renews the lease every third of it; a lease taken away aborts the job quietly (no record, an error event)', async () => {
    jest.useFakeTimers();
    let aborted: unknown = null;
    const { store, messages, run } = setup(
      (_request, context) =>
        new Promise((_resolve, reject) =>
          context.signal.addEventListener('abort', () => {
            aborted = context.signal.reason;
            reject(context.signal.reason);
          }),
        ),
    );
    const done = run(7);
    await jest.advanceTimersByTimeAsync(999);
    expect(summary(messages)).toEqual(['started']);
    await jest.advanceTimersByTimeAsync(1);
    expect(summary(messages)).toEqual(['started', 'lease']);
    expect(store.calls).toEqual(['claim 7 host:1:thread-1 3000', 'renew 7']);
    store.leaseHeld = false;
    await jest.advanceTimersByTimeAsync(1_000);
    await done;
    expect((aborted as JobCancelledError).reason).toBe('lost');
    expect(store.calls).toEqual(['claim 7 host:1:thread-1 3000', 'renew 7', 'renew 7']);
    expect(summary(messages).slice(2)).toEqual([
      'lease',
      `event {"type":"error","message":"worker lost: the process executing this run stopped renewing its lease","timestamp":"${T0.toISOString()}"}`,
      'end error engine:CANCELLED',
    ]);
  });

  it.each([
    ['client', ['end cancelled engine:CANCELLED'], 'cancelled: the client disconnected'],
    ['shutdown', [`event {"type":"error","message":"server shutting down","timestamp":"${T0.toISOString()}"}`, 'end cancelled engine:CANCELLED'], 'server shutting down'],
  ] as const)('a %s cancellation records the run CANCELLED with its message', async (reason, tail, recorded) => {
    const { store, messages, controller, run } = setup(
      (_request, context) => new Promise((_resolve, reject) => context.signal.addEventListener('abort', () => reject(context.signal.reason))),
    );
    const done = run(7);
    await new Promise((resolve) => setImmediate(resolve));
    controller.abort(new JobCancelledError(reason));
    await done;
    expect(store.calls).toEqual(['claim 7 host:1:thread-1 3000', `cancel 7 ${recorded}`]);
    expect(summary(messages)).toEqual(['started', ...tail]);
  });

  describe('the failed run\'s one log line', () => {
    const SECRET = 'sk-executor-spec-secret-77aa';
    const logged = () => {
      const error = jest.spyOn(Logger.prototype, 'error').mockImplementation(() => undefined);
      const warn = jest.spyOn(Logger.prototype, 'warn').mockImplementation(() => undefined);
      return { error, warn, text: () => JSON.stringify([...error.mock.calls, ...warn.mock.calls]) };
    };
    const runWithSecret = (handler: (request: { n: number }, context: JobContext) => Promise<Record<string, unknown>>) => {
      const registry = new JobRegistry();
      registry.register('test_job', handler);
      const executor = new JobExecutor(registry, new RecordingStore() as unknown as FlowRunsService);
      const messages: JobMessage[] = [];
      const spec = { kind: 'test_job', request: { n: 2, api_key: SECRET }, run_id: 9, request_id: 'req-exec-1', secrets: { OPENAI_API_KEY: SECRET } };
      return { messages, done: executor.execute(spec, OWNER, new AbortController().signal, (m) => messages.push(m), () => T0) };
    };

    it('a defect: one error line with the run id, the job kind, the code and the stack; the client gets a summary; no secret', async () => {
      const log = logged();
      const { messages, done } = runWithSecret(async () => {
        throw Object.assign(new TypeError('cannot read properties of undefined'), { code: 'ERR_SOMETHING' });
      });
      await done;
      expect(log.error).toHaveBeenCalledTimes(1);
      expect(log.warn).not.toHaveBeenCalled();
      const [fields, message] = log.error.mock.calls[0] as [Record<string, unknown>, string];
      expect(fields).toMatchObject({ run_id: 9, request_id: 'req-exec-1', job_kind: 'test_job', code: 'ERR_SOMETHING', err: { name: 'TypeError', message: 'cannot read properties of undefined' } });
      expect((fields.err as { stack: string }).stack).toMatch(/^TypeError: cannot read properties of undefined\n\s+at /);
      expect(message).toBe('Run failed: cannot read properties of undefined');
      expect(log.text()).not.toContain(SECRET);
      expect(summary(messages)).toContain('end error internal:INTERNAL');
    });

    it('an expected condition (a provider down, a refused request): one warn line with its code, no error line', async () => {
      for (const failure of [new UnavailableError('The market-data provider cannot be reached.', 5), new ValidationError('start_date: no bars')]) {
        jest.restoreAllMocks();
        const log = logged();
        const { done } = runWithSecret(async () => {
          throw failure;
        });
        await done;
        expect(log.error).not.toHaveBeenCalled();
        expect(log.warn).toHaveBeenCalledTimes(1);
        expect(log.warn.mock.calls[0][0]).toMatchObject({ run_id: 9, request_id: 'req-exec-1', job_kind: 'test_job', code: failure.code, detail: failure.message });
        expect(log.text()).not.toContain(SECRET);
      }
    });

    it('a client gone: one warn line, no error line', async () => {
      const log = logged();
      const controller = new AbortController();
      const registry = new JobRegistry();
      registry.register('test_job', (_request, context) => new Promise((_resolve, reject) => context.signal.addEventListener('abort', () => reject(context.signal.reason))));
      const executor = new JobExecutor(registry, new RecordingStore() as unknown as FlowRunsService);
      const done = executor.execute({ kind: 'test_job', request: {}, run_id: 4 }, OWNER, controller.signal, () => undefined, () => T0);
      await new Promise((resolve) => setImmediate(resolve));
      controller.abort(new JobCancelledError('client'));
      await done;
      expect(log.error).not.toHaveBeenCalled();
      expect(log.warn).toHaveBeenCalledTimes(1);
      expect(log.warn.mock.calls[0][0]).toMatchObject({ run_id: 4, code: 'CANCELLED', reason: 'client' });
    });
  });
});
