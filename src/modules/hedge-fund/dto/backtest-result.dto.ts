import { ApiProperty } from '@nestjs/swagger';

// OpenAPI schemas of a backtest's `complete.data` (also a persisted backtest run's `results`). The payload is
// built by hedge-fund.mapper.ts from the engine's BacktestResult; docs/hedge-fund-api.md defines each field.

const SIDE = { enum: ['long', 'short'], example: 'long' } as const;

export class EquityPointDto {
  @ApiProperty({ example: '2024-01-02' })
  date: string;

  @ApiProperty({ example: 100184.92 })
  value: number;
}

export class RoundTripDto {
  @ApiProperty({ example: 'AAPL' })
  ticker: string;

  @ApiProperty(SIDE)
  side: 'long' | 'short';

  @ApiProperty({ example: '2024-02-02', description: 'Date of the first opening fill (the close before the first day for a seeded position).' })
  entry_date: string;

  @ApiProperty({ example: '2024-05-30', description: 'Date of the fill that made the side flat.' })
  exit_date: string;

  @ApiProperty({ example: 129, description: 'Largest number of shares held during the trade.' })
  quantity: number;

  @ApiProperty({ example: 209.06, description: 'Quantity-weighted average execution price of the opening fills.' })
  entry_price: number;

  @ApiProperty({ example: 238, description: 'Quantity-weighted average execution price of the closing fills.' })
  exit_price: number;

  @ApiProperty({ example: 3732.9, description: 'Net P&L in money, every fill’s commission and slippage included.' })
  pnl: number;

  @ApiProperty({ example: 13.84, description: 'pnl / (entry_price × shares opened) × 100.' })
  return_pct: number;

  @ApiProperty({ example: 118, description: 'Calendar days from entry to exit.' })
  holding_days: number;

  @ApiProperty({ example: 10, description: 'Fills of the trade (opening and closing).' })
  fills: number;

  @ApiProperty({ example: 1.25, description: 'Σ commissions (already in pnl).' })
  commission: number;

  @ApiProperty({ example: 0.5, description: 'Σ slippage cost (already in pnl through the execution prices).' })
  slippage: number;
}

export class OpenRoundTripDto {
  @ApiProperty({ example: 'NVDA' })
  ticker: string;

  @ApiProperty(SIDE)
  side: 'long' | 'short';

  @ApiProperty({ example: '2024-04-30' })
  entry_date: string;

  @ApiProperty({ example: 919, description: 'Shares held now.' })
  quantity: number;

  @ApiProperty({ example: 919, description: 'Largest number of shares held so far.' })
  max_quantity: number;

  @ApiProperty({ example: 26.37 })
  entry_price: number;

  @ApiProperty({ example: '2024-07-31', description: 'The last day of the backtest.' })
  mark_date: string;

  @ApiProperty({ example: 24.52, description: 'The close the trade is marked at.' })
  mark_price: number;

  @ApiProperty({ example: 1703.09, description: 'P&L if closed at the mark with no further cost (partial closes and commissions included).' })
  unrealized_pnl: number;

  @ApiProperty({ example: 7.03 })
  return_pct: number;

  @ApiProperty({ example: 92 })
  holding_days: number;

  @ApiProperty({ example: 4 })
  fills: number;

  @ApiProperty({ example: 0 })
  commission: number;

  @ApiProperty({ example: 0 })
  slippage: number;
}

export class TickerPnlDto {
  @ApiProperty({ example: 'AAPL' })
  ticker: string;

  @ApiProperty({ example: 5478.17, description: 'Σ P&L of the closed trades.' })
  realized_pnl: number;

  @ApiProperty({ example: 0, description: 'Σ unrealized P&L of the open trades.' })
  unrealized_pnl: number;

  @ApiProperty({ example: 5478.17 })
  total_pnl: number;

  @ApiProperty({ example: 5.48, description: 'total_pnl / starting value × 100 (the contributions add up to total_return_pct).' })
  contribution_pct: number;

  @ApiProperty({ example: 3 })
  closed_trades: number;

  @ApiProperty({ example: 0 })
  open_trades: number;

  @ApiProperty({ example: 3 })
  winning_trades: number;

  @ApiProperty({ example: 0 })
  losing_trades: number;

  @ApiProperty({ example: 0 })
  commission: number;
}

export class BenchmarkMetricsDto {
  @ApiProperty({ example: 0.1646 })
  benchmark_total_return: number;

  @ApiProperty({ example: 16.46 })
  benchmark_total_return_pct: number;

  @ApiProperty({ example: -0.1683, description: 'Total return − the benchmark’s.' })
  active_return: number;

  @ApiProperty({ example: -16.83 })
  active_return_pct: number;

  @ApiProperty({ type: Number, nullable: true, example: 1.12, description: 'cov(r, b) / var(b) of daily returns (quantstats greeks).' })
  beta: number | null;

  @ApiProperty({ type: Number, nullable: true, example: 0.03, description: '(mean r − beta·mean b) × 252.' })
  alpha: number | null;

  @ApiProperty({ type: Number, nullable: true, example: 0.81 })
  correlation: number | null;

  @ApiProperty({ type: Number, nullable: true, example: 0.02, description: 'mean(r − b) / std(r − b), per day (not annualised, as quantstats).' })
  information_ratio: number | null;

  @ApiProperty({ type: Number, nullable: true, example: 0.21, description: 'std(r − b) × √252.' })
  tracking_error: number | null;

  @ApiProperty({ type: Object, additionalProperties: { type: 'string' }, description: 'Reason for every null figure.' })
  metric_notes: Record<string, string>;
}

export class BacktestBenchmarkDto {
  @ApiProperty({ example: 'SPY' })
  ticker: string;

  @ApiProperty({ type: [EquityPointDto], description: 'The starting value bought at the benchmark’s close on the first date and held, on every equity-curve date.' })
  equity_curve: EquityPointDto[];

  @ApiProperty({ type: BenchmarkMetricsDto, nullable: true, description: 'Null when the account was wiped out on day one.' })
  metrics: BenchmarkMetricsDto | null;
}

export class BacktestCompleteDataDto {
  @ApiProperty({
    type: Object,
    additionalProperties: true,
    description:
      "The anchor's fields (sharpe_ratio, sortino_ratio, max_drawdown in negative percent points, max_drawdown_date, long_short_ratio, " +
      'gross_exposure, net_exposure) plus the headline figures (total_return, win_rate, total_trades, profit_factor, expectancy, …; beta, ' +
      'alpha, correlation, information_ratio with a benchmark), each present only when defined.',
  })
  performance_metrics: Record<string, unknown>;

  @ApiProperty({ type: Object, additionalProperties: true, description: '{cash, margin_requirement, margin_used, positions, realized_gains, fees_paid, slippage_paid}' })
  final_portfolio: Record<string, unknown>;

  @ApiProperty({ example: 125 })
  total_days: number;

  @ApiProperty({ type: Object, additionalProperties: true, nullable: true, description: 'The full metrics report (POST /metrics fields) over the equity curve and `trades`.' })
  metrics: Record<string, unknown> | null;

  @ApiProperty({ type: [EquityPointDto] })
  equity_curve: EquityPointDto[];

  @ApiProperty({ type: [RoundTripDto], description: 'Closed round trips, in the order they closed.' })
  trades: RoundTripDto[];

  @ApiProperty({ type: [OpenRoundTripDto], description: 'Positions still open at the end, marked at the last close.' })
  open_trades: OpenRoundTripDto[];

  @ApiProperty({ type: [TickerPnlDto], description: 'Per ticker, in the request’s order.' })
  ticker_pnl: TickerPnlDto[];

  @ApiProperty({ type: BacktestBenchmarkDto, nullable: true, description: 'Null without a `benchmark` in the request.' })
  benchmark: BacktestBenchmarkDto | null;

  @ApiProperty({ type: Object, additionalProperties: true, description: "The run's model use: {calls, cached, prompt_tokens, completion_tokens}." })
  llm_usage: Record<string, unknown>;
}
