import type { SweepRankRow, SweepReport, WalkForwardResult } from '../../engine';
import type { FuturesSweepResponseDto, SweepRankRowDto, WalkForwardResponseDto } from './dto/futures-sweep.dto';

function toRankRow(row: SweepRankRow): SweepRankRowDto {
  return { rank: row.rank, index: row.index, params: { ...row.params }, score: { ...row.score } };
}

function toWalkForward(wf: WalkForwardResult): WalkForwardResponseDto {
  return {
    train_days: wf.train_days,
    test_days: wf.test_days,
    objective: wf.objective,
    windows: wf.windows.map((w) => ({
      index: w.index,
      train: { ...w.train },
      test: { ...w.test },
      chosen: { index: w.chosen.index, params: { ...w.chosen.params } },
      in_sample: { ...w.in_sample },
      out_of_sample: { ...w.out_of_sample },
    })),
    stitched: { ...wf.stitched, daily: wf.stitched.daily.map((d) => ({ ...d })) },
    degradation: { ...wf.degradation, net_pnl_per_session: { ...wf.degradation.net_pnl_per_session } },
  };
}

/** The engine's sweep report as the wire answer (`complete.data` of `POST /futures/sweep`). */
export function toFuturesSweepResponse(report: SweepReport, dataSource: string, runId: number | null): FuturesSweepResponseDto {
  return {
    symbol: report.symbol,
    objective: report.objective,
    combinations: report.combinations,
    parameters: report.parameters.map((p) => ({ key: p.key, group: p.group, values: [...p.values] })),
    period: { ...report.period },
    ranking: report.ranking.map(toRankRow),
    best: toRankRow(report.best),
    walk_forward: report.walk_forward === null ? null : toWalkForward(report.walk_forward),
    data_source: dataSource,
    run_id: runId,
  };
}
