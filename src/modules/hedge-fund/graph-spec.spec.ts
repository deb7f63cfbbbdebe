import { ValidationError } from '../../core/http';
import type { GraphEdgeDto, GraphNodeDto } from './dto/hedge-fund-request.dto';
import { type AgentCatalog, baseKeyOf, buildGraphSpec, riskIdFor } from './graph-spec';

const ROSTER: Record<string, { display_name: string; available: boolean }> = {
  technical_analyst: { display_name: 'Technical Analyst', available: true },
  fundamentals_analyst: { display_name: 'Fundamentals Analyst', available: true },
  ben_graham: { display_name: 'Ben Graham', available: false },
};
const catalog: AgentCatalog = (key) => (ROSTER[key] === undefined ? undefined : { key, ...ROSTER[key] });

const node = (id: string, type = 'agent-node'): GraphNodeDto => ({ id, type });
const edge = (source: string, target: string): GraphEdgeDto => ({ id: `${source}-${target}`, source, target });

function failure(fn: () => unknown): ValidationError {
  try {
    fn();
  } catch (error) {
    if (error instanceof ValidationError) return error;
    throw error;
  }
  throw new Error('expected a ValidationError');
}

describe('buildGraphSpec', () => {
  it('resolves the SPA graph: suffixed ids, input nodes and their edges ignored, risk node per manager', () => {
    const spec = buildGraphSpec(
      [node('technical_analyst_ab12cd'), node('fundamentals_analyst_zz99aa'), node('portfolio_manager_xy34zw', 'portfolio-manager-node'), node('stock-analyzer-node_q1w2e3', 'stock-analyzer-node')],
      [
        edge('portfolio-start-node_aaaaaa', 'technical_analyst_ab12cd'),
        edge('stock-analyzer-node_q1w2e3', 'fundamentals_analyst_zz99aa'),
        edge('technical_analyst_ab12cd', 'portfolio_manager_xy34zw'),
        edge('fundamentals_analyst_zz99aa', 'portfolio_manager_xy34zw'),
        edge('portfolio_manager_xy34zw', 'json-output-node_bbbbbb'),
      ],
      catalog,
    );
    expect(spec).toEqual({
      analysts: [
        { id: 'technical_analyst_ab12cd', key: 'technical_analyst', display_name: 'Technical Analyst' },
        { id: 'fundamentals_analyst_zz99aa', key: 'fundamentals_analyst', display_name: 'Fundamentals Analyst' },
      ],
      chains: [],
      managers: [
        {
          id: 'portfolio_manager_xy34zw',
          risk_id: 'risk_management_agent_xy34zw',
          direct_analyst_ids: ['technical_analyst_ab12cd', 'fundamentals_analyst_zz99aa'],
          analyst_ids: ['technical_analyst_ab12cd', 'fundamentals_analyst_zz99aa'],
        },
      ],
    });
  });

  it('accepts bare keys and gives a bare manager the bare risk id', () => {
    const spec = buildGraphSpec([node('technical_analyst'), node('portfolio_manager')], [edge('technical_analyst', 'portfolio_manager')], catalog);
    expect(spec.analysts.map((a) => a.key)).toEqual(['technical_analyst']);
    expect(spec.managers[0].risk_id).toBe('risk_management_agent');
  });

  it('gives a chained analyst upstream of a manager to that manager, and one analyst to two managers', () => {
    const spec = buildGraphSpec(
      [node('fundamentals_analyst_aaaaaa'), node('technical_analyst_bbbbbb'), node('portfolio_manager_pm0001'), node('portfolio_manager_pm0002')],
      [
        edge('fundamentals_analyst_aaaaaa', 'technical_analyst_bbbbbb'),
        edge('technical_analyst_bbbbbb', 'portfolio_manager_pm0001'),
        edge('technical_analyst_bbbbbb', 'portfolio_manager_pm0002'),
      ],
      catalog,
    );
    expect(spec.chains).toEqual([['fundamentals_analyst_aaaaaa', 'technical_analyst_bbbbbb']]);
    expect(spec.managers.map((m) => [m.id, m.risk_id, m.direct_analyst_ids, m.analyst_ids])).toEqual([
      ['portfolio_manager_pm0001', 'risk_management_agent_pm0001', ['technical_analyst_bbbbbb'], ['fundamentals_analyst_aaaaaa', 'technical_analyst_bbbbbb']],
      ['portfolio_manager_pm0002', 'risk_management_agent_pm0002', ['technical_analyst_bbbbbb'], ['fundamentals_analyst_aaaaaa', 'technical_analyst_bbbbbb']],
    ]);
  });

  it.each([
    ['an unknown agent', [node('crystal_ball_abcdef'), node('portfolio_manager')], [], 'graph_nodes[0].id', 'Node "crystal_ball_abcdef" names an unknown agent "crystal_ball"'],
    [
      'an agent nobody implements yet',
      [node('ben_graham_abc123'), node('portfolio_manager')],
      [edge('ben_graham_abc123', 'portfolio_manager')],
      'graph_nodes[0].id',
      'Agent "Ben Graham" (node "ben_graham_abc123") is not implemented yet',
    ],
    ['no portfolio manager', [node('technical_analyst')], [], 'graph_nodes', 'The graph has no portfolio manager node'],
    ['a duplicated id', [node('technical_analyst'), node('technical_analyst')], [], 'graph_nodes[1].id', 'Node id "technical_analyst" appears more than once'],
    [
      'a dangling edge',
      [node('technical_analyst'), node('portfolio_manager')],
      [edge('technical_analyst', 'portfolio_manager'), edge('technical_analyst', 'ghost_node')],
      'graph_edges[1]',
      'Edge "technical_analyst-ghost_node" points to "ghost_node", which is not in graph_nodes',
    ],
    [
      'a cycle',
      [node('technical_analyst'), node('fundamentals_analyst'), node('portfolio_manager')],
      [edge('technical_analyst', 'fundamentals_analyst'), edge('fundamentals_analyst', 'technical_analyst'), edge('technical_analyst', 'portfolio_manager')],
      'graph_edges',
      'The graph has a cycle through node "technical_analyst"',
    ],
    ['a manager with no analyst', [node('technical_analyst'), node('portfolio_manager')], [], 'graph_edges', 'Portfolio manager "portfolio_manager" has no analyst wired into it'],
    [
      'an edge out of a manager',
      [node('technical_analyst'), node('portfolio_manager')],
      [edge('technical_analyst', 'portfolio_manager'), edge('portfolio_manager', 'technical_analyst')],
      'graph_edges[1]',
      'leaves portfolio manager "portfolio_manager"',
    ],
  ])('rejects %s with a 422 naming it', (_name, nodes, edges, field, message) => {
    const error = failure(() => buildGraphSpec(nodes, edges, catalog));
    expect(error.code).toBe('VALIDATION');
    expect(error.errors?.[0].field).toBe(field);
    expect(error.message).toContain(message);
  });
});

describe('node ids', () => {
  const known = (key: string): boolean => key in ROSTER || key === 'portfolio_manager';

  it('keeps a bare key whose last segment looks like a suffix (ben_graham)', () => {
    expect(baseKeyOf('ben_graham', known)).toBe('ben_graham');
    expect(baseKeyOf('ben_graham_k3x9q2', known)).toBe('ben_graham');
    expect(baseKeyOf('technical_analyst_ab12cd', known)).toBe('technical_analyst');
  });

  it('pairs each manager with its risk node id', () => {
    expect(riskIdFor('portfolio_manager_ab12cd')).toBe('risk_management_agent_ab12cd');
    expect(riskIdFor('portfolio_manager')).toBe('risk_management_agent');
  });
});
