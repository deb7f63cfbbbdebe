import { Channel } from './channel';

async function take<T>(iterator: AsyncIterator<T>, count: number): Promise<T[]> {
  const out: T[] = [];
  for (let i = 0; i < count; i += 1) {
    const next = await iterator.next();
    if (next.done === true) break;
    out.push(next.value);
  }
  return out;
}

describe('Channel', () => {
  it('hands over pushed values in order, across a long backlog read while more arrive', async () => {
    const channel = new Channel<number>();
    const iterator = channel[Symbol.asyncIterator]();
    // Enough for the read part of the queue to be dropped several times (at 1024 and more) mid-read.
    for (let n = 0; n < 5_000; n += 1) channel.push(n);
    const first = await take(iterator, 3_000);
    for (let n = 5_000; n < 9_000; n += 1) channel.push(n);
    expect(channel.pending).toBe(6_000);
    const rest = await take(iterator, 6_000);
    expect([...first, ...rest]).toEqual(Array.from({ length: 9_000 }, (_, n) => n));
    expect(channel.pending).toBe(0);
  });

  it('a reader waiting for a value gets the next push; close ends the iteration after what was pushed', async () => {
    const channel = new Channel<string>();
    const iterator = channel[Symbol.asyncIterator]();
    const waiting = iterator.next();
    channel.push('a');
    await expect(waiting).resolves.toEqual({ value: 'a', done: false });
    channel.push('b');
    channel.push('c');
    channel.close();
    channel.push('after close');
    await expect(take(iterator, 10)).resolves.toEqual(['b', 'c']);
    await expect(iterator.next()).resolves.toEqual({ value: undefined, done: true });
  });

  it('a reader that returns drops what is queued and ignores later pushes', async () => {
    const channel = new Channel<number>();
    const iterator = channel[Symbol.asyncIterator]();
    channel.push(1);
    channel.push(2);
    await iterator.return?.();
    channel.push(3);
    expect(channel.pending).toBe(0);
    await expect(iterator.next()).resolves.toEqual({ value: undefined, done: true });
  });
});
