import { ApiProperty } from '@nestjs/swagger';

// Mirrors the engine's MetricsReport (src/engine/metrics/types.ts) for OpenAPI; the mapper fills it.

export class DrawdownEpisodeDto {
  @ApiProperty({ type: String, description: 'Last date at the high-water mark before the trough.' })
  peak_date: string;

  @ApiProperty({ type: Number, description: 'Value at the peak.' })
  peak_value: number;

  @ApiProperty({ type: String, description: 'Date of the lowest point.' })
  trough_date: string;

  @ApiProperty({ type: Number, description: 'Value at the trough.' })
  trough_value: number;

  @ApiProperty({ type: String, nullable: true, description: 'First date after the trough back at or above the peak value; null when not recovered.' })
  recovery_date: string | null;

  @ApiProperty({ type: Boolean, description: 'Whether the episode recovered.' })
  recovered: boolean;

  @ApiProperty({ type: Number, description: 'Fraction <= 0.' })
  drawdown: number;

  @ApiProperty({ type: Number, description: 'Percent points <= 0.' })
  drawdown_pct: number;

  @ApiProperty({ type: Number, description: 'Money <= 0 (trough - peak).' })
  amount: number;

  @ApiProperty({ type: Number, description: 'Rows from peak to trough.' })
  peak_to_trough_trading_days: number;

  @ApiProperty({ type: Number, description: 'Calendar days from peak to trough.' })
  peak_to_trough_calendar_days: number;

  @ApiProperty({ type: Number, nullable: true, description: 'Rows from trough to recovery; null when not recovered.' })
  time_to_recovery_trading_days: number | null;

  @ApiProperty({ type: Number, nullable: true, description: 'Calendar days from trough to recovery; null when not recovered.' })
  time_to_recovery_calendar_days: number | null;

  @ApiProperty({ type: Number, description: 'Rows from peak to recovery (or to the last date when not recovered).' })
  duration_trading_days: number;

  @ApiProperty({ type: Number, description: 'Calendar days from peak to recovery (or to the last date).' })
  duration_calendar_days: number;
}

/** The daily series as columns: entry i of every array is period i + 1 (the starting point is the baseline). */
export class DailyPnlSeriesDto {
  @ApiProperty({ type: [String], description: 'YYYY-MM-DD of each period.' })
  dates: string[];

  @ApiProperty({ type: [Number], description: 'V_t (money).' })
  equity: number[];

  @ApiProperty({ type: [Number], description: 'V_t - V_{t-1} (money).' })
  pnl: number[];

  @ApiProperty({ type: [Number], description: 'V_t / running peak - 1 (fraction <= 0).' })
  drawdown: number[];

  @ApiProperty({ type: [Number], description: 'V_t / V_{t-1} - 1 (fraction).' })
  returns: number[];
}

export class AnchorPerformanceMetricsDto {
  @ApiProperty({ type: Number, description: 'Sharpe ratio (0 when undefined, as the anchor).' })
  sharpe_ratio: number;

  @ApiProperty({ type: Number, nullable: true })
  sortino_ratio: number | null;

  @ApiProperty({ type: Number, description: 'Negative percent points (-12.34), as the anchor.' })
  max_drawdown: number;

  @ApiProperty({ type: String, nullable: true, description: 'Trough date of the max drawdown.' })
  max_drawdown_date: string | null;

  @ApiProperty({ type: Number, nullable: true })
  long_short_ratio: number | null;

  @ApiProperty({ type: Number })
  gross_exposure: number;

  @ApiProperty({ type: Number })
  net_exposure: number;
}

export class MetricsResponseDto {
  @ApiProperty({ type: String, description: 'First date of the curve (the starting value).' })
  start_date: string;

  @ApiProperty({ type: String, description: 'Last date.' })
  end_date: string;

  @ApiProperty({ type: Number, description: 'Starting value V_0.' })
  start_value: number;

  @ApiProperty({ type: Number, description: 'Final value V_N.' })
  end_value: number;

  @ApiProperty({ type: Number, description: 'Equity points (periods + 1).' })
  points: number;

  @ApiProperty({ type: Number, description: 'Daily returns N.' })
  periods: number;

  @ApiProperty({ type: Number, description: 'Calendar days from the first to the last date.' })
  calendar_days: number;

  @ApiProperty({ type: Number, description: 'P used to annualise.' })
  periods_per_year: number;

  @ApiProperty({ type: Number, description: 'Annual risk-free rate used (fraction).' })
  risk_free_rate: number;

  @ApiProperty({ type: Number, description: 'V_N / V_0 - 1 (fraction).' })
  total_return: number;

  @ApiProperty({ type: Number, description: 'Total return in percent points.' })
  total_return_pct: number;

  @ApiProperty({ type: Number, nullable: true, description: '(1 + total_return)^(P / N) - 1 (fraction); null when it overflows; noted when N < 20.' })
  cagr: number | null;

  @ApiProperty({ type: Number, nullable: true, description: 'CAGR in percent points.' })
  cagr_pct: number | null;

  @ApiProperty({ type: Number, nullable: true, description: 'Sample std (ddof 1) of daily returns x sqrt(P); null with fewer than 2 returns.' })
  annual_volatility: number | null;

  @ApiProperty({ type: Number, nullable: true, description: 'Annualised volatility in percent points.' })
  annual_volatility_pct: number | null;

  @ApiProperty({ type: Number, nullable: true, description: 'mean(excess) / std(excess, ddof 1) x sqrt(P); null when undefined (see metric_notes).' })
  sharpe_ratio: number | null;

  @ApiProperty({ type: Number, nullable: true, description: 'mean(excess) / sqrt(sum(min(excess,0)^2) / N) x sqrt(P) (quantstats); null when no downside.' })
  sortino_ratio: number | null;

  @ApiProperty({ type: Number, nullable: true, description: 'CAGR / |max drawdown|; null without a drawdown.' })
  calmar_ratio: number | null;

  @ApiProperty({ type: Number, description: 'Largest fall from a running peak as a fraction (<= 0).' })
  max_drawdown: number;

  @ApiProperty({ type: Number, description: 'Max drawdown in percent points (<= 0).' })
  max_drawdown_pct: number;

  @ApiProperty({ type: Number, description: 'Largest money fall from a running peak (<= 0); may be another episode than max_drawdown.' })
  max_drawdown_money: number;

  @ApiProperty({ type: String, nullable: true, description: 'Peak of the max drawdown (last date at the high-water mark before the trough).' })
  max_drawdown_peak_date: string | null;

  @ApiProperty({ type: String, nullable: true, description: 'Trough of the max drawdown.' })
  max_drawdown_trough_date: string | null;

  @ApiProperty({ type: String, nullable: true, description: 'First date back at the peak value; null when not recovered.' })
  max_drawdown_recovery_date: string | null;

  @ApiProperty({ type: DrawdownEpisodeDto, nullable: true, description: 'The max (fractional) drawdown episode; null without a drawdown.' })
  max_drawdown_details: DrawdownEpisodeDto | null;

  @ApiProperty({ type: DrawdownEpisodeDto, nullable: true, description: 'The episode of the largest money drawdown; null without a drawdown.' })
  max_drawdown_money_details: DrawdownEpisodeDto | null;

  @ApiProperty({ type: Number, description: 'Longest span from a high-water mark to its recovery (or the last date), in rows.' })
  longest_drawdown_trading_days: number;

  @ApiProperty({ type: Number, description: 'Longest such span in calendar days.' })
  longest_drawdown_calendar_days: number;

  @ApiProperty({ type: Boolean, nullable: true, description: 'Whether the longest span (in rows) ended in a recovery; null without a drawdown.' })
  longest_drawdown_recovered: boolean | null;

  @ApiProperty({ type: Number, description: 'Drawdown at the last date (fraction, <= 0).' })
  current_drawdown: number;

  @ApiProperty({ type: Number, description: 'Current drawdown in percent points.' })
  current_drawdown_pct: number;

  @ApiProperty({ type: Number, description: 'Days with P&L > 0.' })
  profitable_days: number;

  @ApiProperty({ type: Number, description: 'Days with P&L < 0.' })
  losing_days: number;

  @ApiProperty({ type: Number, description: 'Days with P&L = 0.' })
  flat_days: number;

  @ApiProperty({ type: Number, nullable: true, description: 'Profitable days / non-flat days, in percent points.' })
  profitable_days_pct: number | null;

  @ApiProperty({ type: Number, nullable: true, description: 'Largest daily gain (money).' })
  largest_winning_day: number | null;

  @ApiProperty({ type: String, nullable: true, description: 'Date of the largest daily gain.' })
  largest_winning_day_date: string | null;

  @ApiProperty({ type: Number, nullable: true, description: 'Largest daily loss (money, negative).' })
  largest_losing_day: number | null;

  @ApiProperty({ type: String, nullable: true, description: 'Date of the largest daily loss.' })
  largest_losing_day_date: string | null;

  @ApiProperty({ type: Number, description: 'Most consecutive days with P&L > 0 (a flat day breaks a streak).' })
  longest_winning_streak_days: number;

  @ApiProperty({
    type: Number,
    nullable: true,
    description: 'Funded-account consistency: largest winning day / (end value - start value), in percent points (Topstep: best day < 50 %).',
  })
  best_day_share_pct: number | null;

  @ApiProperty({ type: Number, description: 'Most consecutive days with P&L < 0.' })
  longest_losing_streak_days: number;

  @ApiProperty({ type: Number, description: 'Closed trades given.' })
  total_trades: number;

  @ApiProperty({ type: Number, description: 'Trades with pnl > 0.' })
  winning_trades: number;

  @ApiProperty({ type: Number, description: 'Trades with pnl < 0.' })
  losing_trades: number;

  @ApiProperty({ type: Number, description: 'Trades with pnl = 0 (outside the win rate).' })
  break_even_trades: number;

  @ApiProperty({ type: Number, nullable: true, description: 'Winners / (winners + losers) (fraction).' })
  win_rate: number | null;

  @ApiProperty({ type: Number, nullable: true, description: 'Win rate in percent points.' })
  win_rate_pct: number | null;

  @ApiProperty({ type: Number, description: 'Sum of winning pnl.' })
  gross_profit: number;

  @ApiProperty({ type: Number, description: 'Sum of losing pnl (<= 0).' })
  gross_loss: number;

  @ApiProperty({ type: Number, description: 'Sum of all pnl.' })
  net_profit: number;

  @ApiProperty({ type: Number, nullable: true, description: 'Mean pnl of winners.' })
  average_win: number | null;

  @ApiProperty({ type: Number, nullable: true, description: 'Mean pnl of losers (negative).' })
  average_loss: number | null;

  @ApiProperty({ type: Number, nullable: true, description: 'average_win / |average_loss|.' })
  payoff_ratio: number | null;

  @ApiProperty({ type: Number, nullable: true, description: 'gross_profit / |gross_loss|; null without a losing trade (infinite).' })
  profit_factor: number | null;

  @ApiProperty({ type: Number, nullable: true, description: 'Mean pnl over all trades (break-even included), money.' })
  expectancy: number | null;

  @ApiProperty({ type: Number, nullable: true, description: 'Mean of pnl / risk over the trades that give their risk (R multiples).' })
  expectancy_r: number | null;

  @ApiProperty({ type: Number, description: 'Trades that give their risk.' })
  trades_with_risk: number;

  @ApiProperty({ type: Number, nullable: true, description: 'Largest trade gain.' })
  largest_winning_trade: number | null;

  @ApiProperty({ type: Number, nullable: true, description: 'Largest trade loss (negative).' })
  largest_losing_trade: number | null;

  @ApiProperty({ type: Number, description: 'Most consecutive winners in exit-date order (break-even breaks a streak).' })
  longest_winning_streak_trades: number;

  @ApiProperty({ type: Number, description: 'Most consecutive losers in exit-date order.' })
  longest_losing_streak_trades: number;

  @ApiProperty({ type: Number, nullable: true, description: 'Sum of long quantity x price; null without positions.' })
  long_exposure: number | null;

  @ApiProperty({ type: Number, nullable: true, description: 'Sum of short quantity x price; null without positions.' })
  short_exposure: number | null;

  @ApiProperty({ type: Number, nullable: true, description: 'long + short exposure (money).' })
  gross_exposure: number | null;

  @ApiProperty({ type: Number, nullable: true, description: 'long - short exposure (money).' })
  net_exposure: number | null;

  @ApiProperty({ type: Number, nullable: true, description: 'long / short exposure; null without short exposure.' })
  long_short_ratio: number | null;

  @ApiProperty({ type: 'object', additionalProperties: { type: 'string' }, description: 'Reason for every null (or noteworthy) metric, keyed by field name.' })
  metric_notes: Record<string, string>;

  @ApiProperty({
    type: DailyPnlSeriesDto,
    description:
      'The daily series as five parallel arrays (one entry per period; the starting point is the baseline), not one object per ' +
      'day: {dates, equity, pnl, drawdown, returns}. All five empty when include_daily_pnl is false.',
  })
  daily_pnl: DailyPnlSeriesDto;

  @ApiProperty({ type: AnchorPerformanceMetricsDto, description: "The anchor's performance_metrics object (virattt/ai-hedge-fund units)." })
  performance_metrics: AnchorPerformanceMetricsDto;
}
