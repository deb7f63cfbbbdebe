import type { FuturesVerdict, MetricsReport, RuleCheck } from '../../../engine';

/** What a tearsheet reports on; each kind adds its own sections. */
export type TearsheetKind = 'metrics' | 'hedge_fund_backtest' | 'futures_backtest' | 'pass_probability' | 'futures_sweep';

/** Where the data came from; `synthetic: true` puts a banner on the page. */
export interface TearsheetDataSource {
  readonly label: string;
  readonly synthetic: boolean;
}

/** An equity curve in columns: days since 1970-01-01 and values, the first point the starting value. */
export interface TearsheetCurve {
  readonly days: Int32Array;
  readonly values: Float64Array;
}

/** A second curve on the equity chart (the hedge fund's benchmark), aligned with the equity days (NaN: no value). */
export interface TearsheetBenchmark {
  readonly label: string;
  readonly values: Float64Array;
  /** The JSON report's relative figures (`benchmark.metrics`: beta, alpha, correlation, …), shown as they are. */
  readonly metrics: Readonly<Record<string, unknown>> | null;
}

/** Futures account lines on the equity chart, in balance units (account value − `offset`). */
export interface TearsheetAccountLines {
  /** Account value − balance (the Express stage starts its balance at 0 on a 50K curve). */
  readonly offset: number;
  readonly startBalance: number;
  /** Balance the Combine passes at; null in the Express stage. */
  readonly profitTargetBalance: number | null;
  /** Maximum-loss-limit floor per equity point (index 0: the initial floor); null without a loss limit (account none). */
  readonly floor: Float64Array | null;
  /**
   * The account balance per equity point (index 0: the start balance). With resets each attempt starts a
   * fresh account, so this differs from the metrics curve (which carries the attempts' P&L); absent: the
   * metrics curve less `offset`.
   */
  readonly balance?: Float64Array;
}

export type TearsheetCellKind = 'money' | 'pct' | 'ratio' | 'int' | 'number' | 'text' | 'date';

export interface TearsheetColumn {
  readonly key: string;
  readonly label: string;
  readonly kind: TearsheetCellKind;
}

/** A sortable table (the trades); `note` says what is shown when it is not every row. */
export interface TearsheetTable {
  readonly columns: readonly TearsheetColumn[];
  readonly rows: readonly (readonly (string | number | null)[])[];
  /** Rows the source had; the page says when it shows fewer. */
  readonly total: number;
  /** A row to highlight (index into `rows`; the sweep's best combination), marked `class="best"`. */
  readonly highlight?: number;
}

/** The smallest distance to the maximum-loss-limit floor (USD; negative through it), and when. */
export interface TearsheetCushion {
  readonly amount: number;
  readonly date: string;
  readonly time: string | null;
}

/** One attempt at an evaluation (futures runs with resets). */
export interface TearsheetAttempt {
  readonly number: number;
  readonly start_date: string;
  readonly end_date: string | null;
  readonly outcome: string;
  /** Date (and Chicago time) of the pass or the failure. */
  readonly outcome_at: string | null;
  readonly trading_days: number | null;
  readonly trades: number | null;
  readonly net_pnl: number | null;
  readonly min_cushion: TearsheetCushion | null;
  readonly reset_fee: number | null;
}

/** Futures sections: the verdict, the rules table, the attempts, the ORB counters. */
export interface TearsheetFutures {
  readonly verdict: FuturesVerdict;
  readonly rules: readonly RuleCheck[];
  readonly attempts: readonly TearsheetAttempt[];
  /** Smallest cushion to the loss-limit floor over the run; null without a floor or when the report has none. */
  readonly minCushion: TearsheetCushion | null;
  /** The counters of the JSON report (`counters`), shown in the key-metrics table. */
  readonly counters: Readonly<Record<string, number | null>>;
  readonly account: TearsheetAccountLines;
  /** R multiple of each trade, for the histogram. */
  readonly rMultiples: Float64Array;
}

/** P&L by ticker (hedge-fund backtests), realized + unrealized. */
export interface TearsheetTickerPnl {
  readonly ticker: string;
  readonly pnl: number;
}

/** The odds of passing an evaluation (pass-probability runs), as their JSON report gives them. */
export interface TearsheetPassProbability {
  readonly method: string;
  readonly p_pass: number;
  readonly p_fail: number;
  readonly p_open: number;
  readonly days_to_pass: { readonly p50: number | null; readonly p90: number | null; readonly mean: number | null } | null;
  /** Rolling starts (one attempt per start date), when the method has them. */
  readonly starts: readonly { readonly start_date: string; readonly outcome: 'passed' | 'failed' | 'open'; readonly trading_days: number }[];
}

/** What every page says in its header: what ran, on which data, from where. */
export interface TearsheetHeader {
  readonly title: string;
  /** What ran, one line per item (strategy, agents, parameters). */
  readonly ran: readonly string[];
  readonly source: TearsheetDataSource;
  /** Which data the run used, one line per item (files and formats, rolls, calendar days); shown under the data source. */
  readonly data?: readonly string[];
  /** Where the report comes from, e.g. "POST /metrics" or "flow 3, run 12". */
  readonly origin: string;
  /** ISO timestamp printed in the header and the footer (the caller's clock). */
  readonly generatedAt: string;
}

/** A walk-forward window of a sweep: where it trained and tested, what it chose, how that scored. */
export interface TearsheetSweepWindow {
  /** 1-based, as the page numbers them. */
  readonly number: number;
  readonly train: { readonly start_date: string; readonly end_date: string; readonly sessions: number };
  readonly test: { readonly start_date: string; readonly end_date: string; readonly sessions: number };
  readonly chosen_index: number;
  readonly chosen: Readonly<Record<string, unknown>>;
  /** The objective's value on the training and on the test window (the stored scores, as they are). */
  readonly in_sample: number | null;
  readonly out_of_sample: number | null;
  readonly out_of_sample_net_pnl: number | null;
  readonly out_of_sample_trades: number | null;
}

/** The walk-forward of a sweep: windows, the stitched out-of-sample curve and its figures, the degradation. */
export interface TearsheetWalkForward {
  readonly train_days: number;
  readonly test_days: number;
  readonly windows: readonly TearsheetSweepWindow[];
  /** The stitched out-of-sample equity after each test session (`stitched.daily`: its dates and `equity`). */
  readonly equity: TearsheetCurve;
  /** The equity the stitched curve starts from (`stitched.start_equity`). */
  readonly startEquity: number;
  /** `stitched` without its daily series, as stored (net P&L, profit factor, Sharpe, start/end equity, …). */
  readonly stitched: Readonly<Record<string, unknown>>;
  /** `degradation` as stored (in/out of sample, degradation, efficiency, net P&L per session). */
  readonly degradation: Readonly<Record<string, unknown>>;
}

/** A parameter sweep (`futures_sweep` runs): the ranking of every combination and, with one, the walk-forward. */
export interface TearsheetSweep {
  readonly objective: string;
  readonly combinations: number;
  readonly parameters: readonly { readonly key: string; readonly group: string; readonly values: readonly unknown[] }[];
  /** Whether the scores carry a pass probability (objective p_pass): the P(pass) and starts columns. */
  readonly withPassProbability: boolean;
  /** Every combination, best first, as the stored ranking has them (the best row highlighted). */
  readonly ranking: TearsheetTable;
  /** The stored `best`: its grid index, parameters and scores. */
  readonly best: { readonly rank: number; readonly index: number; readonly params: Readonly<Record<string, unknown>>; readonly score: Readonly<Record<string, unknown>> };
  readonly walkForward: TearsheetWalkForward | null;
}

/** The page of a sweep: no equity curve of its own (the walk-forward's stitched curve is drawn when there is one). */
export interface TearsheetSweepInput extends TearsheetHeader {
  readonly kind: 'futures_sweep';
  /** The header's period line: range and sessions. */
  readonly period: string;
  readonly sweep: TearsheetSweep;
}

/**
 * Everything a tearsheet shows. `metrics` is the JSON report the page's numbers are taken from
 * (never recomputed for display); `curve` is the same equity curve, for the charts.
 */
export interface TearsheetInput extends TearsheetHeader {
  readonly kind: Exclude<TearsheetKind, 'futures_sweep'>;
  readonly metrics: MetricsReport;
  readonly curve: TearsheetCurve;
  readonly benchmark?: TearsheetBenchmark;
  readonly futures?: TearsheetFutures;
  readonly trades?: TearsheetTable;
  readonly tickerPnl?: readonly TearsheetTickerPnl[];
  /** The per-ticker P&L figures as a table (realized, unrealized, contribution, trades). */
  readonly tickerTable?: TearsheetTable;
  /** Positions still open at the end, marked at the last close. */
  readonly openTrades?: TearsheetTable;
  readonly passProbability?: TearsheetPassProbability;
}

/** A built page and the Content-Security-Policy that lets exactly its inline style and script run. */
export interface Tearsheet {
  readonly html: string;
  readonly contentSecurityPolicy: string;
}
