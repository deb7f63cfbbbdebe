import type { FuturesReport } from '../../engine';
import { futuresTearsheetInput } from './run-reports';
import { buildTearsheet } from './tearsheet/build-tearsheet';
import type { Tearsheet } from './tearsheet/tearsheet.types';

/**
 * The tearsheet of a futures backtest run in process (`npm run futures -- --html FILE`): the same page as
 * the report of a persisted futures run. `dataSource` says where the bars came from (`synthetic (seed 42)`
 * is labelled synthetic).
 */
export function buildFuturesTearsheet(report: FuturesReport, dataSource: string, generatedAt: string): Tearsheet {
  const json = JSON.parse(JSON.stringify({ ...report, data_source: dataSource })) as Record<string, unknown>;
  return buildTearsheet(futuresTearsheetInput(json, 'The futures report', 'npm run futures', generatedAt));
}
