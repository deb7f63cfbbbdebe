import type { BootstrapPassProbability, FuturesBacktestConfig, OutcomeOdds, PassProbabilityResult, RollingPassProbability } from '../../engine';
import type { MetricsResponseDto } from '../metrics/dto/metrics-response.dto';
import type { BootstrapPassProbabilityResponseDto, PassProbabilityResponseDto, RollingPassProbabilityResponseDto } from './dto/pass-probability-response.dto';

function odds(from: OutcomeOdds): Omit<OutcomeOdds, 'days_to_pass'> & { days_to_pass: OutcomeOdds['days_to_pass'] } {
  return {
    p_pass: from.p_pass,
    p_fail: from.p_fail,
    p_open: from.p_open,
    days_to_pass: from.days_to_pass === null ? null : { ...from.days_to_pass },
    expected_cost_to_pass: from.expected_cost_to_pass,
    expected_attempts_to_pass: from.expected_attempts_to_pass,
  };
}

function rolling(from: RollingPassProbability): RollingPassProbabilityResponseDto {
  return { ...odds(from), starts: from.starts.map((s) => ({ ...s })), starts_counted: from.starts_counted };
}

function bootstrap(from: BootstrapPassProbability): BootstrapPassProbabilityResponseDto {
  return {
    ...odds(from),
    paths: from.paths,
    seed: from.seed,
    block_days: from.block_days,
    sessions_pooled: from.sessions_pooled,
    p_pass_standard_error: from.p_pass_standard_error,
  };
}

/** The engine's estimate, the run's metrics and where the data came from, as the wire format. */
export function toPassProbabilityResponse(result: PassProbabilityResult, config: FuturesBacktestConfig, metrics: MetricsResponseDto, dataSource: string, runId: number | null): PassProbabilityResponseDto {
  return {
    symbol: config.symbol,
    account_size: config.rules.account_size,
    method: result.method,
    horizon_days: result.horizon_days,
    reset_fee: result.reset_fee,
    first_session: result.first_session,
    last_session: result.last_session,
    rolling: result.rolling === null ? null : rolling(result.rolling),
    bootstrap: result.bootstrap === null ? null : bootstrap(result.bootstrap),
    metrics,
    data_source: dataSource,
    run_id: runId,
  };
}
