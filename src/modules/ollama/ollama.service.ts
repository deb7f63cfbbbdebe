import { type ChildProcess, spawn } from 'node:child_process';
import { accessSync, constants } from 'node:fs';
import { delimiter, join } from 'node:path';
import { Inject, Injectable, Logger, type OnApplicationShutdown } from '@nestjs/common';
import { Observable } from 'rxjs';
import { APP_CONFIG, type AppConfig, childProcessEnv } from '../../config';
import { ConflictError, DomainError, NotFoundError } from '../../core/http';
import type { DownloadProgressDto, InstalledModelDto, OllamaStatusDto, SuccessMessageDto } from './dto/ollama.dto';
import { OllamaClient } from './ollama.client';

const START_TIMEOUT_MS = 20_000;
const STOP_TIMEOUT_MS = 5_000;
const POLL_MS = 250;
/** Finished downloads stay readable this long, so a client polling after the end still sees the outcome. */
const FINISHED_RETENTION_MS = 10 * 60_000;

/** A download in progress or recently finished; opaque outside this service. */
export type DownloadHandle = Download;

interface Download {
  readonly controller: AbortController;
  progress: DownloadProgressDto;
  readonly layers: Map<string, { total: number; completed: number }>;
  readonly listeners: Set<(progress: DownloadProgressDto) => void>;
  finishedAt: number | null;
  /** Settles with the final state; set right after the download starts. */
  done: Promise<DownloadProgressDto>;
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

@Injectable()
export class OllamaService implements OnApplicationShutdown {
  private readonly logger = new Logger(OllamaService.name);
  private readonly downloads = new Map<string, Download>();
  /** The `ollama serve` this process started, if any: the only server it will stop. */
  private child: ChildProcess | null = null;

  constructor(
    private readonly client: OllamaClient,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async status(): Promise<OllamaStatusDto> {
    const binary = this.findBinary();
    try {
      const models = await this.client.listModels();
      return { installed: true, running: true, available_models: models.map((m) => m.name), server_url: this.client.baseUrl, error: null };
    } catch (error) {
      return {
        installed: binary !== null,
        running: false,
        available_models: [],
        server_url: this.client.baseUrl,
        error: binary === null ? 'Ollama is not installed on this system' : (error as Error).message,
      };
    }
  }

  async isRunning(): Promise<boolean> {
    try {
      await this.client.version();
      return true;
    } catch {
      return false;
    }
  }

  async start(): Promise<SuccessMessageDto> {
    if (await this.isRunning()) return { success: true, message: 'Ollama server is already running' };
    const binary = this.findBinary();
    if (binary === null) throw new DomainError('BAD_REQUEST', 'Ollama is not installed on this system');
    const url = new URL(this.client.baseUrl);
    // Output goes nowhere: an undrained pipe would block the server once its buffer fills.
    const child = spawn(binary, ['serve'], {
      stdio: 'ignore',
      detached: false,
      env: childProcessEnv({ PATH: this.config.ollama.searchPath, OLLAMA_HOST: `${url.hostname}:${url.port || '11434'}` }),
    });
    this.child = child;
    child.once('exit', () => {
      if (this.child === child) this.child = null;
    });
    const deadline = Date.now() + START_TIMEOUT_MS;
    while (Date.now() < deadline) {
      if (child.exitCode !== null) break;
      if (await this.isRunning()) return { success: true, message: 'Ollama server started' };
      await sleep(POLL_MS);
    }
    child.kill('SIGKILL');
    throw new DomainError('UNAVAILABLE', `Ollama did not answer within ${START_TIMEOUT_MS / 1000} s of starting`);
  }

  async stop(): Promise<SuccessMessageDto> {
    const child = this.child;
    if (child === null || child.exitCode !== null) {
      if (await this.isRunning()) {
        throw new ConflictError('This Ollama server was not started by this backend; stop it where it was started.');
      }
      return { success: true, message: 'Ollama server is already stopped' };
    }
    await this.terminate(child);
    return { success: true, message: 'Ollama server stopped' };
  }

  async listModels(): Promise<InstalledModelDto[]> {
    const models = await this.client.listModels();
    return models.map(({ name, size, digest, modified_at, details }) => ({ name, size, digest, modified_at, details }));
  }

  async showModel(name: string): Promise<Record<string, unknown>> {
    const info = await this.client.showModel(name);
    if (info === null) throw new NotFoundError(`Model ${name} is not installed`);
    return info;
  }

  async deleteModel(name: string): Promise<SuccessMessageDto> {
    await this.requireRunning();
    if (!(await this.client.deleteModel(name))) throw new NotFoundError(`Model ${name} is not installed`);
    return { success: true, message: `Model ${name} deleted successfully` };
  }

  /** Starts (or joins) the download of `name`; fails before anything streams when the server is down. */
  async startDownload(name: string): Promise<DownloadHandle> {
    const existing = this.downloads.get(name);
    if (existing !== undefined && existing.finishedAt === null) return existing;
    await this.requireRunning();
    const controller = new AbortController();
    const listeners = new Set<(progress: DownloadProgressDto) => void>();
    const download: Download = {
      controller,
      progress: { status: 'starting', percentage: 0, message: `Starting download of ${name}` },
      layers: new Map(),
      listeners,
      finishedAt: null,
      done: Promise.resolve({ status: 'starting' }),
    };
    download.done = this.runDownload(name, download);
    this.downloads.set(name, download);
    return download;
  }

  /** Progress frames of a download, ending with its final state (completed, error or cancelled). */
  progress$(download: DownloadHandle): Observable<DownloadProgressDto> {
    return new Observable<DownloadProgressDto>((subscriber) => {
      subscriber.next(download.progress);
      if (download.finishedAt !== null) {
        subscriber.complete();
        return undefined;
      }
      const listener = (progress: DownloadProgressDto): void => {
        subscriber.next(progress);
        if (progress.status === 'completed' || progress.status === 'error' || progress.status === 'cancelled') subscriber.complete();
      };
      download.listeners.add(listener);
      return () => download.listeners.delete(listener);
    });
  }

  async download(name: string): Promise<SuccessMessageDto> {
    const download = await this.startDownload(name);
    const final = await download.done;
    if (final.status === 'completed') return { success: true, message: `Model ${name} downloaded successfully` };
    if (final.status === 'cancelled') throw new ConflictError(`The download of ${name} was cancelled`);
    throw new DomainError('UPSTREAM_ERROR', `Failed to download ${name}: ${final.error ?? final.message ?? 'unknown error'}`);
  }

  getProgress(name: string): DownloadProgressDto {
    this.expireFinished();
    const download = this.downloads.get(name);
    if (download === undefined) throw new NotFoundError(`No active download found for model: ${name}`);
    return download.progress;
  }

  activeDownloads(): Record<string, DownloadProgressDto> {
    this.expireFinished();
    const active: Record<string, DownloadProgressDto> = {};
    for (const [name, download] of this.downloads) {
      if (download.progress.status === 'starting' || download.progress.status === 'downloading') active[name] = download.progress;
    }
    return active;
  }

  /** Really aborts the pull (the anchor only relabelled it). */
  cancelDownload(name: string): SuccessMessageDto {
    const download = this.downloads.get(name);
    if (download === undefined || download.finishedAt !== null) throw new NotFoundError(`No active download found for model: ${name}`);
    download.controller.abort();
    return { success: true, message: `Download cancelled for ${name}` };
  }

  async onApplicationShutdown(): Promise<void> {
    for (const download of this.downloads.values()) download.controller.abort();
    if (this.child !== null && this.child.exitCode === null) await this.terminate(this.child);
  }

  private async runDownload(name: string, download: Download): Promise<DownloadProgressDto> {
    const publish = (progress: DownloadProgressDto): void => {
      download.progress = progress;
      for (const listener of [...download.listeners]) listener(progress);
    };
    try {
      for await (const chunk of this.client.pull(name, download.controller.signal)) {
        if (chunk.error !== undefined) {
          publish({ status: 'error', message: `Failed to download ${name}`, error: chunk.error });
          return download.progress;
        }
        if (chunk.status === 'success') break;
        if (chunk.digest !== undefined && typeof chunk.total === 'number') {
          download.layers.set(chunk.digest, { total: chunk.total, completed: typeof chunk.completed === 'number' ? chunk.completed : 0 });
        }
        let total = 0;
        let completed = 0;
        for (const layer of download.layers.values()) {
          total += layer.total;
          completed += layer.completed;
        }
        publish({
          status: 'downloading',
          message: chunk.status ?? 'downloading',
          phase: chunk.status,
          ...(total > 0 ? { percentage: Math.round((completed / total) * 1000) / 10, bytes_downloaded: completed, total_bytes: total } : {}),
        });
      }
      if (download.controller.signal.aborted) {
        publish({ status: 'cancelled', message: `Download of ${name} cancelled`, error: 'Download cancelled by user' });
      } else {
        publish({ status: 'completed', percentage: 100, message: `Model ${name} downloaded successfully` });
      }
    } catch (error) {
      publish({ status: 'error', message: `Failed to download ${name}`, error: (error as Error).message });
    } finally {
      download.finishedAt = Date.now();
    }
    return download.progress;
  }

  private expireFinished(): void {
    const cutoff = Date.now() - FINISHED_RETENTION_MS;
    for (const [name, download] of this.downloads) {
      if (download.finishedAt !== null && download.finishedAt < cutoff) this.downloads.delete(name);
    }
  }

  private async requireRunning(): Promise<void> {
    if (!(await this.isRunning())) {
      if (this.findBinary() === null) throw new DomainError('BAD_REQUEST', 'Ollama is not installed on this system');
      throw new DomainError('BAD_REQUEST', 'Ollama server is not running. Please start it first.');
    }
  }

  private async terminate(child: ChildProcess): Promise<void> {
    if (child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), STOP_TIMEOUT_MS);
    await exited;
    clearTimeout(timer);
    this.logger.log('Stopped the Ollama server started by this backend');
  }

  /** The `ollama` executable on PATH, or null. */
  private findBinary(): string | null {
    for (const dir of this.config.ollama.searchPath.split(delimiter)) {
      if (dir === '') continue;
      const candidate = join(dir, process.platform === 'win32' ? 'ollama.exe' : 'ollama');
      try {
        accessSync(candidate, constants.X_OK);
        return candidate;
      } catch {
        // not here
      }
    }
    return null;
  }
}
