// Every fill on the tick grid: the MES worked example of a loss-limit liquidation (the level sits between
// ticks), and a property over random strategies, rules and contracts with tick sizes 0.25, 0.1, 0.01 and 1.
import fc from 'fast-check';
import { type ContractSymbol, CONTRACT_SPECS, type FuturesTrade, type MinuteBars, prepareFuturesData, resolveFuturesConfig, runFuturesBacktestSync } from '../../../src/engine';
import { type BarRow, generateSessions, session } from './fixtures';
import { orRows, run } from './helpers';

const CDT = -5;

describe('the MES worked example: a forced exit fills on the tick grid', () => {
  // Breakout entries, filters off, 5 MES contracts ($25 a point, $7.50 round turn), 1 tick of slippage,
  // max_loss_limit 100. Every day: OR 4990–5010, close 5011 at 08:50, long at 08:51's 5011 + 1 tick = 5011.25.
  const day = (date: string, rows: readonly BarRow[]) => session(date, CDT, 5011, [...orRows(5010, 4990), ['08:50', 5010, 5011, 5010, 5011], ...rows], { to: '14:56' });
  const bars = [
    day('2024-04-01', [['14:55', 5016.5, 5016.5, 5016.5, 5016.5]]), // out at 5016.50 − 1 tick: +5 pts × 25 − 7.50 = +117.50
    day('2024-04-02', [['14:55', 5012.75, 5012.75, 5012.75, 5012.75]]), // out at 5012.50: +1.25 × 25 − 7.50 = +23.75
    day('2024-04-03', [['10:00', 5011, 5011, 5005.5, 5006]]),
  ].flat();
  const input = {
    strategy: { width_filter: false, trend_filter: false, volatility_filter: false, gap_filter: false, vwap_filter: false, entry_mode: 'breakout', target_r: 10, fixed_contracts: 5 },
    rules: { max_loss_limit: 100 },
  } as const;

  it('balance 50,141.25 with the floor locked at 50,000; the floor is reached at 5005.90; exit 5005.50, P&L −151.25, balance 49,990.00', () => {
    const result = run(bars, input);
    expect(result.sessions.map((r) => [r.date, r.balance, r.mll_floor])).toEqual([
      ['2024-04-01', 50_117.5, 50_000],
      ['2024-04-02', 50_141.25, 50_000],
      ['2024-04-03', 49_990, 50_000],
    ]);
    // equity 50,141.25 + (p − 5011.25) × 25 − 7.50 = 50,000 → p = 5005.90; the first tick at or below it is
    // 5005.75, one tick of slippage → 5005.50; (5005.50 − 5011.25) × 25 = −143.75, − 7.50 = −151.25
    const last = result.trades[result.trades.length - 1];
    expect([last.contracts, last.entry_price, last.exit_reason, last.exit_price, last.gross_pnl, last.pnl]).toEqual([5, 5011.25, 'max_loss_limit', 5005.5, -143.75, -151.25]);
    expect(result.final_balance).toBe(49_990);
    expect(result.verdict).toMatchObject({ status: 'failed', rule: 'max_loss_limit', date: '2024-04-03', time: '2024-04-03T10:00:00-05:00' });
  });
});

/** Every fill price of a trade, and its stop and target, as a multiple of the tick (within float noise). */
function offGrid(trades: readonly FuturesTrade[], tick: number): number[] {
  const prices = trades.flatMap((t) => [t.entry_price, t.exit_price, t.stop_price, t.target_price]);
  return prices.filter((p) => Math.abs(p / tick - Math.round(p / tick)) > 1e-6);
}

describe('property: every fill price of every trade is a multiple of the contract tick', () => {
  const markets: Record<string, { bars: MinuteBars; extra: Record<string, unknown> }> = {
    ES: { bars: generateSessions({ seed: 11, from: '2023-01-02', to: '2023-04-28', startPrice: 4000, tick: 0.25, dailyVol: 45 }), extra: {} },
    RTY: { bars: generateSessions({ seed: 12, from: '2023-01-02', to: '2023-04-28', startPrice: 2000, tick: 0.1, dailyVol: 30 }), extra: {} },
    YM: { bars: generateSessions({ seed: 13, from: '2023-01-02', to: '2023-04-28', startPrice: 34000, tick: 1, dailyVol: 350 }), extra: {} },
    // The generator writes 08:30–14:59 CT: crude's range is moved to 08:30 (its session runs 08:00–13:30).
    CL: { bars: generateSessions({ seed: 14, from: '2023-01-02', to: '2023-04-28', startPrice: 75, tick: 0.01, dailyVol: 1.6 }), extra: { opening_range_start: '08:30' } },
  };
  const seen = { trades: 0, max_loss_limit: 0, daily_loss_limit: 0 };

  it('across entry modes, stops, targets, slippage, re-entry, loss limits and trail modes', () => {
    fc.assert(
      fc.property(
        fc.record({
          symbol: fc.constantFrom<ContractSymbol>('ES', 'RTY', 'YM', 'CL'),
          entry_mode: fc.constantFrom('breakout', 'pullback', 'pullback_vwap', 'pullback_ema'),
          stop_mode: fc.constantFrom('midpoint', 'range_opposite'),
          target_mode: fc.constantFrom('r_multiple', 'range_multiple'),
          target_r: fc.constantFrom(0.7, 1.3, 2, 3.1),
          target_range_multiple: fc.constantFrom(0.5, 1.3, 2),
          slippage_ticks: fc.integer({ min: 0, max: 3 }),
          reentry: fc.boolean(),
          max_loss_limit: fc.integer({ min: 5, max: 60 }),
          daily_loss_limit: fc.option(fc.integer({ min: 5, max: 40 }), { nil: null }),
          mll_trail_mode: fc.constantFrom('eod', 'intraday'),
          contracts: fc.integer({ min: 1, max: 5 }),
        }),
        (p) => {
          const market = markets[p.symbol];
          const pointValue = CONTRACT_SPECS[p.symbol].point_value;
          // loss limits in ticks' worth of money, so levels between ticks come up on every contract
          const money = (ticks: number) => Math.round(ticks * CONTRACT_SPECS[p.symbol].tick_size * pointValue * p.contracts * 100) / 100 + 0.37;
          const config = resolveFuturesConfig({
            symbol: p.symbol,
            calendar: 'none',
            strategy: {
              ...market.extra,
              width_filter: false,
              trend_filter: false,
              volatility_filter: false,
              gap_filter: false,
              vwap_filter: false,
              entry_mode: p.entry_mode,
              stop_mode: p.stop_mode,
              target_mode: p.target_mode,
              target_r: p.target_r,
              target_range_multiple: p.target_range_multiple,
              slippage_ticks: p.slippage_ticks,
              reentry: p.reentry,
              one_trade_per_direction: !p.reentry,
              fixed_contracts: p.contracts,
              max_daily_loss_usd: null,
            },
            rules: { max_loss_limit: money(p.max_loss_limit), daily_loss_limit: p.daily_loss_limit === null ? null : money(p.daily_loss_limit), mll_trail_mode: p.mll_trail_mode, continue_after_pass: true },
          });
          const result = runFuturesBacktestSync(prepareFuturesData({ ...market.bars, symbol: p.symbol }, config), config);
          seen.trades += result.trades.length;
          for (const t of result.trades) if (t.exit_reason === 'max_loss_limit' || t.exit_reason === 'daily_loss_limit') seen[t.exit_reason] += 1;
          expect(offGrid(result.trades, config.contract.tick_size)).toEqual([]);
        },
      ),
      { numRuns: 60, seed: 20240403 },
    );
    expect(seen.trades).toBeGreaterThan(60);
    expect(seen.max_loss_limit).toBeGreaterThan(10);
    expect(seen.daily_loss_limit).toBeGreaterThan(10);
  });
});
