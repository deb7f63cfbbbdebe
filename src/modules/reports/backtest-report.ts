import type { BacktestResult } from '../../engine';
import { toBacktestComplete } from '../hedge-fund/hedge-fund.mapper';
import { hedgeFundTearsheetInput } from './run-reports';
import { buildTearsheet } from './tearsheet/build-tearsheet';
import type { Tearsheet } from './tearsheet/tearsheet.types';

/** What the backtest CLI ran, for the report's header. */
export interface BacktestRunDescription {
  readonly tickers: readonly string[];
  readonly agents: readonly string[];
  readonly initial_capital: number;
  readonly margin_requirement: number;
  /** The market-data provider of the run (`synthetic` for the CLI). */
  readonly data_provider: string;
}

/**
 * The tearsheet of an in-process hedge-fund backtest (`npm run backtest -- --html FILE`): the same
 * `complete.data` a persisted run stores, so the page equals the run report of the same backtest.
 */
export function buildBacktestTearsheet(result: BacktestResult, ran: BacktestRunDescription, generatedAt: string): Tearsheet {
  return buildTearsheet(
    hedgeFundTearsheetInput(
      {
        results: toBacktestComplete(result),
        request: { ...ran },
        subject: 'The backtest',
        context: 'npm run backtest',
        origin: 'npm run backtest',
        defaultProvider: ran.data_provider,
      },
      generatedAt,
    ),
  );
}
