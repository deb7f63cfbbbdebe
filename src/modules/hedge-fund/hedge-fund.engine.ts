import {
  type BacktestConfig,
  type BacktestEvent,
  type BacktestPorts,
  createPortfolio,
  type Portfolio,
  type PortfolioSetup,
  riskManager,
  ruleAnalyst,
  runBacktest,
  rulePortfolioManager,
} from '../../engine';
import type { AgentFunctions } from './graph-agents';

/** The engine entry points the module drives. */
export interface HedgeFundEngine {
  readonly agents: AgentFunctions;
  createPortfolio(setup: PortfolioSetup): Portfolio;
  runBacktest(config: BacktestConfig, ports: BacktestPorts): AsyncGenerator<BacktestEvent, unknown, undefined>;
}

export const HEDGE_FUND_ENGINE = Symbol('HEDGE_FUND_ENGINE');

/** The rule-based engine: rule analysts, the volatility/correlation risk manager, the rule portfolio manager. */
export const RULE_BASED_ENGINE: HedgeFundEngine = {
  agents: { analyst: ruleAnalyst, riskManager, portfolioManager: rulePortfolioManager },
  createPortfolio,
  runBacktest,
};
