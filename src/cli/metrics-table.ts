import { formatUsd, type MetricsReport } from '../engine';
import { type TableRow, tableLines } from './table';

// The metrics table of the CLIs (`hf metrics`, `hf backtest`): one section per metric family, values with units,
// `—` for an undefined one and its reason under Notes. Framework-free, so that every CLI can load it.

type Value = number | string | boolean | null;
type Row = [label: string, value: string];

/** Money in the tables: the amount without the currency symbol. */
export const money = (v: number): string => formatUsd(v, { symbol: '' });

function show(value: Value, kind: 'pct' | 'money' | 'ratio' | 'int' | 'text'): string {
  if (value === null) return '—';
  if (typeof value !== 'number') return String(value);
  switch (kind) {
    case 'pct':
      return `${value.toFixed(2)} %`;
    case 'money':
      return money(value);
    case 'ratio':
      return value.toFixed(3);
    case 'int':
      return value.toLocaleString('en-US');
    default:
      return String(value);
  }
}

function withDate(value: string, date: string | null): string {
  return date === null ? value : `${value}  (${date})`;
}

/** The readable table: one section per metric family, then the reasons for the undefined values. */
export function formatMetricsTable(r: MetricsReport): string[] {
  const dd = r.max_drawdown_details;
  const sections: [string, Row[]][] = [
    [
      'Period',
      [
        ['Dates', `${r.start_date} → ${r.end_date}  (${show(r.periods, 'int')} periods, ${show(r.calendar_days, 'int')} calendar days)`],
        ['Start / end value', `${money(r.start_value)} → ${money(r.end_value)}`],
      ],
    ],
    [
      'Returns and risk',
      [
        ['Total return', show(r.total_return_pct, 'pct')],
        ['CAGR', show(r.cagr_pct, 'pct')],
        ['Annual volatility', show(r.annual_volatility_pct, 'pct')],
        ['Sharpe ratio', show(r.sharpe_ratio, 'ratio')],
        ['Sortino ratio', show(r.sortino_ratio, 'ratio')],
        ['Calmar ratio', show(r.calmar_ratio, 'ratio')],
      ],
    ],
    [
      'Drawdown',
      [
        ['Max drawdown', `${show(r.max_drawdown_pct, 'pct')}  (money: ${money(r.max_drawdown_money)})`],
        ['Peak → trough', dd === null ? '—' : `${dd.peak_date} → ${dd.trough_date}  (${dd.peak_to_trough_trading_days} trading / ${dd.peak_to_trough_calendar_days} calendar days)`],
        ['Recovery', dd === null ? '—' : dd.recovered ? `${dd.recovery_date}  (${dd.time_to_recovery_trading_days} trading / ${dd.time_to_recovery_calendar_days} calendar days after the trough)` : 'not recovered'],
        ['Drawdown duration', dd === null ? '—' : `${dd.duration_trading_days} trading / ${dd.duration_calendar_days} calendar days${dd.recovered ? '' : ' (ongoing)'}`],
        ['Longest drawdown', `${r.longest_drawdown_trading_days} trading / ${r.longest_drawdown_calendar_days} calendar days`],
        ['Current drawdown', show(r.current_drawdown_pct, 'pct')],
      ],
    ],
    [
      'Days',
      [
        ['Profitable / losing / flat', `${show(r.profitable_days, 'int')} / ${show(r.losing_days, 'int')} / ${show(r.flat_days, 'int')}`],
        ['% profitable days', show(r.profitable_days_pct, 'pct')],
        ['Largest winning day', withDate(show(r.largest_winning_day, 'money'), r.largest_winning_day_date)],
        ['Largest losing day', withDate(show(r.largest_losing_day, 'money'), r.largest_losing_day_date)],
        ['Best day share of profit', show(r.best_day_share_pct, 'pct')],
        ['Longest streaks (win / loss)', `${r.longest_winning_streak_days} / ${r.longest_losing_streak_days} days`],
      ],
    ],
    [
      'Trades',
      [
        ['Trades (win / loss / even)', `${show(r.total_trades, 'int')}  (${r.winning_trades} / ${r.losing_trades} / ${r.break_even_trades})`],
        ['Win rate', show(r.win_rate_pct, 'pct')],
        ['Average win / loss', `${show(r.average_win, 'money')} / ${show(r.average_loss, 'money')}`],
        ['Payoff ratio', show(r.payoff_ratio, 'ratio')],
        ['Profit factor', show(r.profit_factor, 'ratio')],
        ['Expectancy', `${show(r.expectancy, 'money')} per trade, ${show(r.expectancy_r, 'ratio')} R`],
        ['Net profit', money(r.net_profit)],
        ['Longest streaks (win / loss)', `${r.longest_winning_streak_trades} / ${r.longest_losing_streak_trades} trades`],
      ],
    ],
  ];
  if (r.gross_exposure !== null) {
    sections.push([
      'Exposure',
      [
        ['Gross / net', `${show(r.gross_exposure, 'money')} / ${show(r.net_exposure, 'money')}`],
        ['Long / short ratio', show(r.long_short_ratio, 'ratio')],
      ],
    ]);
  }
  const rows: TableRow[] = [];
  for (const [title, section] of sections) rows.push({ note: title }, ...section);
  const lines = tableLines(['metric', 'value'], rows, { align: ['left', 'left'] });
  const exposureKeys = ['long_exposure', 'short_exposure', 'gross_exposure', 'net_exposure', 'long_short_ratio'];
  const notes = Object.entries(r.metric_notes).filter(([key]) => r.gross_exposure !== null || !exposureKeys.includes(key));
  if (notes.length > 0) {
    lines.push('Notes');
    for (const [key, note] of notes) lines.push(`  ${key}: ${note}`);
  }
  return lines;
}

