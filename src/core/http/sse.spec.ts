import { Logger, type MessageEvent } from '@nestjs/common';
import { firstValueFrom, Subject, toArray } from 'rxjs';
import { EngineError } from '../../engine';
import { ClientDisconnectedError, errorEvent, sseStream, typedEvent } from './sse';

const frames = (events: MessageEvent[]) => events.map((e) => (e.comment !== undefined ? `:${e.comment}` : `${e.type ?? '-'} ${JSON.stringify(e.data)}`));

describe('sseStream', () => {
  beforeEach(() => jest.spyOn(Logger.prototype, 'error').mockImplementation(() => undefined));
  afterEach(() => {
    jest.useRealTimers();
    jest.restoreAllMocks();
  });

  it('frames typed events and data-only frames in order, then ends', async () => {
    async function* source() {
      yield typedEvent({ type: 'start', run_id: 3 });
      yield { data: { status: 'downloading', percentage: 50 } };
      yield typedEvent({ type: 'complete', data: { x: 1 } });
    }
    const events = await firstValueFrom(sseStream({ heartbeatMs: 60_000, frames: () => source() }).pipe(toArray()));
    expect(frames(events)).toEqual(['start {"type":"start","run_id":3}', '- {"status":"downloading","percentage":50}', 'complete {"type":"complete","data":{"x":1}}']);
  });

  it('turns a failure into a last error event: our messages as they are, internals summarised', async () => {
    jest.useFakeTimers({ now: new Date('2024-05-01T12:00:00Z') });
    for (const [thrown, message] of [
      [new EngineError('INSUFFICIENT_DATA', 'No price data for ZZZZ'), 'No price data for ZZZZ'],
      [new Error('relation "x" does not exist'), 'The run failed because of an internal error; see the server log.'],
    ] as const) {
      async function* source() {
        yield typedEvent({ type: 'start' });
        throw thrown;
      }
      const collected: MessageEvent[] = [];
      const done = new Promise<void>((resolve) => sseStream({ heartbeatMs: 60_000, frames: () => source() }).subscribe({ next: (e) => collected.push(e), complete: resolve }));
      await jest.advanceTimersByTimeAsync(0);
      await done;
      expect(frames(collected)).toEqual(['start {"type":"start"}', `error ${JSON.stringify({ type: 'error', message, timestamp: '2024-05-01T12:00:00.000Z' })}`]);
    }
    expect(errorEvent('x', new Date('2024-01-01T00:00:00Z'))).toEqual({ event: 'error', data: { type: 'error', message: 'x', timestamp: '2024-01-01T00:00:00.000Z' } });
  });

  it('writes a heartbeat comment every heartbeatMs while the frames are quiet, and stops at the end', async () => {
    jest.useFakeTimers();
    const source = new Subject<{ data: object }>();
    const collected: MessageEvent[] = [];
    let ended = false;
    sseStream({ heartbeatMs: 15_000, frames: () => source }).subscribe({ next: (e) => collected.push(e), complete: () => (ended = true) });
    await jest.advanceTimersByTimeAsync(14_999);
    expect(collected).toEqual([]);
    await jest.advanceTimersByTimeAsync(1);
    source.next({ data: { n: 1 } });
    await jest.advanceTimersByTimeAsync(30_000);
    expect(frames(collected)).toEqual([':ping', '- {"n":1}', ':ping', ':ping']);
    source.complete();
    await jest.advanceTimersByTimeAsync(60_000);
    expect(ended).toBe(true);
    expect(collected).toHaveLength(4);
  });

  it('aborts the frames with ClientDisconnectedError when the client leaves, and only then', async () => {
    let seen: AbortSignal | null = null;
    const subscription = sseStream({
      heartbeatMs: 60_000,
      frames: (signal) => {
        seen = signal;
        return new Subject<{ data: object }>();
      },
    }).subscribe();
    const signal = seen as unknown as AbortSignal;
    expect(signal.aborted).toBe(false);
    subscription.unsubscribe();
    expect(signal.aborted).toBe(true);
    expect(signal.reason).toBeInstanceOf(ClientDisconnectedError);

    let finishedSignal: AbortSignal | null = null;
    await firstValueFrom(
      sseStream({
        heartbeatMs: 60_000,
        frames: (s) => {
          finishedSignal = s;
          return [{ data: { ok: true } }];
        },
      }).pipe(toArray()),
    );
    expect((finishedSignal as unknown as AbortSignal).aborted).toBe(false);
  });
});
