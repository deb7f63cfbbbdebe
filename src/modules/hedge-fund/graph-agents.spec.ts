import { type AgentContext, createPortfolio, EngineError, type RiskAssessments } from '../../engine';
import { EngineGraphAgents } from './graph-agents';

function context(signal?: AbortSignal) {
  const progress: string[] = [];
  const ctx: AgentContext = {
    tickers: ['AAPL', 'MSFT'],
    startDate: '2024-01-02',
    endDate: '2024-03-28',
    data: {} as AgentContext['data'],
    portfolio: createPortfolio({ tickers: ['AAPL', 'MSFT'], initial_cash: 1000 }),
    signal,
    onProgress: (agent, ticker, status, analysis) => progress.push(`${agent}|${ticker}|${status}|${analysis ?? ''}`),
  };
  return { ctx, progress };
}

const analyst = { id: 'growth_analyst_ab12cd', key: 'growth_analyst', display_name: 'Growth Analyst' };

describe('EngineGraphAgents', () => {
  it('turns a failing analyst into neutral signals with the error, reported and closed with Done', async () => {
    const agents = new EngineGraphAgents({
      analyst: () => async () => {
        throw new Error('metrics feed down');
      },
      riskManager: async () => ({}),
      portfolioManager: () => ({}),
    });
    const { ctx, progress } = context();
    await expect(agents.analyze(analyst, ctx)).resolves.toEqual({
      AAPL: { signal: 'neutral', confidence: 0, reasoning: { error: 'metrics feed down' } },
      MSFT: { signal: 'neutral', confidence: 0, reasoning: { error: 'metrics feed down' } },
    });
    expect(progress).toEqual(['growth_analyst_ab12cd|null|Error: metrics feed down|', 'growth_analyst_ab12cd|null|Done|']);
  });

  it('lets a cancellation through instead of counting it as a failed analyst', async () => {
    const controller = new AbortController();
    const cancelled = new EngineError('CANCELLED', 'client left');
    const agents = new EngineGraphAgents({
      analyst: () => async () => {
        controller.abort(cancelled);
        throw cancelled;
      },
      riskManager: async () => ({}),
      portfolioManager: () => ({}),
    });
    await expect(agents.analyze(analyst, context(controller.signal).ctx)).rejects.toBe(cancelled);
  });

  it('hands the manager only the signals it is given and reports its decisions with Done', async () => {
    const seen: unknown[] = [];
    const agents = new EngineGraphAgents({
      analyst: () => null,
      riskManager: async () => ({}),
      portfolioManager: (input) => {
        seen.push(input.analystSignals);
        return { AAPL: { action: 'buy', quantity: 3, confidence: 70, reasoning: 'r' } };
      },
    });
    const { ctx, progress } = context();
    const signals = { technical_analyst: { AAPL: { signal: 'bullish' as const, confidence: 70, reasoning: 'up' } } };
    const decisions = await agents.decide({ id: 'portfolio_manager' }, signals, {} as RiskAssessments, ctx);
    expect(decisions).toEqual({ AAPL: { action: 'buy', quantity: 3, confidence: 70, reasoning: 'r' } });
    expect(seen).toEqual([signals]);
    expect(progress).toEqual(['portfolio_manager|null|Making trading decisions|', `portfolio_manager|null|Done|${JSON.stringify(decisions)}`]);
  });
});
