// Shared by `hf backtest` and `hf hedge-fund`: options, the agent graph, and text output.
import { Command } from 'commander';
import { addHedgeFundOptions, type RawCliOptions } from './hedge-fund-options';
import { DEFAULT_OUTPUT_DIR } from './output-files';
import { CliError } from './command';
import { formatTable } from './table';
import {
  type AgentContext,
  type AgentSignal,
  AGENTS,
  type BacktestBenchmark,
  type BacktestDayResult,
  findAgent,
  formatUsd,
  type OpenRoundTrip,
  type PortfolioDecisions,
  type RoundTrip,
  type TickerPnl,
  parseIsoDay,
} from '../engine';
import type { AppConfig } from '../config/app-config';
import { loadConfigFromProcess, MODEL_PROVIDERS } from '../config/load-config';
import { AgentGraph } from '../modules/hedge-fund/agent-graph';
import { EngineGraphAgents, llmNodesOf, withLlmAgents } from '../modules/hedge-fund/graph-agents';
import { type HedgeFundEngine, RULE_BASED_ENGINE } from '../modules/hedge-fund/hedge-fund.engine';
import { LangChainChatModel } from '../modules/llm/langchain-chat-model';
import { MemoryLlmAnswerCache } from '../modules/llm/llm-answer-cache';
import type { LlmUsage } from '../modules/llm/llm-run';
import { canonicalProviderName } from '../modules/llm/llm-providers';
import { type LlmAgents, LlmService } from '../modules/llm/llm.service';
import { ENGINE_PERSONAS } from '../modules/llm/persona-catalog';
import { ApiKeyLookup } from '../modules/market-data/api-key-lookup';
import { TICKER_PATTERN } from '../modules/hedge-fund/dto/hedge-fund-request.dto';
import { type AgentCatalog, buildGraphSpec, type GraphSpec, PORTFOLIO_MANAGER_KEY } from '../modules/hedge-fund/graph-spec';

/** A usage error: one message, exit code 2 (the CLIs' one CliError). */
export const UsageError = CliError;

export interface CliOptions {
  readonly tickers: string[];
  readonly start: string | undefined;
  readonly end: string | undefined;
  readonly agents: string[] | undefined;
  readonly capital: number;
  readonly margin: number;
  /** Backtests: the ticker to compare against. */
  readonly benchmark: string | undefined;
  /** The model of every LLM agent (else LLM_DEFAULT_MODEL), and its provider as the anchor names it. */
  readonly model: string | undefined;
  readonly provider: string | undefined;
  readonly showReasoning: boolean;
  readonly json: boolean;
  /** Backtests: write the HTML tearsheet to this file (inside `out` unless absolute). */
  readonly html: string | undefined;
  /** The output folder of written files (default ./output). */
  readonly out: string;
}

function number(name: string, raw: string | undefined, fallback: number, min: number, max: number): number {
  if (raw === undefined) return fallback;
  const value = Number(raw);
  if (!Number.isFinite(value) || value < min || value > max) throw new UsageError(`--${name} must be a number between ${min} and ${max}, got "${raw}"`);
  return value;
}

function date(name: string, raw: string | undefined): string | undefined {
  if (raw === undefined) return undefined;
  if (parseIsoDay(raw) === null) throw new UsageError(`--${name} must be a date YYYY-MM-DD, got "${raw}"`);
  return raw;
}

export { addHedgeFundOptions, type RawCliOptions } from './hedge-fund-options';

/** Parses hedge-fund or backtest arguments (without node and the script); a bad one throws a UsageError. */
export function parseCliOptions(argv: readonly string[]): CliOptions {
  const messages: string[] = [];
  const command = addHedgeFundOptions(new Command('hedge-fund'), true)
    .exitOverride()
    .configureOutput({ writeOut: () => undefined, writeErr: (text) => messages.push(text.trim()), outputError: (text) => messages.push(text.trim()) });
  try {
    command.parse([...argv], { from: 'user' });
  } catch (error) {
    throw new UsageError(messages.join(' ').replace(/^error: /, '') || (error as Error).message);
  }
  return toCliOptions(command.opts());
}

/** Validates the options as commander parsed them; a bad one throws a UsageError naming it. */
export function toCliOptions(values: RawCliOptions): CliOptions {
  const tickers = String(values.tickers ?? '')
    .split(',')
    .map((t) => t.trim().toUpperCase())
    .filter((t) => t !== '');
  if (tickers.length === 0) throw new UsageError('--tickers is required, e.g. --tickers AAPL,MSFT');
  for (const ticker of tickers) if (!TICKER_PATTERN.test(ticker)) throw new UsageError(`--tickers: "${ticker}" is not a ticker symbol`);
  const agents = values.agents === undefined ? undefined : String(values.agents).split(',').map((a) => a.trim()).filter((a) => a !== '');
  const benchmark = values.benchmark === undefined ? undefined : String(values.benchmark).trim().toUpperCase();
  if (benchmark !== undefined && !TICKER_PATTERN.test(benchmark)) throw new UsageError(`--benchmark: "${benchmark}" is not a ticker symbol`);
  const model = values.model === undefined ? undefined : String(values.model).trim();
  if (model === '') throw new UsageError('--model must name a model, e.g. --model gpt-4.1');
  let provider: string | undefined;
  if (values.provider !== undefined) {
    provider = canonicalProviderName(String(values.provider).trim());
    if (provider === undefined) throw new UsageError(`--provider must be one of ${MODEL_PROVIDERS.join(', ')}, got "${String(values.provider)}"`);
  }
  return {
    tickers: [...new Set(tickers)],
    start: date('start', values.start as string | undefined),
    end: date('end', values.end as string | undefined),
    agents,
    capital: number('capital', values.capital as string | undefined, 100_000, 1, 1e12),
    margin: number('margin', values.margin as string | undefined, 0, 0, 1),
    benchmark,
    model,
    provider,
    showReasoning: values.showReasoning === true,
    json: values.json === true,
    html: values.html === undefined ? undefined : String(values.html),
    out: values.out === undefined ? DEFAULT_OUTPUT_DIR : String(values.out),
  };
}

/** Keys for the CLIs: the environment variable of the key's name (there is no database to store keys in). */
class EnvironmentKeys extends ApiKeyLookup {
  constructor(private readonly config: AppConfig) {
    super();
  }

  async getKey(name: string): Promise<string | null> {
    return this.config.providers.environmentKeys.get(name) ?? null;
  }
}

/** The LLM layer as the server runs it, with keys from the environment and answers cached for this process. */
export function cliLlmService(config: AppConfig = loadConfigFromProcess({ LOG_LEVEL: 'silent' })): LlmService {
  return new LlmService(config, new LangChainChatModel(config), new MemoryLlmAnswerCache(), new EnvironmentKeys(config), ENGINE_PERSONAS);
}

/**
 * The engine and the compiled graph of the analysts named on the command line, wired into one portfolio
 * manager, with the LLM agents bound to `--model`/`--provider` (else LLM_DEFAULT_MODEL) and environment keys.
 */
export async function buildCliGraph(
  options: Pick<CliOptions, 'agents' | 'model' | 'provider'>,
  llmService: LlmService = cliLlmService(),
): Promise<{ engine: HedgeFundEngine; spec: GraphSpec; graph: AgentGraph<AgentContext>; llm: LlmAgents }> {
  const engine = RULE_BASED_ENGINE;
  const spec = cliGraph(options.agents, (key) => {
    const agent = findAgent(key);
    return agent === undefined ? undefined : { key, display_name: agent.display_name, available: engine.agents.analyst(key) !== null || llmService.provides(key) };
  });
  const llm = await llmService.prepareRun({ model_name: options.model, model_provider: options.provider }, llmNodesOf(spec, engine.agents));
  return { engine, spec, graph: AgentGraph.build<AgentContext>(spec, new EngineGraphAgents(withLlmAgents(engine.agents, llm))), llm };
}

/** The analysts named (every available rule-based one by default) wired into one portfolio manager. */
export function cliGraph(agentKeys: readonly string[] | undefined, catalog: AgentCatalog): GraphSpec {
  const keys = agentKeys ?? AGENTS.filter((a) => a.kind === 'rule').map((a) => a.key).filter((key) => catalog(key)?.available === true);
  if (keys.length === 0) throw new UsageError('--agents names no agent');
  try {
    return buildGraphSpec(
      [...keys.map((id) => ({ id })), { id: PORTFOLIO_MANAGER_KEY }],
      keys.map((key) => ({ id: `${key}-${PORTFOLIO_MANAGER_KEY}`, source: key, target: PORTFOLIO_MANAGER_KEY })),
      catalog,
    );
  } catch (error) {
    throw new UsageError(`--agents: ${(error as Error).message}`);
  }
}

/** One line per backtest day: value, return, and the trades filled that day. */
export function formatDayLine(day: BacktestDayResult): string {
  const trades = day.ticker_details
    .filter((t) => t.action !== 'hold' && t.quantity > 0)
    .map((t) => `${t.action} ${t.quantity} ${t.ticker} @ ${t.price.toFixed(2)}`);
  const ret = `${day.portfolio_return >= 0 ? '+' : ''}${day.portfolio_return.toFixed(2)}%`;
  return `${day.date}  ${formatUsd(day.portfolio_value).padStart(16)}  ${ret.padStart(8)}  ${trades.length === 0 ? '-' : trades.join(', ')}`;
}

/** The CLIs' one table: the first `leftColumns` columns left-aligned, the rest (numbers) right-aligned. */
function table(head: readonly string[], rows: readonly (readonly string[])[], leftColumns: number): string {
  return formatTable(head, rows, { textColumns: leftColumns });
}

const percent = (value: number | null | undefined): string => (value === null || value === undefined ? 'n/a' : `${value.toFixed(2)}%`);
const price = (value: number): string => value.toFixed(2);
const signedMoney = (value: number): string => (value > 0 ? `+${formatUsd(value)}` : formatUsd(value));

/** The closed round trips, then the open ones marked at the last close. */
export function formatTrades(trades: readonly RoundTrip[], openTrades: readonly OpenRoundTrip[]): string {
  const closed =
    trades.length === 0
      ? 'Closed trades: none'
      : `Closed trades (${trades.length}):\n${table(
          ['ticker', 'side', 'entry', 'exit', 'shares', 'entry price', 'exit price', 'P&L', 'return', 'days', 'fills', 'commission'],
          trades.map((t) => [t.ticker, t.side, t.entry_date, t.exit_date, String(t.quantity), price(t.entry_price), price(t.exit_price), signedMoney(t.pnl), percent(t.return_pct), String(t.holding_days), String(t.fills), formatUsd(t.commission)]),
          4,
        )}`;
  const open =
    openTrades.length === 0
      ? 'Open trades: none'
      : `Open trades (${openTrades.length}), marked at the last close:\n${table(
          ['ticker', 'side', 'entry', 'shares', 'entry price', 'mark', 'unrealized P&L', 'return', 'days'],
          openTrades.map((t) => [t.ticker, t.side, t.entry_date, String(t.quantity), price(t.entry_price), price(t.mark_price), signedMoney(t.unrealized_pnl), percent(t.return_pct), String(t.holding_days)]),
          3,
        )}`;
  return `${closed}\n${open}`;
}

/** Per-ticker P&L and contribution to the total return. */
export function formatTickerPnl(rows: readonly TickerPnl[]): string {
  return table(
    ['ticker', 'realized P&L', 'unrealized P&L', 'total P&L', 'contribution', 'closed', 'open', 'won', 'lost'],
    rows.map((r) => [r.ticker, signedMoney(r.realized_pnl), signedMoney(r.unrealized_pnl), signedMoney(r.total_pnl), percent(r.contribution_pct), String(r.closed_trades), String(r.open_trades), String(r.winning_trades), String(r.losing_trades)]),
    1,
  );
}

/** The benchmark's return and the relative figures (quantstats conventions). */
export function formatBenchmark(benchmark: BacktestBenchmark): string {
  const m = benchmark.metrics;
  const value = (x: number | null | undefined, digits = 4): string => (x === null || x === undefined ? 'n/a' : x.toFixed(digits));
  return table(
    [`benchmark ${benchmark.ticker} (buy and hold)`, 'value'],
    [
      ['benchmark return', percent(m?.benchmark_total_return_pct)],
      ['active return (portfolio − benchmark)', percent(m?.active_return_pct)],
      ['beta', value(m?.beta)],
      ['alpha (annualised)', value(m?.alpha)],
      ['correlation', value(m?.correlation)],
      ['information ratio (daily)', value(m?.information_ratio)],
      ['tracking error (annualised)', percent(m?.tracking_error === null || m?.tracking_error === undefined ? null : m.tracking_error * 100)],
    ],
    1,
  );
}

/** A signal's reasoning as text: the model's or the rules' own words, or the JSON of an object. */
function reasoningText(reasoning: AgentSignal['reasoning']): string {
  if (typeof reasoning === 'string') return reasoning;
  const inner = reasoning.reasoning;
  const text = typeof inner === 'string' ? inner : JSON.stringify(inner ?? reasoning);
  if (reasoning.mode === 'rules') return `[rules: ${String(reasoning.why)}${reasoning.error === undefined ? '' : ` (${String(reasoning.error)})`}] ${text}`;
  return text;
}

function modeOf(reasoning: AgentSignal['reasoning']): string {
  if (typeof reasoning === 'string' || reasoning.mode === undefined) return 'rules';
  return reasoning.mode === 'llm' ? `llm${reasoning.cached === true ? ' (cached)' : ''}` : 'rules';
}

/** Each analyst's signal and confidence per ticker, with its mode; with `showReasoning`, the reasoning after. */
export function formatAnalystSignals(spec: GraphSpec, signals: Readonly<Record<string, Readonly<Record<string, AgentSignal>>>>, tickers: readonly string[], showReasoning: boolean): string {
  const rows: string[][] = [];
  const reasons: string[] = [];
  for (const analyst of spec.analysts) {
    for (const ticker of tickers) {
      const signal = signals[analyst.id]?.[ticker];
      if (signal === undefined) continue;
      rows.push([analyst.display_name, ticker, signal.signal, modeOf(signal.reasoning), `${signal.confidence.toFixed(1)}%`]);
      reasons.push(`${analyst.display_name} on ${ticker}: ${reasoningText(signal.reasoning)}`);
    }
  }
  const out = table(['analyst', 'ticker', 'signal', 'mode', 'confidence'], rows, 4);
  return showReasoning ? `${out}\n\nReasoning:\n${reasons.map((line) => `  ${line}`).join('\n')}` : out;
}

/** `LLM: 4 calls, 2 cached answers, 1,234 prompt + 321 completion tokens`. */
export function formatLlmUsage(usage: LlmUsage): string {
  const n = (value: number): string => value.toLocaleString('en-US');
  return `LLM: ${n(usage.calls)} call${usage.calls === 1 ? '' : 's'}, ${n(usage.cached)} cached answer${usage.cached === 1 ? '' : 's'}, ${n(usage.prompt_tokens)} prompt + ${n(usage.completion_tokens)} completion tokens`;
}

export function formatDecisions(decisions: PortfolioDecisions, prices: Readonly<Record<string, number>>): string {
  const rows = Object.entries(decisions).map(([ticker, d]) => [
    ticker,
    d.action.toUpperCase(),
    String(d.quantity),
    `${d.confidence.toFixed(1)}%`,
    prices[ticker] === undefined ? 'n/a' : prices[ticker].toFixed(2),
    reasoningText(d.reasoning),
  ]);
  return formatTable(['ticker', 'action', 'quantity', 'confidence', 'price', 'reasoning'], rows, { align: ['left', 'left', 'right', 'right', 'right', 'left'] });
}
