import { type ChildProcess, execFileSync, spawn, spawnSync } from 'node:child_process';
import { appendFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseSse, type SseFrame } from './sse';

const ROOT = join(__dirname, '..', '..');

/** Compiles src into dist (incremental: quick when nothing changed), for tests that start the built server. */
export function buildDist(): void {
  execFileSync(process.execPath, [join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', join(ROOT, 'tsconfig.build.json')], { cwd: ROOT, stdio: 'pipe' });
}

/**
 * Runs the real `hf` command (bin/hf.js over dist/; call buildDist first) in `cwd`, with the test's environment
 * minus `unset` plus `env`; returns its exit code and output.
 */
export function runHfProcess(args: readonly string[], options: { cwd: string; env?: Record<string, string>; unset?: readonly string[] }): { code: number | null; stdout: string; stderr: string } {
  const env: Record<string, string | undefined> = { ...process.env };
  for (const name of options.unset ?? []) delete env[name];
  Object.assign(env, options.env);
  const result = spawnSync(process.execPath, [join(ROOT, 'bin', 'hf.js'), ...args], { cwd: options.cwd, env, encoding: 'utf8' });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

/** The compiled entry point (`main` or `worker`) under dist/. */
export function distEntry(script: 'main' | 'worker'): string {
  return join(ROOT, 'dist', `${script}.js`);
}

/** A server or worker process started from compiled code, with its log lines (JSON from pino, or plain stderr). */
export class ServiceProcess {
  readonly output: string[] = [];
  readonly exited: Promise<number | null>;
  private readonly child: ChildProcess;
  private readonly waiters: { pattern: RegExp; resolve: (line: string) => void }[] = [];

  constructor(entry: string, env: Record<string, string>) {
    this.child = spawn(process.execPath, [entry], { cwd: ROOT, env: { ...process.env, LOG_LEVEL: 'info', ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    this.exited = new Promise((resolve) => this.child.once('exit', (code) => resolve(code)));
    for (const stream of [this.child.stdout, this.child.stderr]) {
      let partial = '';
      stream?.setEncoding('utf8');
      stream?.on('data', (chunk: string) => {
        const lines = (partial + chunk).split('\n');
        partial = lines.pop() ?? '';
        for (const line of lines) this.line(line);
      });
    }
  }

  get pid(): number {
    return this.child.pid as number;
  }

  /** Resolves with the first log line (past or future) matching `pattern`. */
  waitForLog(pattern: RegExp): Promise<string> {
    const seen = this.output.find((line) => pattern.test(line));
    if (seen !== undefined) return Promise.resolve(seen);
    return new Promise((resolve) => this.waiters.push({ pattern, resolve }));
  }

  signal(signal: NodeJS.Signals): void {
    if (this.child.exitCode === null) this.child.kill(signal);
  }

  async stop(): Promise<void> {
    if (this.child.exitCode !== null || this.child.signalCode !== null) return;
    this.child.kill('SIGKILL');
    await this.exited;
  }

  private line(line: string): void {
    this.output.push(line);
    // TEST_PROCESS_LOG_DIR keeps every line of the started processes, for a look after a failure.
    const dir = process.env.TEST_PROCESS_LOG_DIR;
    if (dir !== undefined) appendFileSync(join(dir, `${this.pid}.log`), `${line}
`);
    for (const waiter of [...this.waiters]) {
      if (waiter.pattern.test(line)) {
        this.waiters.splice(this.waiters.indexOf(waiter), 1);
        waiter.resolve(line);
      }
    }
  }
}

/** Starts `dist/main.js` on a free port and resolves once it serves, with its base URL. */
export async function startApi(env: Record<string, string>, entry = distEntry('main')): Promise<{ process: ServiceProcess; url: string }> {
  const api = new ServiceProcess(entry, { HOST: '127.0.0.1', PORT: '0', ...env });
  const line = await Promise.race([api.waitForLog(/Serving on http:\/\/127\.0\.0\.1:\d+/), api.exited.then((code) => Promise.reject(new Error(`the API exited (${code}): ${api.output.join('\n')}`)))]);
  const port = /127\.0\.0\.1:(\d+)/.exec(line)?.[1];
  return { process: api, url: `http://127.0.0.1:${port}` };
}

/** Starts `dist/worker.js` and resolves once it takes jobs, with its worker id. */
export async function startWorker(env: Record<string, string>, entry = distEntry('worker')): Promise<{ process: ServiceProcess; workerId: string }> {
  const worker = new ServiceProcess(entry, env);
  const line = await Promise.race([worker.waitForLog(/Worker \S+ takes jobs/), worker.exited.then((code) => Promise.reject(new Error(`the worker exited (${code}): ${worker.output.join('\n')}`)))]);
  return { process: worker, workerId: /Worker (\S+) takes jobs/.exec(line)?.[1] as string };
}

/** An SSE stream read as it arrives: its frames so far (parsed once each), a wait for a frame, and the end. */
export class SseClient {
  readonly frames: SseFrame[] = [];
  readonly ended: Promise<void>;
  status = 0;
  private buffer = '';
  private finished = false;
  private readonly controller = new AbortController();
  private readonly waiters: { match: (frame: SseFrame) => boolean; resolve: (frame: SseFrame) => void; reject: (error: Error) => void }[] = [];

  constructor(url: string, body: unknown) {
    this.ended = (async () => {
      try {
        const response = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body), signal: this.controller.signal });
        this.status = response.status;
        const reader = (response.body as ReadableStream<Uint8Array>).getReader();
        const decoder = new TextDecoder();
        for (;;) {
          const chunk = await reader.read();
          if (chunk.done) break;
          this.receive(decoder.decode(chunk.value, { stream: true }));
        }
      } catch (error) {
        if (!this.controller.signal.aborted) throw error;
      } finally {
        this.finished = true;
        for (const waiter of this.waiters.splice(0)) waiter.reject(new Error(`the stream ended without the frame; last frames: ${JSON.stringify(this.frames.slice(-3))}`));
      }
    })();
    // A test that failed before awaiting `ended` must not leave its rejection to surface in the next test file.
    this.ended.catch(() => undefined);
  }

  /** Resolves with the first frame (past or future) matching, or rejects when the stream ends without one. */
  waitFor(match: (frame: SseFrame) => boolean): Promise<SseFrame> {
    const seen = this.frames.find(match);
    if (seen !== undefined) return Promise.resolve(seen);
    if (this.finished) return Promise.reject(new Error('the stream ended without the frame'));
    return new Promise((resolve, reject) => this.waiters.push({ match, resolve, reject }));
  }

  close(): void {
    this.controller.abort();
  }

  private receive(text: string): void {
    this.buffer += text;
    const blocks = this.buffer.split('\n\n');
    this.buffer = blocks.pop() ?? '';
    for (const frame of parseSse(blocks.map((block) => `${block}\n\n`).join(''))) {
      this.frames.push(frame);
      for (const waiter of [...this.waiters]) {
        if (waiter.match(frame)) {
          this.waiters.splice(this.waiters.indexOf(waiter), 1);
          waiter.resolve(frame);
        }
      }
    }
  }
}
