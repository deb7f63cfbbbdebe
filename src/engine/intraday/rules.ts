import type { PropAccount } from './prop-account';
import type { FuturesBacktestConfig, FuturesCounters, FuturesSessionRow, FuturesVerdict, PropFirmRules, RuleCheck } from './types';

export function bestDayShare(ledger: PropAccount, startBalance: number): number | null {
  const profit = ledger.balance - startBalance;
  if (!(profit > 0) || !Number.isFinite(ledger.bestDay)) return null;
  return ledger.bestDay / profit;
}

/** `-$1,234.50` (plain arithmetic: Intl formatting is far too slow for a per-session path). */
export function formatUsd(x: number): string {
  const cents = Math.round(Math.abs(x) * 100);
  const whole = Math.floor(cents / 100).toString();
  const fraction = (cents % 100).toString().padStart(2, '0');
  let grouped = '';
  for (let i = 0; i < whole.length; i += 1) {
    if (i > 0 && (whole.length - i) % 3 === 0) grouped += ',';
    grouped += whole[i];
  }
  return `${x < 0 && cents > 0 ? '-' : ''}$${grouped}.${fraction}`;
}

const usd = formatUsd;

function consistencyOk(rules: PropFirmRules, share: number | null): boolean {
  if (rules.consistency_max_best_day_share === null) return true;
  if (share === null) return false;
  return rules.consistency_allow_equal ? share <= rules.consistency_max_best_day_share + 1e-12 : share < rules.consistency_max_best_day_share;
}

/** Combine pass test at a session end: target reached, consistency kept, minimum days traded. */
export function passConditionsMet(config: FuturesBacktestConfig, ledger: PropAccount): boolean {
  const rules = config.rules;
  if (rules.profit_target === null || ledger.balance - rules.start_balance < rules.profit_target) return false;
  return consistencyOk(rules, bestDayShare(ledger, rules.start_balance)) && ledger.tradingDays >= rules.min_trading_days;
}

/** The same test with its explanation. */
export function evaluatePass(config: FuturesBacktestConfig, ledger: PropAccount): { passed: boolean; detail: string } {
  const rules = config.rules;
  if (rules.profit_target === null) return { passed: false, detail: 'The Express stage has no profit target; the account is in good standing while the maximum loss limit holds.' };
  const profit = ledger.balance - rules.start_balance;
  if (profit < rules.profit_target) return { passed: false, detail: `Profit ${usd(profit)} of the ${usd(rules.profit_target)} target.` };
  const share = bestDayShare(ledger, rules.start_balance);
  if (!consistencyOk(rules, share)) {
    return { passed: false, detail: `Target reached, but the best day is ${((share ?? 0) * 100).toFixed(1)}% of the profit (consistency target: below ${((rules.consistency_max_best_day_share ?? 0) * 100).toFixed(0)}%).` };
  }
  if (ledger.tradingDays < rules.min_trading_days) return { passed: false, detail: `Target reached after ${ledger.tradingDays} trading days; ${rules.min_trading_days} are required.` };
  return { passed: true, detail: `Profit target ${usd(rules.profit_target)} reached with the consistency target and the minimum days met.` };
}

export function buildVerdict(config: FuturesBacktestConfig, ledger: PropAccount): FuturesVerdict {
  if (config.rules.account_size === 'none') {
    return { status: 'not_applicable', rule: null, date: null, time: null, detail: 'No prop-firm account (account_size none): pure strategy research, no target or loss limit to pass or fail.' };
  }
  if (ledger.failed !== null) {
    return {
      status: 'failed',
      rule: 'max_loss_limit',
      date: ledger.failed.date,
      time: ledger.failed.time,
      detail: `Maximum loss limit breached on ${ledger.failed.date} at ${ledger.failed.time.slice(11, 16)} CT: balance ${usd(ledger.failed.balance)} at or below the floor ${usd(ledger.failed.floor)}.`,
    };
  }
  if (ledger.passed !== null) {
    return { status: 'passed', rule: null, date: ledger.passed.date, time: ledger.passed.time, detail: `Passed on ${ledger.passed.date}: ${evaluatePass(config, ledger).detail}` };
  }
  return { status: 'in_progress', rule: null, date: null, time: null, detail: evaluatePass(config, ledger).detail };
}

export function buildRuleChecks(config: FuturesBacktestConfig, ledger: PropAccount, counters: FuturesCounters, rows: readonly FuturesSessionRow[]): RuleCheck[] {
  const rules = config.rules;
  const profit = Math.round((ledger.balance - rules.start_balance) * 100) / 100;
  const share = bestDayShare(ledger, rules.start_balance);
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
          : `Trailing ${rules.mll_trail_mode === 'eod' ? 'end-of-day' : 'intraday'} floor ${usd(rules.max_loss_limit)} under the high-water mark, locked at the start balance; value = floor at the end (smallest cushion after a trade: ${usd(ledger.lowestCushion)}).`,
      limit: rules.max_loss_limit,
      value: rules.max_loss_limit === null ? null : Math.round(ledger.floor * 100) / 100,
      status: rules.max_loss_limit === null ? 'off' : ledger.failed === null ? 'ok' : 'breached',
    },
    {
      rule: 'daily_loss_limit',
      description: 'Soft breach: the day is flattened and trading stops until the next session; value = worst day.',
      limit: rules.daily_loss_limit,
      value: worstDay,
      status: rules.daily_loss_limit === null ? 'off' : counters.dll_soft_breaches > 0 ? 'soft_breached' : 'ok',
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
      value: ledger.tradingDays,
      status: rules.min_trading_days === 0 ? 'off' : ledger.tradingDays >= rules.min_trading_days ? 'met' : 'not_met',
    },
    {
      rule: 'max_contracts',
      description:
        maxCap === null ? 'Largest position taken; no cap (no prop-firm account).' : `Largest position taken vs the cap (${rules.stage === 'xfa' ? 'scaling plan' : 'account maximum'}; micros × ${rules.micro_ratio}).`,
      limit: maxCap,
      value: ledger.maxContractsUsed,
      status: maxCap === null ? 'off' : ledger.maxContractsUsed <= maxCap ? 'ok' : 'breached',
    },
    {
      rule: 'flat_by',
      description: 'Positions closed by the time exit or the flat-by time; value = forced exits.',
      limit: rules.flat_by,
      value: counters.flat_by_forced_exits,
      status: rules.flat_by === null ? 'off' : 'ok',
    },
  ];
}
