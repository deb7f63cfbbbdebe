import { NotFoundError } from '../../core/http';
import { FlowRunRecorder, FlowRunsPort } from './run-recorder';

class RecordingRuns extends FlowRunsPort {
  readonly calls: string[] = [];
  constructor(private readonly flowExists = true) {
    super();
  }
  async createRun(flowId: number, input: { kind: string; request_data: Record<string, unknown> }) {
    if (!this.flowExists) throw new NotFoundError('Flow not found');
    this.calls.push(`create ${flowId} ${input.kind} ${JSON.stringify(input.request_data)}`);
    return { id: 7 };
  }
  async start(runId: number) {
    this.calls.push(`start ${runId}`);
  }
  async complete(runId: number, results: Record<string, unknown>) {
    this.calls.push(`complete ${runId} ${JSON.stringify(results)}`);
  }
  async fail(runId: number, message: string) {
    this.calls.push(`fail ${runId} ${message}`);
  }
  async cancel(runId: number) {
    this.calls.push(`cancel ${runId}`);
  }
  async addCycle(runId: number, cycle: { cycle_number: number; status: string; started_at: Date; completed_at: Date; trigger_reason: string }) {
    this.calls.push(`cycle ${runId} #${cycle.cycle_number} ${cycle.status} ${cycle.trigger_reason} ${cycle.started_at.toISOString()}→${cycle.completed_at.toISOString()}`);
  }
}

const record = { analyst_signals: {}, trading_decisions: {}, executed_trades: {}, portfolio_snapshot: {}, performance_metrics: null };

describe('FlowRunRecorder', () => {
  it('creates the run when the stream starts, numbers cycles back to back, then completes it', async () => {
    const runs = new RecordingRuns();
    const times = ['2024-05-01T00:00:00Z', '2024-05-01T00:00:01Z', '2024-05-01T00:00:02Z', '2024-05-01T00:00:03Z'].map((t) => new Date(t));
    let tick = 0;
    const recorder = new FlowRunRecorder(runs, 3, 'backtest', { tickers: ['AAPL'] }, () => times[Math.min(tick++, times.length - 1)]);
    expect(recorder.runId).toBeNull();
    await recorder.begin();
    expect(recorder.runId).toBe(7);
    await recorder.cycle({ ...record, trigger_reason: 'backtest_day 2024-01-02' });
    await recorder.cycle({ ...record, trigger_reason: 'backtest_day 2024-01-03' });
    await recorder.complete({ total_days: 2 });
    expect(runs.calls).toEqual([
      'create 3 backtest {"tickers":["AAPL"]}',
      'start 7',
      'cycle 7 #1 COMPLETED backtest_day 2024-01-02 2024-05-01T00:00:01.000Z→2024-05-01T00:00:02.000Z',
      'cycle 7 #2 COMPLETED backtest_day 2024-01-03 2024-05-01T00:00:02.000Z→2024-05-01T00:00:03.000Z',
      'complete 7 {"total_days":2}',
    ]);
  });

  it('records nothing after a failed creation (the flow was deleted meanwhile)', async () => {
    const runs = new RecordingRuns(false);
    const recorder = new FlowRunRecorder(runs, 3, 'run', {});
    await expect(recorder.begin()).rejects.toThrow('Flow not found');
    await recorder.fail('Flow not found');
    await recorder.cancel();
    expect(recorder.runId).toBeNull();
    expect(runs.calls).toEqual([]);
  });
});
