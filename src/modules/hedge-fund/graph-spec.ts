import { ValidationError } from '../../core/http';
import type { GraphEdgeDto, GraphNodeDto } from './dto/hedge-fund-request.dto';

/** React Flow node types (and id prefixes) that carry no agent: inputs and outputs, ignored by the graph. */
export const NON_AGENT_NODE_TYPES: ReadonlySet<string> = new Set([
  'stock-analyzer-node',
  'portfolio-start-node',
  'json-output-node',
  'investment-report-node',
]);
export const PORTFOLIO_MANAGER_KEY = 'portfolio_manager';
export const RISK_MANAGER_KEY = 'risk_management_agent';
const NODE_SUFFIX = /^(.+)_([a-z0-9]{6})$/;

/** What the graph needs to know about an agent key. */
export interface AgentCatalogEntry {
  readonly key: string;
  readonly display_name: string;
  /** False for agents nobody implements yet (a persona whose analysis has not landed). */
  readonly available: boolean;
}

export type AgentCatalog = (key: string) => AgentCatalogEntry | undefined;

export interface AnalystNode {
  readonly id: string;
  readonly key: string;
  readonly display_name: string;
}

export interface PortfolioManagerNode {
  readonly id: string;
  /** The risk manager created for this portfolio manager (the SPA never places one). */
  readonly risk_id: string;
  /** Analysts wired straight into this portfolio manager (the risk node joins on them). */
  readonly direct_analyst_ids: readonly string[];
  /** Every analyst upstream of this portfolio manager, chains included: the signals it weighs. */
  readonly analyst_ids: readonly string[];
}

/** A validated agent graph: analysts, analyst→analyst chains, and portfolio managers with their inputs. */
export interface GraphSpec {
  readonly analysts: readonly AnalystNode[];
  readonly chains: readonly (readonly [string, string])[];
  readonly managers: readonly PortfolioManagerNode[];
}

/** The agent key of a node id: the bare key, or the key before a `_<6 [a-z0-9]>` suffix. */
export function baseKeyOf(id: string, isKnown: (key: string) => boolean): string {
  if (isKnown(id)) return id;
  const match = NODE_SUFFIX.exec(id);
  return match === null ? id : match[1];
}

/** `risk_management_agent_<suffix>` for `portfolio_manager_<suffix>`, `risk_management_agent` for a bare one. */
export function riskIdFor(managerId: string): string {
  if (!managerId.startsWith(`${PORTFOLIO_MANAGER_KEY}_`)) return RISK_MANAGER_KEY;
  const segments = managerId.split('_');
  return `${RISK_MANAGER_KEY}_${segments[segments.length - 1]}`;
}

function isNonAgentId(id: string): boolean {
  for (const type of NON_AGENT_NODE_TYPES) if (id === type || id.startsWith(`${type}_`)) return true;
  return false;
}

type NodeRole = { kind: 'analyst'; node: AnalystNode } | { kind: 'manager' } | { kind: 'ignored' };

/**
 * Validates the React Flow graph the SPA sends and resolves it into a {@link GraphSpec}. Every problem
 * is a 422 naming the node or edge: unknown agent, agent not available yet, duplicated id, dangling
 * edge, an edge out of a portfolio manager, a cycle, no portfolio manager, a manager with no analyst.
 * Input and output nodes (and edges touching them) are ignored.
 */
export function buildGraphSpec(nodes: readonly GraphNodeDto[], edges: readonly GraphEdgeDto[], catalog: AgentCatalog): GraphSpec {
  const isKnown = (key: string): boolean => key === PORTFOLIO_MANAGER_KEY || catalog(key) !== undefined;
  const roles = new Map<string, NodeRole>();
  const managerIds: string[] = [];
  const analysts: AnalystNode[] = [];

  nodes.forEach((node, index) => {
    const field = `graph_nodes[${index}]`;
    if (roles.has(node.id)) throw ValidationError.field(`${field}.id`, `Node id "${node.id}" appears more than once in graph_nodes`);
    if ((node.type !== undefined && NON_AGENT_NODE_TYPES.has(node.type)) || isNonAgentId(node.id)) {
      roles.set(node.id, { kind: 'ignored' });
      return;
    }
    const key = baseKeyOf(node.id, isKnown);
    if (key === PORTFOLIO_MANAGER_KEY || node.type === 'portfolio-manager-node') {
      roles.set(node.id, { kind: 'manager' });
      managerIds.push(node.id);
      return;
    }
    const entry = catalog(key);
    if (entry === undefined) throw ValidationError.field(`${field}.id`, `Node "${node.id}" names an unknown agent "${key}"`);
    if (!entry.available) {
      throw ValidationError.field(
        `${field}.id`,
        `Agent "${entry.display_name}" (node "${node.id}") is not implemented yet; use another analyst`,
      );
    }
    const analyst: AnalystNode = { id: node.id, key, display_name: entry.display_name };
    roles.set(node.id, { kind: 'analyst', node: analyst });
    analysts.push(analyst);
  });

  if (managerIds.length === 0) throw ValidationError.field('graph_nodes', 'The graph has no portfolio manager node');
  const riskIds = new Map<string, string>();
  for (const id of managerIds) {
    const riskId = riskIdFor(id);
    const other = riskIds.get(riskId);
    if (other !== undefined) throw ValidationError.field('graph_nodes', `Portfolio managers "${other}" and "${id}" share the risk manager id "${riskId}"`);
    riskIds.set(riskId, id);
  }

  const chains: [string, string][] = [];
  const wired = new Map<string, string[]>(managerIds.map((id) => [id, []]));
  const seenEdges = new Set<string>();
  edges.forEach((edge, index) => {
    const field = `graph_edges[${index}]`;
    const source = roles.get(edge.source);
    const target = roles.get(edge.target);
    for (const [end, role] of [
      [edge.source, source],
      [edge.target, target],
    ] as const) {
      if (role === undefined && !isNonAgentId(end)) throw ValidationError.field(field, `Edge "${edge.id}" points to "${end}", which is not in graph_nodes`);
    }
    if (source === undefined || target === undefined || source.kind === 'ignored' || target.kind === 'ignored') return;
    if (source.kind === 'manager') throw ValidationError.field(field, `Edge "${edge.id}" leaves portfolio manager "${edge.source}"; a portfolio manager feeds no agent`);
    const pair = `${edge.source}\u0000${edge.target}`;
    if (seenEdges.has(pair)) return;
    seenEdges.add(pair);
    if (edge.source === edge.target) throw ValidationError.field(field, `Edge "${edge.id}" makes a cycle at node "${edge.source}"`);
    if (target.kind === 'manager') wired.get(edge.target)?.push(edge.source);
    else chains.push([edge.source, edge.target]);
  });

  assertAcyclic(analysts, chains);

  const upstream = new Map<string, string[]>();
  for (const [from, to] of chains) upstream.set(to, [...(upstream.get(to) ?? []), from]);
  const managers = managerIds.map((id): PortfolioManagerNode => {
    const direct = wired.get(id) ?? [];
    if (direct.length === 0) throw ValidationError.field('graph_edges', `Portfolio manager "${id}" has no analyst wired into it`);
    const all = new Set<string>();
    const stack = [...direct];
    while (stack.length > 0) {
      const next = stack.pop() as string;
      if (all.has(next)) continue;
      all.add(next);
      stack.push(...(upstream.get(next) ?? []));
    }
    return { id, risk_id: riskIdFor(id), direct_analyst_ids: direct, analyst_ids: analysts.map((a) => a.id).filter((a) => all.has(a)) };
  });
  return { analysts, chains, managers };
}

function assertAcyclic(analysts: readonly AnalystNode[], chains: readonly (readonly [string, string])[]): void {
  const next = new Map<string, string[]>();
  for (const [from, to] of chains) next.set(from, [...(next.get(from) ?? []), to]);
  const state = new Map<string, 'visiting' | 'done'>();
  const visit = (id: string): void => {
    state.set(id, 'visiting');
    for (const to of next.get(id) ?? []) {
      const seen = state.get(to);
      if (seen === 'visiting') throw ValidationError.field('graph_edges', `The graph has a cycle through node "${to}"`);
      if (seen === undefined) visit(to);
    }
    state.set(id, 'done');
  };
  for (const analyst of analysts) if (!state.has(analyst.id)) visit(analyst.id);
}
