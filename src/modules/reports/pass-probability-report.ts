// The tearsheet input of a persisted pass-probability run (its stored `results`: the response of
// POST /futures/pass-probability): the odds with every rolling start, over the equity curve of the range's
// attempts-reset backtest (`results.metrics`).
import { formatPct } from './tearsheet/format';
import { buildTearsheet } from './tearsheet/build-tearsheet';
import type { Tearsheet, TearsheetInput, TearsheetPassProbability } from './tearsheet/tearsheet.types';
import { isRecord, list, metricsOf, num, source, text } from './run-reports';

type Json = Record<string, unknown>;
type Outcome = TearsheetPassProbability['starts'][number]['outcome'];

function daysToPass(value: unknown): TearsheetPassProbability['days_to_pass'] {
  if (!isRecord(value)) return null;
  return { p50: num(value.p50), p90: num(value.p90), mean: num(value.mean) };
}

function oddsLine(label: string, odds: Json): string {
  return `${label}: ${formatPct(100 * (num(odds.p_pass) ?? 0))} passed, ${formatPct(100 * (num(odds.p_fail) ?? 0))} failed, ${formatPct(100 * (num(odds.p_open) ?? 0))} open`;
}

/**
 * The odds shown: the bootstrap's when it ran (with the rolling starts drawn below it, when there are
 * some), else the rolling ones. `ran` lists both estimates.
 */
export function passProbabilityTearsheetInput(results: Json, subject: string, origin: string, generatedAt: string): TearsheetInput {
  const { metrics, curve } = metricsOf(results, subject);
  const rolling = isRecord(results.rolling) ? results.rolling : null;
  const bootstrap = isRecord(results.bootstrap) ? results.bootstrap : null;
  const shown = bootstrap ?? rolling ?? {};
  const horizon = num(results.horizon_days) ?? 0;
  const starts = list(rolling?.starts).map((s) => ({
    start_date: text(s.start_date),
    outcome: (['passed', 'failed', 'open'].includes(text(s.outcome)) ? text(s.outcome) : 'open') as Outcome,
    trading_days: num(s.trading_days) ?? 0,
  }));
  const ran: string[] = [`Sessions ${text(results.first_session, '?')} → ${text(results.last_session, '?')}, horizon ${horizon} trading days, reset fee ${num(results.reset_fee) ?? 0}.`];
  if (rolling !== null) ran.push(`${oddsLine(`Rolling, ${num(rolling.starts_counted) ?? starts.length} starts counted of ${starts.length}`, rolling)}.`);
  if (bootstrap !== null) ran.push(`${oddsLine(`Bootstrap, ${num(bootstrap.paths) ?? '?'} paths in blocks of ${num(bootstrap.block_days) ?? '?'} sessions (seed ${num(bootstrap.seed) ?? '?'})`, bootstrap)}.`);
  ran.push('Equity curve and metrics: one backtest over the range with attempts reset (reset fees counted).');
  const method = bootstrap !== null ? `bootstrap of ${num(bootstrap.paths) ?? '?'} paths${rolling !== null ? ' (rolling starts below)' : ''}` : `rolling over ${starts.length} starts`;
  return {
    kind: 'pass_probability',
    title: `Odds of passing: ${text(results.symbol, '?')} · ${text(results.account_size, '?')} · ${horizon} trading days`,
    ran,
    source: source(text(results.data_source, 'unknown')),
    origin,
    generatedAt,
    metrics,
    curve,
    passProbability: {
      method,
      p_pass: num(shown.p_pass) ?? 0,
      p_fail: num(shown.p_fail) ?? 0,
      p_open: num(shown.p_open) ?? 0,
      days_to_pass: daysToPass(shown.days_to_pass),
      starts,
    },
  };
}

/** The tearsheet of an estimate the CLI computed (`results`: the same JSON as the route's `complete.data`). */
export function buildPassProbabilityTearsheet(results: Json, generatedAt: string): Tearsheet {
  return buildTearsheet(passProbabilityTearsheetInput(results, 'The pass-probability estimate', 'npm run futures -- --pass-probability', generatedAt));
}
