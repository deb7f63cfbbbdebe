// The page of a parameter sweep (a persisted `futures_sweep` run's results: the answer of POST /futures/sweep/report,
// or the sweep the CLI ran): the ranking of every combination with the best highlighted, and with a walk-forward its
// windows, the stitched out-of-sample equity and the degradation. Every number is the stored one; a results object
// that is not a sweep's is a 422 naming what is wrong.
import { MAX_SWEEP_COMBINATIONS, parseIsoDay } from '../../engine';
import { isRecord, noReport, num, source, text } from './run-reports';
import { buildTearsheet } from './tearsheet/build-tearsheet';
import { ownValue, sweepParamCell, sweepParamColumns, sweepScoreColumns } from './tearsheet/tables';
import type { Tearsheet, TearsheetSweep, TearsheetSweepInput, TearsheetSweepWindow, TearsheetTable, TearsheetWalkForward } from './tearsheet/tearsheet.types';

type Json = Record<string, unknown>;

/** Where a sweep comes from: a persisted run (its results and request) or the CLI. */
export interface SweepReportSource {
  /** The sweep's answer (`complete.data` of POST /futures/sweep; what a persisted run stores as `results`). */
  readonly results: Json;
  /** The base request (account_size, stage, strategy, rules, horizon_days), for the header. */
  readonly request: Json;
  /** Who is reported on, in errors: `Run 12`, `The sweep`. */
  readonly subject: string;
  readonly origin: string;
}

/** Score fields that must be numbers, and those that may be null. */
const REQUIRED_SCORES = ['net_pnl', 'trades'] as const;
const OPTIONAL_SCORES = ['p_pass', 'p_pass_starts', 'net_pnl_after_fees', 'profit_factor', 'sharpe', 'sessions', 'attempts', 'passed', 'failed'] as const;

class SweepReader {
  constructor(private readonly subject: string) {}

  fail(why: string): never {
    throw noReport(this.subject, why);
  }

  record(value: unknown, path: string): Json {
    return isRecord(value) ? value : this.fail(`${path} is not an object`);
  }

  array(value: unknown, path: string): unknown[] {
    return Array.isArray(value) ? value : this.fail(`${path} is not a list`);
  }

  number(value: unknown, path: string): number {
    return num(value) ?? this.fail(`${path} is not a number`);
  }

  text(value: unknown, path: string): string {
    return typeof value === 'string' ? value : this.fail(`${path} is not a text`);
  }

  score(value: unknown, path: string): Json {
    const score = this.record(value, path);
    for (const key of REQUIRED_SCORES) this.number(score[key], `${path}.${key}`);
    for (const key of OPTIONAL_SCORES) if (score[key] !== undefined && score[key] !== null) this.number(score[key], `${path}.${key}`);
    return score;
  }

  row(value: unknown, path: string): { rank: number; index: number; params: Json; score: Json } {
    const row = this.record(value, path);
    return { rank: this.number(row.rank, `${path}.rank`), index: this.number(row.index, `${path}.index`), params: this.record(row.params, `${path}.params`), score: this.score(row.score, `${path}.score`) };
  }

  window(value: unknown, path: string): { start_date: string; end_date: string; sessions: number } {
    const w = this.record(value, path);
    return { start_date: this.text(w.start_date, `${path}.start_date`), end_date: this.text(w.end_date, `${path}.end_date`), sessions: this.number(w.sessions, `${path}.sessions`) };
  }
}

/** The header's account: `50K combine` (the request's, with the engine's defaults), or no prop-firm rules. */
function accountOf(request: Json): string {
  const size = text(request.account_size, '50K');
  return size === 'none' ? 'no prop-firm rules' : `${size} ${text(request.stage, 'combine')}`;
}

/** `k=v, …` of the base request's strategy and rules overrides; empty when it has none. */
function overrides(request: Json): string {
  const pairs = (group: string): string[] => (isRecord(request[group]) ? Object.entries(request[group]).map(([k, v]) => `${group}.${k}=${typeof v === 'string' ? v : JSON.stringify(v)}`) : []);
  return [...pairs('strategy'), ...pairs('rules')].join(', ');
}

function walkForwardOf(value: unknown, read: SweepReader, objective: string): TearsheetWalkForward | null {
  if (value === null || value === undefined) return null;
  const wf = read.record(value, 'walk_forward');
  const windows: TearsheetSweepWindow[] = read.array(wf.windows, 'walk_forward.windows').map((item, i) => {
    const path = `walk_forward.windows[${i}]`;
    const w = read.record(item, path);
    const chosen = read.record(w.chosen, `${path}.chosen`);
    const inSample = read.score(w.in_sample, `${path}.in_sample`);
    const outOfSample = read.score(w.out_of_sample, `${path}.out_of_sample`);
    return {
      number: (num(w.index) ?? i) + 1,
      train: read.window(w.train, `${path}.train`),
      test: read.window(w.test, `${path}.test`),
      chosen_index: read.number(chosen.index, `${path}.chosen.index`),
      chosen: read.record(chosen.params, `${path}.chosen.params`),
      in_sample: num(inSample[objective]),
      out_of_sample: num(outOfSample[objective]),
      out_of_sample_net_pnl: num(outOfSample.net_pnl),
      out_of_sample_trades: num(outOfSample.trades),
    };
  });
  const stitched = read.record(wf.stitched, 'walk_forward.stitched');
  const daily = read.array(stitched.daily, 'walk_forward.stitched.daily');
  const days = new Int32Array(daily.length);
  const values = new Float64Array(daily.length);
  daily.forEach((item, i) => {
    const path = `walk_forward.stitched.daily[${i}]`;
    const d = read.record(item, path);
    const day = parseIsoDay(d.date);
    if (day === null) read.fail(`${path}.date is not a date`);
    if (i > 0 && day <= days[i - 1]) read.fail(`${path}.date is not after the session before it`);
    days[i] = day;
    values[i] = read.number(d.equity, `${path}.equity`);
  });
  const figures = Object.fromEntries(Object.entries(stitched).filter(([key]) => key !== 'daily'));
  return {
    train_days: read.number(wf.train_days, 'walk_forward.train_days'),
    test_days: read.number(wf.test_days, 'walk_forward.test_days'),
    windows,
    equity: { days, values },
    startEquity: read.number(stitched.start_equity, 'walk_forward.stitched.start_equity'),
    stitched: figures,
    degradation: read.record(wf.degradation, 'walk_forward.degradation'),
  };
}

/** The sweep page's input from its stored answer; 422 (naming the field) when the answer is not a sweep's. */
export function sweepTearsheetInput(from: SweepReportSource, generatedAt: string): TearsheetSweepInput {
  const { results, request } = from;
  const read = new SweepReader(from.subject);
  const ranked = read.array(results.ranking, 'results.ranking');
  if (ranked.length === 0) read.fail('its results hold no ranking (results.ranking is empty)');
  // A sweep ranks at most MAX_SWEEP_COMBINATIONS; a longer stored ranking is not one (and its page would be huge).
  if (ranked.length > MAX_SWEEP_COMBINATIONS) read.fail(`results.ranking holds ${ranked.length} rows; a sweep ranks at most ${MAX_SWEEP_COMBINATIONS}`);
  const rows = ranked.map((row, i) => read.row(row, `results.ranking[${i}]`));
  const best = read.row(results.best, 'results.best');
  const parameters = read.array(results.parameters, 'results.parameters').map((item, i) => {
    const p = read.record(item, `results.parameters[${i}]`);
    return { key: read.text(p.key, `results.parameters[${i}].key`), group: text(p.group, 'strategy'), values: read.array(p.values, `results.parameters[${i}].values`) };
  });
  const period = read.record(results.period, 'results.period');
  const objective = read.text(results.objective, 'results.objective');
  const withPassProbability = objective === 'p_pass' || rows.some((r) => num(r.score.p_pass) !== null);
  const paramColumns = sweepParamColumns(parameters);
  const scoreColumns = sweepScoreColumns(withPassProbability);
  const ranking: TearsheetTable = {
    columns: [{ key: 'rank', label: 'Rank', kind: 'int' }, { key: 'index', label: 'Grid #', kind: 'int' }, ...paramColumns, ...scoreColumns],
    rows: rows.map((r) => [r.rank, r.index, ...paramColumns.map((col) => sweepParamCell(ownValue(r.params, col.key))), ...scoreColumns.map((col) => num(r.score[col.key]))]),
    total: rows.length,
    highlight: rows.findIndex((r) => r.index === best.index),
  };
  const walkForward = walkForwardOf(results.walk_forward, read, objective);
  const sweep: TearsheetSweep = { objective, combinations: num(results.combinations) ?? rows.length, parameters, withPassProbability, ranking, best, walkForward };

  const symbol = text(results.symbol, text(request.symbol, '?'));
  const account = accountOf(request);
  const sessions = num(period.sessions);
  const base = overrides(request);
  const horizon = objective === 'p_pass' ? `, each rolling attempt at most ${num(request.horizon_days) ?? 60} sessions` : '';
  const ran = [
    `${symbol} opening-range breakout on a ${account} account${base === '' ? '' : `; base ${base}`}.`,
    `${sweep.combinations.toLocaleString('en-US')} combinations ranked by ${objective} (best first, undefined values last)${horizon}.`,
    ...parameters.map((p) => `Swept ${p.group}.${p.key}: ${p.values.map((v) => (typeof v === 'string' ? v : JSON.stringify(v))).join(', ')}.`),
  ];
  if (walkForward !== null) {
    ran.push(`Walk-forward: choose on ${walkForward.train_days} training sessions, trade the next ${walkForward.test_days}; ${walkForward.windows.length} windows.`);
  }
  return {
    kind: 'futures_sweep',
    title: `${symbol} parameter sweep · ${account} · ${sweep.combinations.toLocaleString('en-US')} combinations by ${objective}`,
    ran,
    source: source(text(results.data_source, 'unknown')),
    origin: from.origin,
    generatedAt,
    period: `${text(period.start_date, 'first session')} → ${text(period.end_date, 'last session')} (${sessions === null ? '?' : sessions.toLocaleString('en-US')} sessions)`,
    sweep,
  };
}

/** The page of a sweep the CLI ran (`results`: the same JSON as the route's answer; `request`: its base). */
export function buildSweepTearsheet(results: Json, request: Json, generatedAt: string): Tearsheet {
  return buildTearsheet(sweepTearsheetInput({ results, request, subject: 'The sweep', origin: 'npm run futures -- --sweep' }, generatedAt));
}
