import { formatUsd, roundCents } from '../money';
import type { PropAccount } from './prop-account';
import type { CushionPoint, FuturesBacktestConfig, FuturesSessionRow, FuturesTrade, FuturesVerdict, PropFirmRules, RuleCheck } from './types';

export function bestDayShare(account: PropAccount, startBalance: number): number | null {
  const profit = account.balance - startBalance;
  if (!(profit > 0) || !Number.isFinite(account.bestDay)) return null;
  return account.bestDay / profit;
}

function consistencyOk(rules: PropFirmRules, share: number | null): boolean {
  if (rules.consistency_max_best_day_share === null) return true;
  if (share === null) return false;
  return rules.consistency_allow_equal ? share <= rules.consistency_max_best_day_share + 1e-12 : share < rules.consistency_max_best_day_share;
}

/** Combine pass test at a session end: target reached, consistency kept, minimum days traded. */
export function passConditionsMet(config: FuturesBacktestConfig, account: PropAccount): boolean {
  const rules = config.rules;
  if (rules.profit_target === null || account.balance - rules.start_balance < rules.profit_target) return false;
  return consistencyOk(rules, bestDayShare(account, rules.start_balance)) && account.tradingDays >= rules.min_trading_days;
}

/** The same test with its explanation. */
export function evaluatePass(config: FuturesBacktestConfig, account: PropAccount): { passed: boolean; detail: string } {
  const rules = config.rules;
  if (rules.profit_target === null) return { passed: false, detail: 'The Express stage has no profit target; the account is in good standing while the maximum loss limit holds.' };
  const profit = account.balance - rules.start_balance;
  if (profit < rules.profit_target) return { passed: false, detail: `Profit ${formatUsd(profit)} of the ${formatUsd(rules.profit_target)} target.` };
  const share = bestDayShare(account, rules.start_balance);
  if (!consistencyOk(rules, share)) {
    return { passed: false, detail: `Target reached, but the best day is ${((share ?? 0) * 100).toFixed(1)}% of the profit (consistency target: below ${((rules.consistency_max_best_day_share ?? 0) * 100).toFixed(0)}%).` };
  }
  if (account.tradingDays < rules.min_trading_days) return { passed: false, detail: `Target reached after ${account.tradingDays} trading days; ${rules.min_trading_days} are required.` };
  return { passed: true, detail: `Profit target ${formatUsd(rules.profit_target)} reached with the consistency target and the minimum days met.` };
}

export function buildVerdict(config: FuturesBacktestConfig, account: PropAccount): FuturesVerdict {
  if (config.rules.account_size === 'none') {
    return { status: 'not_applicable', rule: null, date: null, time: null, detail: 'No prop-firm account (account_size none): pure strategy research, no target or loss limit to pass or fail.' };
  }
  if (account.failed !== null) {
    return {
      status: 'failed',
      rule: 'max_loss_limit',
      date: account.failed.date,
      time: account.failed.time,
      detail: `Maximum loss limit breached on ${account.failed.date} at ${account.failed.time.slice(11, 16)} CT: balance ${formatUsd(account.failed.balance)} at or below the floor ${formatUsd(account.failed.floor)}.`,
    };
  }
  if (account.passed !== null) {
    return { status: 'passed', rule: null, date: account.passed.date, time: account.passed.time, detail: `Passed on ${account.passed.date}: ${evaluatePass(config, account).detail}` };
  }
  return { status: 'in_progress', rule: null, date: null, time: null, detail: evaluatePass(config, account).detail };
}

const FORCED_EXITS: ReadonlySet<string> = new Set(['time_exit', 'flat_by', 'session_end']);

/**
 * The rules table of one account attempt: its account, session rows and trades, and its smallest cushion
 * to the floor.
 */
export function buildRuleChecks(
  config: FuturesBacktestConfig,
  account: PropAccount,
  rows: readonly FuturesSessionRow[],
  trades: readonly FuturesTrade[],
  minCushion: CushionPoint | null,
): RuleCheck[] {
  const rules = config.rules;
  const cushion = minCushion === null ? 'none seen' : `${formatUsd(minCushion.amount)} on ${minCushion.date} at ${minCushion.time.slice(11, 16)} CT`;
  const profit = roundCents(account.balance - rules.start_balance);
  const share = bestDayShare(account, rules.start_balance);
  const worstDay = rows.reduce((m, r) => Math.min(m, r.pnl), 0);
  const maxCap = rules.max_contracts === null ? null : rows.reduce((m, r) => Math.max(m, r.max_contracts ?? 0), 0);
  return [
    {
      rule: 'profit_target',
      description: 'Net profit the Combine requires (none in the Express stage).',
      limit: rules.profit_target,
      value: profit,
      status: rules.profit_target === null ? 'off' : profit >= rules.profit_target ? 'met' : 'not_met',
    },
    {
      rule: 'max_loss_limit',
      description:
        rules.max_loss_limit === null
          ? 'No maximum loss limit (no prop-firm account).'
          : `Trailing ${rules.mll_trail_mode === 'eod' ? 'end-of-day' : 'intraday'} floor ${formatUsd(rules.max_loss_limit)} under the high-water mark, locked at the start balance; value = floor at the end (smallest cushion to it, open P&L at each bar's worst price included: ${cushion}).`,
      limit: rules.max_loss_limit,
      value: rules.max_loss_limit === null ? null : roundCents(account.floor),
      status: rules.max_loss_limit === null ? 'off' : account.failed === null ? 'ok' : 'breached',
    },
    {
      rule: 'daily_loss_limit',
      description: 'Soft breach: the day is flattened and trading stops until the next session; value = worst day.',
      limit: rules.daily_loss_limit,
      value: worstDay,
      status: rules.daily_loss_limit === null ? 'off' : rows.some((r) => r.dll_soft_breach) ? 'soft_breached' : 'ok',
    },
    {
      rule: 'consistency',
      description: 'Best day as a share of the total profit.',
      limit: rules.consistency_max_best_day_share,
      value: share === null ? null : Math.round(share * 1e4) / 1e4,
      status: rules.consistency_max_best_day_share === null ? 'off' : consistencyOk(rules, share) ? 'met' : 'not_met',
    },
    {
      rule: 'min_trading_days',
      description: 'Sessions with at least one trade.',
      limit: rules.min_trading_days,
      value: account.tradingDays,
      status: rules.min_trading_days === 0 ? 'off' : account.tradingDays >= rules.min_trading_days ? 'met' : 'not_met',
    },
    {
      rule: 'max_contracts',
      description:
        maxCap === null ? 'Largest position taken; no cap (no prop-firm account).' : `Largest position taken vs the cap (${rules.stage === 'xfa' ? 'scaling plan' : 'account maximum'}; micros × ${rules.micro_ratio}).`,
      limit: maxCap,
      value: account.maxContractsUsed,
      status: maxCap === null ? 'off' : account.maxContractsUsed <= maxCap ? 'ok' : 'breached',
    },
    {
      rule: 'flat_by',
      description: 'Positions closed by the time exit or the flat-by time; value = forced exits.',
      limit: rules.flat_by,
      value: trades.filter((t) => FORCED_EXITS.has(t.exit_reason)).length,
      status: rules.flat_by === null ? 'off' : 'ok',
    },
  ];
}
