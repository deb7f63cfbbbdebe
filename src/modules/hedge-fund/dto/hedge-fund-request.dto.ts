import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsBoolean,
  IsIn,
  IsInt,
  IsNumber,
  IsObject,
  IsOptional,
  IsPositive,
  IsString,
  Length,
  Matches,
  Max,
  Min,
  NotEquals,
  ValidateNested,
} from 'class-validator';
import { MODEL_PROVIDERS } from '../../../config';
import { ISO_DATE_PATTERN } from '../../../engine';
import type { DataProviderName } from '../../market-data/market-data.port';

export const DATA_PROVIDERS: readonly DataProviderName[] = ['synthetic', 'csv', 'financialdatasets'];
export const TICKER_PATTERN = /^[A-Z0-9][A-Z0-9.\-]{0,14}$/;
export const MAX_TICKERS = 50;
export const DEFAULT_CAPITAL = 100_000;

/** Trims, upper-cases and de-duplicates tickers, and drops the empty items the SPA sends after splitting on commas. */
function normalizeTickers({ value }: { value: unknown }): unknown {
  if (!Array.isArray(value)) return value;
  const seen = new Set<string>();
  const out: unknown[] = [];
  for (const item of value) {
    if (typeof item !== 'string') {
      out.push(item);
      continue;
    }
    const ticker = item.trim().toUpperCase();
    if (ticker === '' || seen.has(ticker)) continue;
    seen.add(ticker);
    out.push(ticker);
  }
  return out;
}

function normalizeTicker({ value }: { value: unknown }): unknown {
  return typeof value === 'string' ? value.trim().toUpperCase() : value;
}

/** A React Flow node as the SPA sends it; only `id` and `type` matter here, the rest is kept for the record. */
export class GraphNodeDto {
  @ApiProperty({ example: 'technical_analyst_ab12cd', description: 'Node id: an agent key plus an optional `_<6 [a-z0-9]>` suffix.' })
  @IsString()
  @Length(1, 200)
  id: string;

  @ApiPropertyOptional({ example: 'agent-node', description: 'React Flow node type (agent-node, portfolio-manager-node, stock-analyzer-node, …).' })
  @IsOptional()
  @IsString()
  @Length(0, 100)
  type?: string;

  @ApiPropertyOptional({ type: Object, additionalProperties: true })
  @IsOptional()
  @IsObject()
  data?: Record<string, unknown>;

  @ApiPropertyOptional({ type: Object, additionalProperties: true })
  @IsOptional()
  @IsObject()
  position?: Record<string, unknown>;
}

export class GraphEdgeDto {
  @ApiProperty({ example: 'technical_analyst_ab12cd-portfolio_manager_xy34zw' })
  @IsString()
  @Length(1, 500)
  id: string;

  @ApiProperty({ example: 'technical_analyst_ab12cd' })
  @IsString()
  @Length(1, 200)
  source: string;

  @ApiProperty({ example: 'portfolio_manager_xy34zw' })
  @IsString()
  @Length(1, 200)
  target: string;
}

export class AgentModelDto {
  @ApiProperty({ example: 'portfolio_manager_xy34zw', description: 'Graph node id the model applies to.' })
  @IsString()
  @Length(1, 200)
  agent_id: string;

  @ApiPropertyOptional({ example: 'gpt-4.1' })
  @IsOptional()
  @IsString()
  @Length(1, 200)
  model_name?: string;

  @ApiPropertyOptional({ enum: MODEL_PROVIDERS, example: 'OpenAI' })
  @IsOptional()
  @IsIn(MODEL_PROVIDERS)
  model_provider?: string;
}

export class PortfolioPositionDto {
  @ApiProperty({ example: 'AAPL' })
  @Transform(normalizeTicker)
  @IsString()
  @Matches(TICKER_PATTERN, { message: '$property must be a ticker symbol (letters, digits, "." or "-")' })
  ticker: string;

  @ApiProperty({ example: 10, description: 'Shares: positive for a long position, negative for a short one.' })
  @IsNumber({ allowNaN: false, allowInfinity: false })
  @NotEquals(0)
  quantity: number;

  @ApiProperty({ example: 187.5, description: 'Average entry price (cost basis), positive.' })
  @IsNumber({ allowNaN: false, allowInfinity: false })
  @IsPositive()
  trade_price: number;
}

/** Fields shared by `POST /hedge-fund/run` and `POST /hedge-fund/backtest` (anchor request base). */
export class HedgeFundRequestBaseDto {
  @ApiProperty({ type: [String], example: ['AAPL', 'MSFT'], description: 'Trimmed, upper-cased; empty items are dropped.' })
  @Transform(normalizeTickers)
  @IsArray()
  @ArrayMinSize(1, { message: 'tickers must contain at least one ticker' })
  @ArrayMaxSize(MAX_TICKERS)
  @IsString({ each: true })
  @Matches(TICKER_PATTERN, { each: true, message: 'each value in $property must be a ticker symbol (letters, digits, "." or "-")' })
  tickers: string[];

  @ApiProperty({ type: [GraphNodeDto] })
  @IsArray()
  @ArrayMaxSize(500)
  @ValidateNested({ each: true })
  @Type(() => GraphNodeDto)
  graph_nodes: GraphNodeDto[];

  @ApiProperty({ type: [GraphEdgeDto] })
  @IsArray()
  @ArrayMaxSize(2000)
  @ValidateNested({ each: true })
  @Type(() => GraphEdgeDto)
  graph_edges: GraphEdgeDto[];

  @ApiPropertyOptional({ type: [AgentModelDto] })
  @IsOptional()
  @IsArray()
  @ValidateNested({ each: true })
  @Type(() => AgentModelDto)
  agent_models?: AgentModelDto[];

  @ApiPropertyOptional({ example: 'gpt-4.1', description: 'Model of every LLM node without an agent_models entry (default LLM_DEFAULT_MODEL).' })
  @IsOptional()
  @IsString()
  @Length(1, 200)
  model_name?: string;

  @ApiPropertyOptional({ enum: MODEL_PROVIDERS, example: 'OpenAI', description: "Provider of model_name, as the anchor names providers." })
  @IsOptional()
  @IsIn(MODEL_PROVIDERS)
  model_provider?: string;

  @ApiPropertyOptional({
    default: false,
    description: 'When true, an LLM node whose model cannot be called (no key, unsupported provider) is a 422 naming the node, instead of deciding by rules.',
  })
  @IsOptional()
  @IsBoolean()
  strict_models?: boolean;

  @ApiPropertyOptional({ example: 0.5, default: 0, description: 'Margin held for shorts as a fraction of the short notional, 0 to 1.' })
  @IsOptional()
  @IsNumber({ allowNaN: false, allowInfinity: false })
  @Min(0)
  @Max(1)
  margin_requirement?: number;

  @ApiPropertyOptional({ type: [PortfolioPositionDto] })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(MAX_TICKERS)
  @ValidateNested({ each: true })
  @Type(() => PortfolioPositionDto)
  portfolio_positions?: PortfolioPositionDto[];

  @ApiPropertyOptional({
    type: Object,
    additionalProperties: { type: 'string' },
    example: { OPENAI_API_KEY: 'sk-…' },
    description: 'Provider API keys for this run only, by key name (OPENAI_API_KEY, ANTHROPIC_API_KEY, …); never stored or logged.',
  })
  @IsOptional()
  @IsObject()
  api_keys?: Record<string, string>;

  @ApiPropertyOptional({ enum: DATA_PROVIDERS, default: 'synthetic' })
  @IsOptional()
  @IsIn(DATA_PROVIDERS)
  data_provider?: DataProviderName;

  @ApiPropertyOptional({ example: 1, description: 'When set, the run is persisted under this flow (404 if the flow does not exist).' })
  @IsOptional()
  @IsInt()
  @Min(1)
  flow_id?: number;
}

export class HedgeFundRunRequestDto extends HedgeFundRequestBaseDto {
  @ApiPropertyOptional({ example: '2024-06-28', description: 'YYYY-MM-DD; defaults to today (UTC).' })
  @IsOptional()
  @IsString()
  @Matches(ISO_DATE_PATTERN, { message: '$property must be a date YYYY-MM-DD' })
  end_date?: string;

  @ApiPropertyOptional({ example: '2024-03-28', description: 'YYYY-MM-DD; defaults to end_date minus 90 days.' })
  @IsOptional()
  @IsString()
  @Matches(ISO_DATE_PATTERN, { message: '$property must be a date YYYY-MM-DD' })
  start_date?: string;

  @ApiPropertyOptional({ example: 100000, default: DEFAULT_CAPITAL })
  @IsOptional()
  @IsNumber({ allowNaN: false, allowInfinity: false })
  @IsPositive()
  @Max(1e12)
  initial_cash?: number;
}

export class HedgeFundBacktestRequestDto extends HedgeFundRequestBaseDto {
  @ApiProperty({ example: '2024-01-02' })
  @IsString()
  @Matches(ISO_DATE_PATTERN, { message: '$property must be a date YYYY-MM-DD' })
  start_date: string;

  @ApiProperty({ example: '2024-12-31' })
  @IsString()
  @Matches(ISO_DATE_PATTERN, { message: '$property must be a date YYYY-MM-DD' })
  end_date: string;

  @ApiPropertyOptional({ example: 100000, default: DEFAULT_CAPITAL })
  @IsOptional()
  @IsNumber({ allowNaN: false, allowInfinity: false })
  @IsPositive()
  @Max(1e12)
  initial_capital?: number;

  @ApiPropertyOptional({
    example: 'SPY',
    description: 'A ticker bought with the starting capital and held, to compare against (beta, alpha, correlation, information ratio). Default none; a ticker the data provider does not know is a 422.',
  })
  @IsOptional()
  @Transform(normalizeTicker)
  @IsString()
  @Matches(TICKER_PATTERN, { message: '$property must be a ticker symbol (letters, digits, "." or "-")' })
  benchmark?: string;
}
