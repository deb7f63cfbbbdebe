/**
 * A push-driven async iterable: one producer pushes, one consumer iterates; `close` ends the iteration
 * after what was pushed. Used for a job's messages between the backend and the stream that reads them.
 */
export class Channel<T> implements AsyncIterable<T> {
  // A queue as an array and the index of its head: `shift()` moves every element, which made draining a
  // backlog of tens of thousands of messages (a client reading slower than a run produces) quadratic.
  private buffer: T[] = [];
  private head = 0;
  private waiting: ((result: IteratorResult<T>) => void) | null = null;
  private closed = false;

  push(value: T): void {
    if (this.closed) return;
    if (this.waiting !== null) {
      const resolve = this.waiting;
      this.waiting = null;
      resolve({ value, done: false });
    } else {
      this.buffer.push(value);
    }
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    if (this.waiting !== null) {
      const resolve = this.waiting;
      this.waiting = null;
      resolve({ value: undefined, done: true });
    }
  }

  /** Messages pushed and not yet read. */
  get pending(): number {
    return this.buffer.length - this.head;
  }

  private take(): T {
    const value = this.buffer[this.head];
    // The slot lets go of the message it handed out (a standing backlog would otherwise keep both halves).
    (this.buffer as (T | undefined)[])[this.head] = undefined;
    this.head += 1;
    // The read part is dropped once it is most of the array (amortised O(1) per message).
    if (this.head === this.buffer.length) {
      this.buffer = [];
      this.head = 0;
    } else if (this.head >= 1024 && this.head * 2 >= this.buffer.length) {
      this.buffer = this.buffer.slice(this.head);
      this.head = 0;
    }
    return value;
  }

  [Symbol.asyncIterator](): AsyncIterator<T> {
    return {
      next: () => {
        if (this.head < this.buffer.length) return Promise.resolve({ value: this.take(), done: false });
        if (this.closed) return Promise.resolve({ value: undefined, done: true });
        return new Promise((resolve) => (this.waiting = resolve));
      },
      return: () => {
        this.closed = true;
        this.buffer = [];
        this.head = 0;
        return Promise.resolve({ value: undefined, done: true });
      },
    };
  }
}
