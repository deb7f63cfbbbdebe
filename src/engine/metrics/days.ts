/** Statistics of the daily P&L V_t - V_{t-1}: counts, extremes and streaks (a flat day breaks a streak). */
export interface DayStats {
  readonly profitableDays: number;
  readonly losingDays: number;
  readonly flatDays: number;
  /** Index (into the curve) of the day with the largest gain, or -1 when no day gained. */
  readonly bestDay: number;
  readonly worstDay: number;
  readonly longestWinningStreak: number;
  readonly longestLosingStreak: number;
}

export function computeDayStats(values: Float64Array): DayStats {
  let profitableDays = 0;
  let losingDays = 0;
  let bestDay = -1;
  let worstDay = -1;
  let best = 0;
  let worst = 0;
  let winRun = 0;
  let lossRun = 0;
  let longestWinningStreak = 0;
  let longestLosingStreak = 0;
  for (let i = 1; i < values.length; i += 1) {
    const pnl = values[i] - values[i - 1];
    if (pnl > 0) {
      profitableDays += 1;
      lossRun = 0;
      winRun += 1;
      if (winRun > longestWinningStreak) longestWinningStreak = winRun;
      if (pnl > best) {
        best = pnl;
        bestDay = i;
      }
    } else if (pnl < 0) {
      losingDays += 1;
      winRun = 0;
      lossRun += 1;
      if (lossRun > longestLosingStreak) longestLosingStreak = lossRun;
      if (pnl < worst) {
        worst = pnl;
        worstDay = i;
      }
    } else {
      winRun = 0;
      lossRun = 0;
    }
  }
  const flatDays = values.length - 1 - profitableDays - losingDays;
  return { profitableDays, losingDays, flatDays, bestDay, worstDay, longestWinningStreak, longestLosingStreak };
}
