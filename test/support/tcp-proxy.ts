import { createConnection, createServer, type Server, type Socket } from 'node:net';

/**
 * `pass` forwards bytes both ways; `reset` resets every connection (existing and new) with a TCP RST, as a
 * crashed or restarted server does; `blackhole` keeps connections open and drops every byte, as a network
 * partition does (nothing ever answers).
 */
export type ProxyMode = 'pass' | 'reset' | 'blackhole';

interface Pair {
  readonly client: Socket;
  readonly upstream: Socket;
}

/** A TCP proxy on loopback between the app and PostgreSQL, to cut and blackhole the database. */
export class TcpProxy {
  private server: Server | null = null;
  private readonly pairs = new Set<Pair>();
  private mode: ProxyMode = 'pass';

  constructor(
    private readonly targetHost: string,
    private readonly targetPort: number,
  ) {}

  get port(): number {
    const address = this.server?.address();
    if (address === null || address === undefined || typeof address === 'string') throw new Error('proxy not started');
    return address.port;
  }

  /** Connections opened through the proxy so far that are still open. */
  get openConnections(): number {
    return this.pairs.size;
  }

  async start(): Promise<this> {
    this.server = createServer((client) => this.accept(client));
    await new Promise<void>((resolve) => this.server?.listen(0, '127.0.0.1', resolve));
    return this;
  }

  setMode(mode: ProxyMode): void {
    this.mode = mode;
    if (mode === 'reset') {
      for (const pair of this.pairs) this.resetPair(pair);
    }
  }

  async stop(): Promise<void> {
    for (const pair of this.pairs) this.resetPair(pair);
    await new Promise<void>((resolve) => this.server?.close(() => resolve()));
  }

  private accept(client: Socket): void {
    if (this.mode === 'reset') {
      client.resetAndDestroy();
      return;
    }
    const upstream = createConnection({ host: this.targetHost, port: this.targetPort });
    const pair: Pair = { client, upstream };
    this.pairs.add(pair);
    const forward = (from: Socket, to: Socket): void => {
      from.on('data', (chunk: Buffer) => {
        if (this.mode === 'pass') to.write(chunk);
        // blackhole: the bytes are dropped, never delivered late
      });
    };
    forward(client, upstream);
    forward(upstream, client);
    const close = (): void => {
      if (!this.pairs.delete(pair)) return;
      client.destroy();
      upstream.destroy();
    };
    client.on('error', close);
    upstream.on('error', close);
    client.on('close', close);
    upstream.on('close', close);
  }

  private resetPair(pair: Pair): void {
    this.pairs.delete(pair);
    if (!pair.client.destroyed) pair.client.resetAndDestroy();
    if (!pair.upstream.destroyed) pair.upstream.destroy();
  }
}
