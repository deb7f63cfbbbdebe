import type { RiskAssessment, TickerSignals } from '../../engine';
import { AgentGraph, type GraphAgents, type GraphExecutor } from './agent-graph';
import type { GraphSpec } from './graph-spec';

interface Ctx {
  readonly date: string;
}

const SPEC: GraphSpec = {
  analysts: [
    { id: 'fundamentals_analyst_aaaaaa', key: 'fundamentals_analyst', display_name: 'Fundamentals Analyst' },
    { id: 'technical_analyst_bbbbbb', key: 'technical_analyst', display_name: 'Technical Analyst' },
    { id: 'growth_analyst_cccccc', key: 'growth_analyst', display_name: 'Growth Analyst' },
  ],
  chains: [['fundamentals_analyst_aaaaaa', 'technical_analyst_bbbbbb']],
  managers: [
    {
      id: 'portfolio_manager_pm0001',
      risk_id: 'risk_management_agent_pm0001',
      direct_analyst_ids: ['technical_analyst_bbbbbb', 'growth_analyst_cccccc'],
      analyst_ids: ['fundamentals_analyst_aaaaaa', 'technical_analyst_bbbbbb', 'growth_analyst_cccccc'],
    },
    { id: 'portfolio_manager_pm0002', risk_id: 'risk_management_agent_pm0002', direct_analyst_ids: ['growth_analyst_cccccc'], analyst_ids: ['growth_analyst_cccccc'] },
  ],
};

const riskEntry = (limit: number, price: number): RiskAssessment => ({
  remaining_position_limit: limit,
  remaining_short_limit: limit,
  current_price: price,
  volatility_metrics: { daily_volatility: 0.01, annualized_volatility: 0.16, volatility_percentile: 50, data_points: 60 },
  correlation_metrics: { avg_correlation_with_active: null, max_correlation_with_active: null, top_correlated_tickers: [] },
  reasoning: { error: 'fixture' },
});

function recordingAgents(delayMs = 0) {
  const calls: string[] = [];
  const seenByManager: Record<string, string[]> = {};
  const agents: GraphAgents<Ctx> = {
    async analyze(analyst, ctx) {
      calls.push(analyst.id);
      await new Promise((resolve) => setTimeout(resolve, delayMs));
      return { AAPL: { signal: 'bullish', confidence: 60, reasoning: `${analyst.key}@${ctx.date}` } } satisfies TickerSignals;
    },
    async assessRisk(manager) {
      calls.push(manager.risk_id);
      return { AAPL: riskEntry(1000, 100) };
    },
    async decide(manager, signals, risk) {
      calls.push(manager.id);
      seenByManager[manager.id] = Object.keys(signals).sort();
      return { AAPL: { action: 'buy', quantity: Math.floor(risk.AAPL.remaining_position_limit / risk.AAPL.current_price), confidence: 60, reasoning: 'r' } };
    },
  };
  return { agents, calls, seenByManager };
}

describe('AgentGraph', () => {
  it('runs each node once, joins each risk node on its analysts, and feeds each manager only its own analysts', async () => {
    const { agents, calls, seenByManager } = recordingAgents();
    const outcome = await AgentGraph.build(SPEC, agents).invoke({ date: '2024-03-01' });

    expect([...calls].sort()).toEqual(
      [
        'fundamentals_analyst_aaaaaa',
        'technical_analyst_bbbbbb',
        'growth_analyst_cccccc',
        'risk_management_agent_pm0001',
        'risk_management_agent_pm0002',
        'portfolio_manager_pm0001',
        'portfolio_manager_pm0002',
      ].sort(),
    );
    expect(calls.indexOf('technical_analyst_bbbbbb')).toBeGreaterThan(calls.indexOf('fundamentals_analyst_aaaaaa'));
    expect(calls.indexOf('risk_management_agent_pm0001')).toBeGreaterThan(calls.indexOf('technical_analyst_bbbbbb'));
    expect(seenByManager).toEqual({
      portfolio_manager_pm0001: ['fundamentals_analyst_aaaaaa', 'growth_analyst_cccccc', 'technical_analyst_bbbbbb'],
      portfolio_manager_pm0002: ['growth_analyst_cccccc'],
    });
    expect(Object.keys(outcome.analyst_signals).sort()).toEqual(
      ['fundamentals_analyst_aaaaaa', 'growth_analyst_cccccc', 'risk_management_agent_pm0001', 'risk_management_agent_pm0002', 'technical_analyst_bbbbbb'].sort(),
    );
    expect(outcome.analyst_signals.growth_analyst_cccccc).toEqual({ AAPL: { signal: 'bullish', confidence: 60, reasoning: 'growth_analyst@2024-03-01' } });
    expect(outcome.decisions.portfolio_manager_pm0002).toEqual({ AAPL: { action: 'buy', quantity: 10, confidence: 60, reasoning: 'r' } });
    expect(outcome.current_prices).toEqual({ AAPL: 100 });
  });

  it('is reusable across decision dates', async () => {
    const { agents, calls } = recordingAgents();
    const graph = AgentGraph.build(SPEC, agents);
    const first = await graph.invoke({ date: '2024-03-01' });
    const second = await graph.invoke({ date: '2024-03-04' });
    expect(calls).toHaveLength(14);
    expect(first.analyst_signals.technical_analyst_bbbbbb).toEqual({ AAPL: { signal: 'bullish', confidence: 60, reasoning: 'technical_analyst@2024-03-01' } });
    expect(second.analyst_signals.technical_analyst_bbbbbb).toEqual({ AAPL: { signal: 'bullish', confidence: 60, reasoning: 'technical_analyst@2024-03-04' } });
  });

  it('stops when the signal aborts and runs no manager', async () => {
    const { agents, calls } = recordingAgents(50);
    const controller = new AbortController();
    setTimeout(() => controller.abort(new Error('client went away')), 10);
    await expect(AgentGraph.build(SPEC, agents).invoke({ date: '2024-03-01' }, controller.signal)).rejects.toThrow('client went away');
    expect(calls.filter((c) => c.startsWith('portfolio_manager'))).toEqual([]);
  });

  describe('the direct executor steps the graph as LangGraph does', () => {
    /** Records each node's superstep (the nodes that had completed before it started) and its state. */
    function tracingAgents() {
      const log: string[] = [];
      const agents: GraphAgents<Ctx> = {
        async analyze(analyst, ctx) {
          log.push(`start ${analyst.id}`);
          await new Promise((resolve) => setImmediate(resolve));
          log.push(`end ${analyst.id}`);
          return { AAPL: { signal: analyst.key.length % 2 === 0 ? 'bullish' : 'bearish', confidence: analyst.id.length, reasoning: `${analyst.id}@${ctx.date}` } };
        },
        async assessRisk(manager) {
          log.push(`risk ${manager.risk_id}`);
          return { AAPL: riskEntry(500 + manager.id.length, 50), MSFT: riskEntry(0, 0) };
        },
        async decide(manager, signals, risk) {
          log.push(`decide ${manager.id} ${Object.keys(signals).join(',')}`);
          return { AAPL: { action: 'sell', quantity: risk.AAPL.remaining_position_limit, confidence: Object.keys(signals).length, reasoning: manager.id } };
        },
      };
      return { agents, log };
    }

    const analyst = (id: string) => ({ id, key: id.replace(/_[a-z0-9]{6}$/, ''), display_name: id });
    const shapes: Record<string, GraphSpec> = {
      'the SPA graph with a chain and two managers': SPEC,
      'an analyst fed by chains of different lengths (it runs twice)': {
        analysts: [analyst('sentiment_analyst_zzzzzz'), analyst('fundamentals_analyst_aaaaaa'), analyst('technical_analyst_bbbbbb'), analyst('growth_analyst_cccccc')],
        chains: [
          ['fundamentals_analyst_aaaaaa', 'technical_analyst_bbbbbb'],
          ['technical_analyst_bbbbbb', 'growth_analyst_cccccc'],
          ['sentiment_analyst_zzzzzz', 'growth_analyst_cccccc'],
        ],
        managers: [
          {
            id: 'portfolio_manager_pm0001',
            risk_id: 'risk_management_agent_pm0001',
            direct_analyst_ids: ['growth_analyst_cccccc', 'sentiment_analyst_zzzzzz'],
            analyst_ids: ['sentiment_analyst_zzzzzz', 'fundamentals_analyst_aaaaaa', 'technical_analyst_bbbbbb', 'growth_analyst_cccccc'],
          },
        ],
      },
      'one analyst, one bare manager': {
        analysts: [analyst('valuation_analyst')],
        chains: [],
        managers: [{ id: 'portfolio_manager', risk_id: 'risk_management_agent', direct_analyst_ids: ['valuation_analyst'], analyst_ids: ['valuation_analyst'] }],
      },
    };

    it.each(Object.entries(shapes))('%s: same node runs, same order of steps, same outcome and key order', async (_name, spec) => {
      const runWith = async (executor: GraphExecutor) => {
        const { agents, log } = tracingAgents();
        const graph = AgentGraph.build(spec, agents);
        const outcomes = [await graph.invoke({ date: '2024-03-01' }, undefined, executor), await graph.invoke({ date: '2024-03-04' }, undefined, executor)];
        return { log, json: JSON.stringify(outcomes) };
      };
      const pregel = await runWith('langgraph');
      const direct = await runWith('direct');
      expect(direct.json).toBe(pregel.json);
      expect(direct.log).toEqual(pregel.log);
    });

    it('runs the twice-triggered analyst twice, as LangGraph does', async () => {
      const { agents, log } = tracingAgents();
      await AgentGraph.build(shapes['an analyst fed by chains of different lengths (it runs twice)'], agents).invoke({ date: '2024-03-01' }, undefined, 'direct');
      expect(log.filter((line) => line === 'start growth_analyst_cccccc')).toHaveLength(2);
    });

    it('stops when the signal aborts and runs no manager', async () => {
      const { agents, calls } = recordingAgents(50);
      const controller = new AbortController();
      setTimeout(() => controller.abort(new Error('client went away')), 10);
      await expect(AgentGraph.build(SPEC, agents).invoke({ date: '2024-03-01' }, controller.signal, 'direct')).rejects.toThrow('client went away');
      expect(calls.filter((c) => c.startsWith('portfolio_manager'))).toEqual([]);
    });
  });
});
