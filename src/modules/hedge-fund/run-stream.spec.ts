import { Logger, type MessageEvent } from '@nestjs/common';
import { firstValueFrom, toArray } from 'rxjs';
import { EngineError } from '../../engine';
import { type RunRecorder, streamRun } from './run-stream';

const CLOCK = () => new Date('2024-05-01T12:00:00.000Z');
const quietLogger = new Logger('test');
quietLogger.error = () => undefined;

function recorder(): RunRecorder & { calls: string[] } {
  const calls: string[] = [];
  return {
    runId: null,
    calls,
    begin: async () => void calls.push('begin'),
    complete: async (results) => void calls.push(`complete:${JSON.stringify(results)}`),
    fail: async (message) => void calls.push(`fail:${message}`),
    cancel: async () => void calls.push('cancel'),
  };
}

const frames = (events: MessageEvent[]) => events.map((e) => (e.comment !== undefined ? `:${e.comment}` : `${e.type} ${JSON.stringify(e.data)}`));

describe('streamRun', () => {
  it('frames start, progress, a closing Done for an agent left open, then complete, after recording the result', async () => {
    const rec = recorder();
    const events = await firstValueFrom(
      streamRun({
        heartbeatMs: 60_000,
        recorder: rec,
        logger: quietLogger,
        clock: CLOCK,
        work: async (bus) => {
          bus.progress('technical_analyst_ab12cd', 'AAPL', 'Analyzing price data');
          bus.progress('risk_management_agent_ab12cd', 'AAPL', 'Calculating limits');
          bus.done('risk_management_agent_ab12cd', 'AAPL', '{"x":1}');
          return { decisions: {}, value: Number.NaN };
        },
      }).pipe(toArray()),
    );
    const ts = '2024-05-01T12:00:00.000Z';
    expect(frames(events)).toEqual([
      `start {"type":"start","timestamp":"${ts}"}`,
      `progress {"type":"progress","agent":"technical_analyst_ab12cd","ticker":"AAPL","status":"Analyzing price data","timestamp":"${ts}","analysis":null}`,
      `progress {"type":"progress","agent":"risk_management_agent_ab12cd","ticker":"AAPL","status":"Calculating limits","timestamp":"${ts}","analysis":null}`,
      `progress {"type":"progress","agent":"risk_management_agent_ab12cd","ticker":"AAPL","status":"Done","timestamp":"${ts}","analysis":"{\\"x\\":1}"}`,
      `progress {"type":"progress","agent":"technical_analyst_ab12cd","ticker":null,"status":"Done","timestamp":"${ts}","analysis":null}`,
      'complete {"type":"complete","data":{"decisions":{},"value":null}}',
    ]);
    expect(rec.calls).toEqual(['begin', 'complete:{"decisions":{},"value":null}']);
  });

  it('turns a failure into an error event (engine messages as they are, internals summarised) and records it', async () => {
    for (const [thrown, message] of [
      [new EngineError('INSUFFICIENT_DATA', 'No price data for ZZZZ'), 'No price data for ZZZZ'],
      [new Error('relation "x" does not exist'), 'The run failed because of an internal error; see the server log.'],
    ] as const) {
      const rec = recorder();
      const events = await firstValueFrom(
        streamRun({
          heartbeatMs: 60_000,
          recorder: rec,
          logger: quietLogger,
          clock: CLOCK,
          work: async (bus) => {
            bus.progress('growth_analyst', 'AAPL', 'Fetching');
            throw thrown;
          },
        }).pipe(toArray()),
      );
      expect(events.map((e) => e.type)).toEqual(['start', 'progress', 'progress', 'error']);
      expect(events[2].data).toMatchObject({ agent: 'growth_analyst', status: 'Done' });
      expect(events[3].data).toEqual({ type: 'error', message, timestamp: '2024-05-01T12:00:00.000Z' });
      expect(rec.calls).toEqual(['begin', `fail:${message}`]);
    }
  });

  it('writes heartbeat comments while the work runs', async () => {
    const events = await firstValueFrom(
      streamRun({
        heartbeatMs: 10,
        recorder: recorder(),
        logger: quietLogger,
        work: async () => {
          await new Promise((resolve) => setTimeout(resolve, 55));
          return {};
        },
      }).pipe(toArray()),
    );
    const pings = events.filter((e) => e.comment === 'ping');
    expect(pings.length).toBeGreaterThanOrEqual(2);
    expect(events[events.length - 1].type).toBe('complete');
  });

  it('aborts the work when the subscriber leaves and records the run cancelled', async () => {
    const rec = recorder();
    let observedAbort: unknown = null;
    const workEnded = new Promise<void>((resolveEnded) => {
      const subscription = streamRun({
        heartbeatMs: 60_000,
        recorder: rec,
        logger: quietLogger,
        work: (_bus, signal) =>
          new Promise((_resolve, reject) => {
            signal.addEventListener('abort', () => {
              observedAbort = signal.reason;
              reject(signal.reason);
              setTimeout(resolveEnded, 5);
            });
          }),
      }).subscribe();
      setTimeout(() => subscription.unsubscribe(), 10);
    });
    await workEnded;
    expect(observedAbort).toBeInstanceOf(EngineError);
    expect((observedAbort as EngineError).code).toBe('CANCELLED');
    expect(rec.calls).toEqual(['begin', 'cancel']);
  });
});
