import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';

/**
 * Every metric the server exposes, defined once (docs/operations.md describes each). Label values are
 * always drawn from small fixed sets (route templates, job kinds, status codes, provider names, catalog
 * model names): never a ticker, an id or a raw path, so the number of series stays bounded.
 */
const COUNTERS = {
  hf_http_requests_total: { help: 'HTTP requests answered, by method, route template and status code.', labelNames: ['method', 'route', 'status'] },
  hf_runs_submitted_total: { help: 'Jobs (runs, backtests) accepted and queued, by kind.', labelNames: ['kind'] },
  hf_runs_started_total: { help: 'Jobs an executor started, by kind.', labelNames: ['kind'] },
  hf_runs_finished_total: { help: 'Jobs ended, by kind and status (complete, error, cancelled).', labelNames: ['kind', 'status'] },
  hf_runs_failed_total: { help: 'Jobs ended in error, by kind and error code.', labelNames: ['kind', 'code'] },
  hf_llm_calls_total: { help: 'Language-model calls (cache hits excluded), by provider, model and outcome.', labelNames: ['provider', 'model', 'outcome'] },
  hf_llm_cache_hits_total: { help: 'Language-model answers read from the answer cache, by provider and model.', labelNames: ['provider', 'model'] },
  hf_llm_tokens_total: { help: 'Tokens the providers reported, by provider, model and type (prompt, completion).', labelNames: ['provider', 'model', 'type'] },
  hf_llm_rules_fallbacks_total: { help: 'Agent decisions made by rules instead of a model, by reason (no_model, model_failed).', labelNames: ['reason'] },
  hf_db_query_errors_total: { help: 'Database queries that failed, by SQLSTATE class (two characters; "none" without a code).', labelNames: ['code_class'] },
} as const;

/** Seconds: from a few milliseconds (a cached read) to minutes (a long backtest). */
const HTTP_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30];
const RUN_BUCKETS = [0.1, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300, 600, 1800, 3600];
const LLM_BUCKETS = [0.1, 0.25, 0.5, 1, 2.5, 5, 10, 20, 40, 80];

const HISTOGRAMS = {
  hf_http_request_duration_seconds: {
    help: 'Time from the request to the end of its response (an SSE stream counts until it closes), by method, route template and status.',
    labelNames: ['method', 'route', 'status'],
    buckets: HTTP_BUCKETS,
  },
  hf_run_duration_seconds: { help: 'Job execution time, from its start on an executor to its end, by kind and status.', labelNames: ['kind', 'status'], buckets: RUN_BUCKETS },
  hf_run_queue_wait_seconds: { help: 'Time a job waited for an executor, from its submission to its start, by kind.', labelNames: ['kind'], buckets: RUN_BUCKETS },
  hf_llm_call_duration_seconds: { help: 'Language-model call time (retries included), by provider and model.', labelNames: ['provider', 'model'], buckets: LLM_BUCKETS },
} as const;

const GAUGES = {
  hf_sse_streams_open: { help: 'Server-sent event streams open now (runs, backtests, model pulls).', labelNames: [] },
  hf_jobs_queued: { help: 'Jobs waiting for an executor (this process\'s thread pool, or the Redis queue seen from an API process).', labelNames: [] },
  hf_jobs_active: { help: 'Jobs executing now, by executor (a worker thread "thread-N", or "process" in a worker process).', labelNames: ['worker'] },
  hf_db_pool_connections: { help: 'Connections of this process\'s database pool, by state (in_use, idle).', labelNames: ['state'] },
  hf_db_pool_waiting: { help: 'Queries waiting for a free connection of this process\'s database pool.', labelNames: [] },
} as const;

export type CounterName = keyof typeof COUNTERS;
export type HistogramName = keyof typeof HISTOGRAMS;
export type GaugeName = keyof typeof GAUGES;

type LabelsOf<Def> = Def extends { readonly labelNames: readonly (infer L extends string)[] } ? Readonly<Record<L, string>> : never;
export type CounterLabels<N extends CounterName> = LabelsOf<(typeof COUNTERS)[N]>;
export type HistogramLabels<N extends HistogramName> = LabelsOf<(typeof HISTOGRAMS)[N]>;
export type GaugeLabels<N extends GaugeName> = LabelsOf<(typeof GAUGES)[N]>;

/**
 * One counted event or measured duration, as plain data: what a worker thread sends to the main thread,
 * whose registry is the one scraped (see `Telemetry.forwardTo`).
 */
export type Observation =
  | { readonly kind: 'count'; readonly name: CounterName; readonly labels: Readonly<Record<string, string>>; readonly value: number }
  | { readonly kind: 'observe'; readonly name: HistogramName; readonly labels: Readonly<Record<string, string>>; readonly value: number };

/** A gauge's current samples, read when the registry is scraped. */
export type GaugeSampler<N extends GaugeName> = () => readonly { readonly labels: GaugeLabels<N>; readonly value: number }[] | Promise<readonly { readonly labels: GaugeLabels<N>; readonly value: number }[]>;

export const PROMETHEUS_CONTENT_TYPE = 'text/plain; version=0.0.4; charset=utf-8';

/**
 * The metrics of one process: a prom-client registry of its own (never the library's global one, so two
 * applications in one process, as in the tests, do not share series) with every metric above.
 *
 * Counters and histograms are recorded with `count` and `observe`. In a worker thread, `forwardTo` sends
 * them to the main thread instead, which applies them to its registry (`apply`): a thread's series appear
 * on the process's one endpoint. Gauges are read at scrape time from samplers (`sample`) registered by
 * the code that owns the state (the job backend, the database pool).
 */
export class Telemetry {
  readonly registry = new Registry();
  private readonly counters = new Map<CounterName, Counter>();
  private readonly histograms = new Map<HistogramName, Histogram>();
  private readonly samplers = new Map<GaugeName, Set<GaugeSampler<GaugeName>>>();
  private forward: ((observation: Observation) => void) | null = null;
  private processMetrics = false;

  constructor() {
    for (const [name, def] of Object.entries(COUNTERS)) {
      this.counters.set(name as CounterName, new Counter({ name, help: def.help, labelNames: [...def.labelNames], registers: [this.registry] }));
    }
    for (const [name, def] of Object.entries(HISTOGRAMS)) {
      this.histograms.set(name as HistogramName, new Histogram({ name, help: def.help, labelNames: [...def.labelNames], buckets: [...def.buckets], registers: [this.registry] }));
    }
    for (const [name, def] of Object.entries(GAUGES)) {
      const samplers = new Set<GaugeSampler<GaugeName>>();
      this.samplers.set(name as GaugeName, samplers);
      new Gauge({
        name,
        help: def.help,
        labelNames: [...def.labelNames],
        registers: [this.registry],
        async collect(this: Gauge) {
          this.reset();
          for (const sampler of samplers) for (const { labels, value } of await sampler()) this.set(labels as Record<string, string>, value);
        },
      });
    }
  }

  /** Node and process defaults (CPU, memory, heap, GC, handles, event-loop lag); once per process, not in threads. */
  collectProcessMetrics(): void {
    if (this.processMetrics) return;
    this.processMetrics = true;
    collectDefaultMetrics({ register: this.registry, eventLoopMonitoringPrecision: 10 });
  }

  count<N extends CounterName>(name: N, labels: CounterLabels<N>, value = 1): void {
    this.apply({ kind: 'count', name, labels, value });
  }

  observe<N extends HistogramName>(name: N, labels: HistogramLabels<N>, value: number): void {
    this.apply({ kind: 'observe', name, labels, value });
  }

  /** Records an observation here, or hands it to the forwarder (in a worker thread). */
  apply(observation: Observation): void {
    if (this.forward !== null) {
      this.forward(observation);
      return;
    }
    if (observation.kind === 'count') this.counters.get(observation.name)?.inc(observation.labels, observation.value);
    else this.histograms.get(observation.name)?.observe(observation.labels, observation.value);
  }

  /** From now on, observations go to `send` (a worker thread's port to the main thread) instead of this registry. */
  forwardTo(send: (observation: Observation) => void): void {
    this.forward = send;
  }

  /** Adds a source of a gauge's samples; returns the function that removes it. */
  sample<N extends GaugeName>(name: N, sampler: GaugeSampler<N>): () => void {
    const set = this.samplers.get(name) as Set<GaugeSampler<GaugeName>>;
    const entry = sampler as unknown as GaugeSampler<GaugeName>;
    set.add(entry);
    return () => set.delete(entry);
  }

  /** The exposition text Prometheus scrapes. */
  metrics(): Promise<string> {
    return this.registry.metrics();
  }
}
