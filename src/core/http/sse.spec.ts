import { createServer } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { Logger, type MessageEvent } from '@nestjs/common';
import type { Request, Response } from 'express';
import { firstValueFrom, Subject, toArray } from 'rxjs';
import { EngineError } from '../../engine';
import { requestIdMiddleware } from './request-id';
import { ClientDisconnectedError, errorEvent, paced, sseStream, typedEvent } from './sse';

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

  it('relays a backlog in slices: other work gets a turn of the event loop before a long backlog is through', async () => {
    const total = 30_000;
    // Every frame is there at once, as a job's messages are when its client fell behind: each next() resolves
    // in a microtask, so only `paced` lets a timer or an incoming request run before the last frame.
    async function* backlog() {
      for (let n = 0; n < total; n += 1) yield { data: { n } };
    }
    let relayed = 0;
    let ended = false;
    // A turn of the event loop (an immediate re-armed each turn) notes how far the relay was: the relay must let
    // several turns through, not one at the start or one at the end.
    const turnsDuringRelay: number[] = [];
    const turn = (): void => {
      if (ended) return;
      if (relayed > 0 && relayed < total) turnsDuringRelay.push(relayed);
      setImmediate(turn);
    };
    setImmediate(turn);
    await new Promise<void>((resolve) => sseStream({ heartbeatMs: 60_000, frames: () => backlog() }).subscribe({ next: () => (relayed += 1), complete: resolve }));
    ended = true;
    expect(relayed).toBe(total);
    expect(new Set(turnsDuringRelay).size).toBeGreaterThanOrEqual(3);
  });

  it('paced keeps the order and ends with its source, and a source that returns early is closed', async () => {
    async function* numbers(count: number) {
      for (let n = 0; n < count; n += 1) yield n;
    }
    const all: number[] = [];
    for await (const n of paced(numbers(5_000), 0)) all.push(n);
    expect(all).toEqual(Array.from({ length: 5_000 }, (_, n) => n));

    let closed = false;
    async function* watched() {
      try {
        yield* numbers(10);
      } finally {
        closed = true;
      }
    }
    for await (const n of paced(watched(), 0)) if (n === 2) break;
    expect(closed).toBe(true);
  });

  it("holds a response's writes of one turn of the event loop and sends them together at its end", async () => {
    // A real server and connection: the writes are the response's, as Nest makes them (one `write` per frame).
    let observed: { corkedAfterTicks: number; pendingAfterTicks: number; pendingNextTurn: number } | null = null;
    const server = createServer((request, response) => {
      requestIdMiddleware(request as Request, response as unknown as Response, () => {
        const stream = sseStream({ heartbeatMs: 60_000, frames: () => Array.from({ length: 200 }, (_, n) => ({ data: { n } })) });
        response.writeHead(200, { 'content-type': 'text/event-stream' });
        stream.subscribe({
          next: (event) => response.write(`data: ${JSON.stringify(event.data)}\n\n`),
          complete: () => {
            const socket = response.socket as Socket;
            // Node's own cork of a response write lasts until the next tick; ours until the turn ends.
            process.nextTick(() => {
              const corkedAfterTicks = socket.writableCorked;
              const pendingAfterTicks = socket.writableLength;
              setImmediate(() => {
                observed = { corkedAfterTicks, pendingAfterTicks, pendingNextTurn: socket.writableLength };
                response.end();
              });
            });
          },
        });
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const { port } = server.address() as AddressInfo;
      const text = await (await fetch(`http://127.0.0.1:${port}/`)).text();
      expect(text.split('\n\n').filter((frame) => frame.startsWith('data: '))).toHaveLength(200);
      expect(observed).toEqual({ corkedAfterTicks: 1, pendingAfterTicks: expect.any(Number), pendingNextTurn: 0 });
      expect((observed as unknown as { pendingAfterTicks: number }).pendingAfterTicks).toBeGreaterThan(200 * 10);
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }
  });
});
