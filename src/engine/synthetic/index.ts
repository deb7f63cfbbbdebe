// The public surface of the synthetic market (re-exported by engine/index.ts); helpers stay internal.
export { isTradingDay, nyseHolidays, tradingDaysBetween } from './calendar';
export { type DailySeries, generateDailySeries, type InstrumentProfile, SYNTHETIC_ORIGIN_DAY } from './daily';
export { generateMinuteBars } from './minute-bars';
export {
  SYNTHETIC_FUTURES_SPECS,
  SYNTHETIC_FUTURES_SYMBOLS,
  type SyntheticFuturesSession,
  type SyntheticFuturesSpec,
  syntheticFuturesSpec,
} from './synthetic-futures';
export { SyntheticMarket } from './synthetic-market';
export { syntheticAgentData } from './agent-data';
