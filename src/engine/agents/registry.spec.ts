import { AGENTS, findAgent, ruleAnalyst } from './registry';

describe('agent registry', () => {
  it("lists the anchor's 19 analysts in order with unique keys", () => {
    expect(AGENTS).toHaveLength(19);
    expect(AGENTS.map((a) => a.order)).toEqual(Array.from({ length: 19 }, (_, i) => i));
    expect(new Set(AGENTS.map((a) => a.key)).size).toBe(19);
    expect(AGENTS.slice(12, 19).map((a) => a.key)).toEqual([
      'warren_buffett',
      'technical_analyst',
      'fundamentals_analyst',
      'growth_analyst',
      'news_sentiment_analyst',
      'sentiment_analyst',
      'valuation_analyst',
    ]);
    expect(findAgent('ben_graham')).toMatchObject({ display_name: 'Ben Graham', description: 'The Father of Value Investing', kind: 'llm' });
    expect(findAgent('portfolio_manager')).toBeUndefined();
  });

  it('has a one-sentence investing style for every agent', () => {
    for (const agent of AGENTS) {
      expect(agent.investing_style).toMatch(/^[A-Z][^.]*(\.[^ .][^.]*)*\.$/);
      expect(agent.investing_style.length).toBeGreaterThan(60);
    }
  });

  it('gives a function for the five rule-based analysts and none for the LLM ones', () => {
    const rule = AGENTS.filter((a) => a.kind === 'rule').map((a) => a.key);
    expect(rule).toEqual(['technical_analyst', 'fundamentals_analyst', 'growth_analyst', 'sentiment_analyst', 'valuation_analyst']);
    for (const agent of AGENTS) expect(typeof ruleAnalyst(agent.key)).toBe(agent.kind === 'rule' ? 'function' : 'object');
    expect(ruleAnalyst('warren_buffett')).toBeNull();
    expect(ruleAnalyst('unknown')).toBeNull();
  });
});
