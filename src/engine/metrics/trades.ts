import { EngineError } from '../errors';
import { parseIsoDay } from '../civil-days';
import type { MetricNotes } from './notes';
import type { ClosedTrade, TradeStats } from './types';

function invalid(field: string, message: string): EngineError {
  return new EngineError('INVALID_INPUT', `${field} ${message}`, [{ field, message }]);
}

/** Validates the trades and returns their exit days (for the chronological order of streaks). */
function validateTrades(trades: readonly ClosedTrade[]): Int32Array {
  const exitDays = new Int32Array(trades.length);
  for (let i = 0; i < trades.length; i += 1) {
    const trade = trades[i] as ClosedTrade | null | undefined;
    if (typeof trade !== 'object' || trade === null) throw invalid(`trades[${i}]`, 'must be an object {pnl, exit_date, risk?, entry_date?}.');
    if (typeof trade.pnl !== 'number' || !Number.isFinite(trade.pnl)) throw invalid(`trades[${i}].pnl`, `must be a finite number; got ${String(trade.pnl)}.`);
    if (trade.risk !== undefined && trade.risk !== null && (typeof trade.risk !== 'number' || !(trade.risk > 0) || trade.risk === Infinity)) {
      throw invalid(`trades[${i}].risk`, `must be a finite number > 0 when given; got ${String(trade.risk)}.`);
    }
    const exit = parseIsoDay(trade.exit_date);
    if (exit === null) throw invalid(`trades[${i}].exit_date`, `must be a calendar date YYYY-MM-DD; got ${JSON.stringify(trade.exit_date) ?? 'nothing'}.`);
    if (trade.entry_date !== undefined && trade.entry_date !== null) {
      const entry = parseIsoDay(trade.entry_date);
      if (entry === null) throw invalid(`trades[${i}].entry_date`, `must be a calendar date YYYY-MM-DD; got ${JSON.stringify(trade.entry_date)}.`);
      if (entry > exit) throw invalid(`trades[${i}].entry_date`, `${trade.entry_date} is after the exit date ${trade.exit_date}.`);
    }
    exitDays[i] = exit;
  }
  return exitDays;
}

/** Trade indices in exit-date order (stable: same-day trades keep the caller's order); null when already in order. */
function chronologicalOrder(exitDays: Int32Array): Int32Array | null {
  let sorted = true;
  for (let i = 1; i < exitDays.length && sorted; i += 1) sorted = exitDays[i] >= exitDays[i - 1];
  if (sorted) return null;
  const order = Int32Array.from({ length: exitDays.length }, (_, i) => i);
  return order.sort((a, b) => exitDays[a] - exitDays[b] || a - b);
}

/**
 * Trade statistics (P&L net of fees). Break-even trades (pnl = 0) are their own category: outside
 * the win rate's denominator and the average win/loss, inside the expectancy; they break streaks.
 */
export function computeTradeStats(trades: readonly ClosedTrade[] | undefined, notes: MetricNotes): TradeStats {
  const given = trades !== undefined;
  trades ??= [];
  const exitDays = validateTrades(trades);
  const order = chronologicalOrder(exitDays);
  let wins = 0;
  let losses = 0;
  let grossProfit = 0;
  let grossLoss = 0;
  let rSum = 0;
  let withRisk = 0;
  let largestWin = 0;
  let largestLoss = 0;
  let winRun = 0;
  let lossRun = 0;
  let longestWin = 0;
  let longestLoss = 0;
  for (let k = 0; k < trades.length; k += 1) {
    const { pnl, risk } = trades[order === null ? k : order[k]];
    if (pnl > 0) {
      wins += 1;
      grossProfit += pnl;
      if (pnl > largestWin) largestWin = pnl;
      lossRun = 0;
      winRun += 1;
      if (winRun > longestWin) longestWin = winRun;
    } else if (pnl < 0) {
      losses += 1;
      grossLoss += pnl;
      if (pnl < largestLoss) largestLoss = pnl;
      winRun = 0;
      lossRun += 1;
      if (lossRun > longestLoss) longestLoss = lossRun;
    } else {
      winRun = 0;
      lossRun = 0;
    }
    if (typeof risk === 'number') {
      rSum += pnl / risk;
      withRisk += 1;
    }
  }
  const total = trades.length;
  const decided = wins + losses;
  const winRate = decided > 0 ? wins / decided : null;
  if (total === 0) {
    for (const key of ['win_rate', 'average_win', 'average_loss', 'payoff_ratio', 'profit_factor', 'expectancy', 'expectancy_r']) notes[key] = given ? 'no closed trades' : 'no trades given';
  } else {
    if (winRate === null) notes.win_rate = 'undefined: every trade is break-even';
    if (wins === 0) notes.average_win = 'no winning trade';
    if (losses === 0) notes.average_loss = 'no losing trade';
    if (wins === 0 || losses === 0) notes.payoff_ratio = wins === 0 ? 'undefined: no winning trade' : 'undefined: no losing trade (infinite)';
    if (losses === 0) notes.profit_factor = wins === 0 ? 'undefined: no winning and no losing trade' : 'undefined: no losing trade (infinite)';
    if (withRisk === 0) notes.expectancy_r = 'no trade gives its risk';
    else if (withRisk < total) notes.expectancy_r = `computed over the ${withRisk} of ${total} trades that give their risk`;
  }
  const averageWin = wins > 0 ? grossProfit / wins : null;
  const averageLoss = losses > 0 ? grossLoss / losses : null;
  if (wins === 0) notes.largest_winning_trade = 'no winning trade';
  if (losses === 0) notes.largest_losing_trade = 'no losing trade';
  return {
    total_trades: total,
    winning_trades: wins,
    losing_trades: losses,
    break_even_trades: total - decided,
    win_rate: winRate,
    win_rate_pct: winRate === null ? null : winRate * 100,
    gross_profit: grossProfit,
    gross_loss: grossLoss,
    net_profit: grossProfit + grossLoss,
    average_win: averageWin,
    average_loss: averageLoss,
    payoff_ratio: averageWin !== null && averageLoss !== null ? averageWin / -averageLoss : null,
    profit_factor: losses > 0 ? grossProfit / -grossLoss : null,
    expectancy: total > 0 ? (grossProfit + grossLoss) / total : null,
    expectancy_r: withRisk > 0 ? rSum / withRisk : null,
    trades_with_risk: withRisk,
    largest_winning_trade: wins > 0 ? largestWin : null,
    largest_losing_trade: losses > 0 ? largestLoss : null,
    longest_winning_streak_trades: longestWin,
    longest_losing_streak_trades: longestLoss,
  };
}
