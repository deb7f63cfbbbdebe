import { computeMetrics } from '../../engine';
import { futuresTearsheetInput } from './run-reports';
import { buildTearsheet } from './tearsheet/build-tearsheet';

// A futures report with two attempts (attempts: reset), written by hand in the report's JSON shape: the
// first account fails on 01-04, a fresh one (reset fee $49) starts on 01-05. The metrics curve carries
// the P&L across attempts; the account balance restarts at 50,000.
const sessions = [
  { date: '2024-01-02', attempt: 1, balance: 49_500, mll_floor: 48_000, pnl: -500 },
  { date: '2024-01-03', attempt: 1, balance: 48_900, mll_floor: 48_000, pnl: -600 },
  { date: '2024-01-04', attempt: 1, balance: 47_990, mll_floor: 48_000, pnl: -910 },
  { date: '2024-01-05', attempt: 2, balance: 50_300, mll_floor: 48_300, pnl: 300 },
  { date: '2024-01-08', attempt: 2, balance: 50_800, mll_floor: 48_800, pnl: 500 },
];
// Carried: 50,000 + P&L so far − 49 from the second attempt on.
const carried = [49_500, 48_900, 47_990, 47_990 - 49 + 300, 47_990 - 49 + 800];
const metrics = computeMetrics({ equity: [{ date: '2024-01-01', value: 50_000 }, ...sessions.map((s, i) => ({ date: s.date, value: carried[i] }))] });
const report = {
  symbol: 'MES',
  account: { account_size: '50K', stage: 'combine', max_loss_limit: 2_000, profit_target: 3_000, mll_trail_mode: 'eod', daily_loss_limit: 1_000 },
  strategy: { entry_mode: 'breakout', opening_range_minutes: 15, target_r: 2, max_trades_per_day: 2 },
  period: { start_date: '2024-01-02', end_date: '2024-01-08', sessions_in_range: 5, sessions_simulated: 5 },
  verdict: { status: 'in_progress', rule: null, date: null, time: null, detail: 'Attempt 2 of 2: in progress.' },
  rules: [],
  counters: { opening_range_breaks: 7 },
  metrics,
  attempts: [
    { attempt: 1, start_date: '2024-01-02', end_date: '2024-01-04', outcome: 'failed', outcome_date: '2024-01-04', outcome_time: '10:41', trading_days: 3, trades: 4, net_pnl: -2_010, min_cushion: { amount: -10, date: '2024-01-04', time: '2024-01-04T10:41:00-06:00' }, reset_fee: 0 },
    { attempt: 2, start_date: '2024-01-05', end_date: '2024-01-08', outcome: 'open', outcome_date: null, outcome_time: null, trading_days: 2, trades: 2, net_pnl: 800, min_cushion: { amount: 2_000, date: '2024-01-05', time: '2024-01-05T09:00:00-06:00' }, reset_fee: 49 },
  ],
  min_cushion: { amount: -10, date: '2024-01-04', time: '2024-01-04T10:41:00-06:00' },
  start_balance: 50_000,
  data_source: 'synthetic',
  sessions,
  trades: [],
};

describe('futuresTearsheetInput with attempts', () => {
  const input = futuresTearsheetInput(report, 'The report', 'unit test', '2026-01-01T00:00:00.000Z');

  it('draws the account balance of each attempt (restarting at the start balance), not the carried metrics curve', () => {
    expect(Array.from(input.futures?.account.balance ?? [])).toEqual([50_000, 49_500, 48_900, 47_990, 50_300, 50_800]);
    expect(Array.from(input.curve.values)).toEqual([50_000, ...carried]);
    expect(Array.from(input.futures?.account.floor ?? [])).toEqual([48_000, 48_000, 48_000, 48_000, 48_300, 48_800]);
    expect(input.futures?.account.profitTargetBalance).toBe(53_000);
  });

  it('lists the attempts with their outcome, cushion and reset fee, and the run’s smallest cushion', () => {
    const html = buildTearsheet(input).html;
    const rows = [...html.matchAll(/<tr data-attempt="(\d)">([\s\S]*?)<\/tr>/g)].map((m) => [...m[2].matchAll(/<td[^>]*>([^<]*)<\/td>/g)].map((c) => c[1]));
    expect(rows).toEqual([
      ['1', '2024-01-02', '2024-01-04', 'failed', '2024-01-04 10:41', '3', '4', '-$2,010.00', '-$10.00 (2024-01-04 10:41)', '$0.00'],
      ['2', '2024-01-05', '2024-01-08', 'open', '—', '2', '2', '$800.00', '$2,000.00 (2024-01-05 09:00)', '$49.00'],
    ]);
    expect(html).toContain('Smallest cushion to the maximum-loss-limit floor: <strong data-value="-10">-$10.00');
  });
});
