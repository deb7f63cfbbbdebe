// Strict parameters: unknown keys, types and ranges of strategy and rules, every bad field in one error.
import { EngineError, resolveFuturesConfig, type FuturesBacktestInput } from '../../../src/engine';

function errorsOf(input: FuturesBacktestInput): { field: string; message: string }[] {
  try {
    resolveFuturesConfig(input);
  } catch (e) {
    if (e instanceof EngineError) return [...e.errors];
    throw e;
  }
  return [];
}

describe('strict futures parameters', () => {
  it('an unknown key is named, with the closest known name when there is one', () => {
    expect(errorsOf({ symbol: 'ES', strategy: { target_rr: 3 } })).toEqual([{ field: 'strategy.target_rr', message: 'strategy.target_rr is not a known strategy parameter (did you mean target_r?)' }]);
    expect(errorsOf({ symbol: 'ES', strategy: { colour: 'red' } })).toEqual([{ field: 'strategy.colour', message: 'strategy.colour is not a known strategy parameter' }]);
    expect(errorsOf({ symbol: 'ES', rules: { max_los_limit: 100 } })).toEqual([{ field: 'rules.max_los_limit', message: 'rules.max_los_limit is not a known rule (did you mean max_loss_limit?)' }]);
  });

  it('a value of the wrong type says what it must be; a number out of range says its bounds', () => {
    expect(
      errorsOf({
        symbol: 'ES',
        strategy: { target_r: 'three', opening_range_minutes: 7.5, break_ticks: '1', gap_filter: 'no', entry_mode: 'market', time_exit: '2pm', fixed_contracts: 0, stop_mode: 'wide' },
      }),
    ).toEqual([
      { field: 'strategy.target_r', message: 'strategy.target_r must be a number' },
      { field: 'strategy.opening_range_minutes', message: 'strategy.opening_range_minutes must be an integer from 1 to 240' },
      { field: 'strategy.break_ticks', message: 'strategy.break_ticks must be a number' },
      { field: 'strategy.gap_filter', message: 'strategy.gap_filter must be a boolean (true or false)' },
      { field: 'strategy.entry_mode', message: 'strategy.entry_mode must be one of breakout, pullback, pullback_vwap, pullback_ema' },
      { field: 'strategy.time_exit', message: 'strategy.time_exit must be a time HH:MM (America/Chicago)' },
      { field: 'strategy.fixed_contracts', message: 'strategy.fixed_contracts must be an integer from 1 to 1000' },
      { field: 'strategy.stop_mode', message: 'strategy.stop_mode must be one of midpoint, range_opposite' },
    ]);
  });

  it('every bad field at once: top level, strategy, rules and scaling tiers; the detail counts them', () => {
    let error: EngineError | null = null;
    try {
      resolveFuturesConfig({
        symbol: 'ES',
        account_size: '75K',
        start_date: '2024-02-30',
        strategy: { risk_per_trade_usd: -5, vwap_filtr: true },
        rules: { daily_loss_limit: 'none', scaling_tiers: [{ min_profit: 0, max_contracts: 2 }, { min_profit: -1, max_contracts: 'x', extra: 1 }] },
      });
    } catch (e) {
      error = e as EngineError;
    }
    expect(error?.errors.map((e) => e.field)).toEqual([
      'account_size',
      'start_date',
      'strategy.vwap_filtr',
      'strategy.risk_per_trade_usd',
      'rules.daily_loss_limit',
      'rules.scaling_tiers[1].extra',
      'rules.scaling_tiers[1].min_profit',
      'rules.scaling_tiers[1].max_contracts',
    ]);
    expect(error?.message).toMatch(/^8 fields are invalid: account_size must be one of 50K, 100K, 150K, none; start_date must be a date YYYY-MM-DD; /);
  });

  it('null means the default, except for the fields where it switches something off', () => {
    const config = resolveFuturesConfig({ symbol: 'ES', strategy: { target_r: null, max_daily_loss_usd: null, fixed_contracts: null }, rules: { daily_loss_limit: null, max_loss_limit: null } });
    expect(config.strategy).toMatchObject({ target_r: 2, max_daily_loss_usd: null, fixed_contracts: null });
    expect(config.rules).toMatchObject({ daily_loss_limit: null, max_loss_limit: 2000 });
  });

  it('a bad field is not checked again against another (no cascade of errors)', () => {
    expect(errorsOf({ symbol: 'ES', strategy: { or_atr_min: 'x', or_atr_max: 0.05 } }).map((e) => e.field)).toEqual(['strategy.or_atr_min']);
    expect(errorsOf({ symbol: 'ES', strategy: { or_atr_min: 0.2, or_atr_max: 0.1 } }).map((e) => e.field)).toEqual(['strategy.or_atr_max']);
  });

  it('strategy and rules must be objects', () => {
    expect(errorsOf({ symbol: 'ES', strategy: [1, 2] as never, rules: 'x' as never })).toEqual([
      { field: 'strategy', message: 'strategy must be an object of parameters' },
      { field: 'rules', message: 'rules must be an object of parameters' },
    ]);
  });
});
