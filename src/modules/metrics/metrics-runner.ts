// POST /metrics (through MetricsService) and `hf metrics` in one plain class: the CLI loads it without Nest, so
// its imports are the config and error modules themselves, not their folders' index files (which load Nest's
// HTTP and OpenAPI layers, seconds of module loading on a busy machine).
import type { AppConfig } from '../../config/app-config';
import { DomainError, ValidationError } from '../../core/http/domain-error';
import { decodeUploadedText } from '../../core/http/uploaded-text';
import { type ClosedTrade, computeMetricsWithDailyColumns, type DailyPnlColumns, EngineError, type EquityColumns, type EquityPoint, type MetricsInput, type PositionExposure } from '../../engine';
import type { MetricsQueryDto } from './dto/metrics-request.dto';
import type { MetricsResponseDto } from './dto/metrics-response.dto';
import { readCsvRecords, readEquitySections, readTradesTable } from './metrics-csv';
import type { MetricsFiles } from './metrics-files.interceptor';
import { metricsResponseJson } from './metrics-json';
import { toMetricsResponse } from './metrics.mapper';
import type { MetricsUpload } from './metrics-upload';

/** Most open positions a request may list. */
const MAX_POSITIONS = 100_000;

/** Source lines of CSV rows, to turn an engine error on `equity[i]` into "line N". */
interface CsvLines {
  readonly label: string;
  readonly equity: ArrayLike<number>;
  readonly trades: ArrayLike<number>;
}

/** A parsed request of POST /metrics (or the CLI): the engine input and where it came from. */
export interface MetricsRequest {
  readonly input: MetricsInput;
  /** How the body came: `JSON body`, `CSV body`, or the uploaded file's name. */
  readonly label: string;
  readonly lines: CsvLines | null;
}

type Settings = Pick<MetricsInput, 'riskFreeRate' | 'periodsPerYear' | 'includeDailyPnl'>;

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function optionalNumber(body: Record<string, unknown>, field: string): number | undefined {
  const value = body[field];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'number') throw ValidationError.field(field, `${field} must be a number; got ${typeof value}.`);
  return value;
}

function queryNumber(query: MetricsQueryDto, field: 'risk_free_rate' | 'periods_per_year'): number | undefined {
  const raw = query[field];
  return raw === undefined ? undefined : Number(raw);
}

function settingsOf(query: MetricsQueryDto): Settings {
  return {
    riskFreeRate: queryNumber(query, 'risk_free_rate'),
    periodsPerYear: queryNumber(query, 'periods_per_year'),
    includeDailyPnl: query.include_daily_pnl === undefined ? undefined : query.include_daily_pnl === 'true',
  };
}

/** An uploaded file's name for error messages: its base name, printable characters only, at most 80. */
function fileLabel(name: string, fallback: string): string {
  const base = (name.split(/[\\/]/).pop() ?? '').replace(/[^\w.() -]/g, '_').slice(0, 80);
  return base === '' ? fallback : base;
}

/** Reads the POST /metrics inputs and computes the answer (MetricsService is this class as a Nest provider). */
export class MetricsRunner {
  constructor(private readonly config: AppConfig) {}

  /** Every metric of an uploaded JSON or CSV body: the POST /metrics answer as JSON bytes (see runJson). */
  computeJson(upload: MetricsUpload, query: MetricsQueryDto): Buffer[] {
    return this.runJson(this.parse(upload, query));
  }

  /** Every metric of multipart CSV files `equity` and optional `trades`, as JSON bytes. */
  computeFilesJson(files: MetricsFiles, query: MetricsQueryDto): Buffer[] {
    return this.runJson(this.parseFiles(files, query));
  }

  /** Reads an uploaded JSON or CSV body into the engine input (422 naming the field or line). */
  parse(upload: MetricsUpload, query: MetricsQueryDto): MetricsRequest {
    const settings = settingsOf(query);
    if (upload.kind === 'json') return { input: this.fromJson(upload.text, settings.includeDailyPnl), label: 'JSON body', lines: null };
    return this.fromCsv({ equity: upload.text }, settings, 'CSV body');
  }

  /** Reads multipart CSV files `equity` and optional `trades` into the engine input. */
  parseFiles(files: MetricsFiles, query: MetricsQueryDto): MetricsRequest {
    const equity = files.equity?.[0];
    if (equity === undefined) throw ValidationError.field('equity', 'The multipart upload needs an "equity" CSV file.');
    const trades = files.trades?.[0];
    const equityLabel = fileLabel(equity.originalname, 'equity file');
    const tradesLabel = trades === undefined ? undefined : fileLabel(trades.originalname, 'trades file');
    // A binary file (an image, an archive) is a 415 with a short detail, never its bytes echoed in a 422.
    return this.fromCsv(
      { equity: decodeUploadedText(equityLabel, equity.buffer, 'a CSV file'), trades: trades === undefined ? undefined : decodeUploadedText(tradesLabel ?? '', trades.buffer, 'a CSV file') },
      settingsOf(query),
      equityLabel,
      tradesLabel,
    );
  }

  /** CSV tables: `equity` (optionally followed by a blank line and the trades table) and an optional separate `trades`. */
  fromCsv(files: { equity: string; trades?: string }, settings: Settings, label: string, tradesLabel = 'trades CSV'): MetricsRequest {
    const { maxPoints } = this.config.metrics;
    const sections = readEquitySections(files.equity, label, maxPoints);
    const equity = sections.equity;
    let trades = sections.trades === null ? null : readTradesTable(sections.trades, label, maxPoints);
    if (files.trades !== undefined) {
      if (trades !== null) throw ValidationError.field('trades', `${label} already holds a trades table; send the trades once.`);
      trades = readTradesTable(readCsvRecords(files.trades, tradesLabel), tradesLabel, maxPoints);
    }
    const input: MetricsInput = { equity: { dates: equity.dates, values: equity.values }, trades: trades?.trades, ...settings };
    return { input, label, lines: { label, equity: equity.lines, trades: trades?.lines ?? [] } };
  }

  /**
   * Every metric of a parsed request: the POST /metrics answer (a MetricsResponseDto) as JSON bytes, the daily
   * series written straight from the engine's typed columns (metrics-json.ts).
   */
  runJson(request: MetricsRequest): Buffer[] {
    const { response, daily } = this.runWithDailyColumns(request);
    return metricsResponseJson(response, daily);
  }

  /** Every metric of a parsed request: the answer with an empty `daily_pnl`, and the series as typed columns (null when not asked for). */
  runWithDailyColumns(request: MetricsRequest): { response: MetricsResponseDto; daily: DailyPnlColumns | null } {
    const { report, daily } = this.engineCall(request, () => computeMetricsWithDailyColumns(request.input));
    return { response: toMetricsResponse(report), daily };
  }

  /**
   * Runs an engine call on a parsed request, turning input errors into 422s that name the row (and,
   * for CSV, its line): the report routes validate through here too.
   */
  engineCall<T>(request: MetricsRequest, call: () => T): T {
    try {
      return call();
    } catch (error) {
      if (error instanceof EngineError && error.code === 'INVALID_INPUT') throw this.toValidationError(error, request.lines);
      throw error;
    }
  }

  private fromJson(text: string, includeDailyPnl: boolean | undefined): MetricsInput {
    let body: unknown;
    try {
      body = JSON.parse(text);
    } catch (error) {
      throw new DomainError('BAD_REQUEST', `The request body is not valid JSON: ${(error as Error).message}.`);
    }
    if (!isRecord(body)) throw ValidationError.field('body', 'The body must be a JSON object {equity, trades?, positions?, risk_free_rate?, periods_per_year?}.');
    const include = body.include_daily_pnl;
    if (include !== undefined && include !== null && typeof include !== 'boolean') {
      throw ValidationError.field('include_daily_pnl', 'include_daily_pnl must be a boolean.');
    }
    return {
      equity: this.equityOf(body.equity),
      trades: this.listOf<ClosedTrade>(body.trades, 'trades', this.config.metrics.maxPoints),
      positions: this.listOf<PositionExposure>(body.positions, 'positions', MAX_POSITIONS),
      riskFreeRate: optionalNumber(body, 'risk_free_rate'),
      periodsPerYear: optionalNumber(body, 'periods_per_year'),
      includeDailyPnl: typeof include === 'boolean' ? include : includeDailyPnl,
    };
  }

  private equityOf(equity: unknown): readonly EquityPoint[] | EquityColumns {
    const { maxPoints } = this.config.metrics;
    const limit = (count: number): void => {
      if (count > maxPoints) throw ValidationError.field('equity', `equity has ${count} points; the limit is ${maxPoints} points (METRICS_MAX_POINTS).`);
    };
    if (Array.isArray(equity)) {
      limit(equity.length);
      return equity as EquityPoint[];
    }
    if (isRecord(equity) && Array.isArray(equity.dates) && Array.isArray(equity.values)) {
      limit(equity.values.length);
      const values = equity.values as unknown[];
      const index = values.findIndex((value) => typeof value !== 'number');
      if (index !== -1) throw ValidationError.field(`equity[${index}].value`, `equity[${index}].value must be a finite number > 0; got ${JSON.stringify(values[index])}.`);
      return { dates: equity.dates as string[], values: Float64Array.from(values as number[]) };
    }
    throw ValidationError.field('equity', 'equity must be an array of {date, value} (or {dates: [...], values: [...]}) with at least 2 points.');
  }

  private listOf<T>(value: unknown, field: string, max: number): T[] | undefined {
    if (value === undefined || value === null) return undefined;
    if (!Array.isArray(value)) throw ValidationError.field(field, `${field} must be an array.`);
    if (value.length > max) throw ValidationError.field(field, `${field} has ${value.length} entries; the limit is ${max}.`);
    return value as T[];
  }

  /** Engine input errors as 422s; for CSV input the row (`equity[12]`) is also named by its line. */
  private toValidationError(error: EngineError, lines: CsvLines | null): ValidationError {
    const errors = error.errors.map(({ field, message }) => {
      const row = /^(equity|trades)\[(\d+)\]/.exec(field);
      if (lines === null || row === null) return { field, message: `${field} ${message}` };
      const line = (row[1] === 'equity' ? lines.equity : lines.trades)[Number(row[2])];
      return { field, message: `${lines.label} line ${line}: ${field} ${message}` };
    });
    return new ValidationError(errors[0]?.message ?? error.message, errors);
  }
}
