import { ApiProperty, getSchemaPath } from '@nestjs/swagger';
import { BacktestCompleteDataDto } from './backtest-result.dto';

// OpenAPI schemas of the run/backtest SSE payloads (each is the JSON on the `data:` line of its event).

export class StartEventDto {
  @ApiProperty({ enum: ['start'] })
  type: 'start';

  @ApiProperty({ type: String, nullable: true, example: '2024-05-01T12:00:00.000Z' })
  timestamp: string | null;

  @ApiProperty({ required: false, example: 12, description: 'The persisted flow run, when the request named a flow_id.' })
  run_id?: number;
}

export class ProgressEventDto {
  @ApiProperty({ enum: ['progress'] })
  type: 'progress';

  @ApiProperty({ example: 'technical_analyst_ab12cd', description: 'Graph node id, `risk_management_agent_<suffix>`, or `backtest` for per-day lines.' })
  agent: string;

  @ApiProperty({ type: String, nullable: true, example: 'AAPL' })
  ticker: string | null;

  @ApiProperty({ example: 'Done', description: 'Every agent ends with "Done". Backtest: "Processing D (i/N)", "Completed D - Portfolio: $X".' })
  status: string;

  @ApiProperty({ type: String, nullable: true })
  timestamp: string | null;

  @ApiProperty({ type: String, nullable: true, description: 'JSON string: the agent analysis, or the backtest day result.' })
  analysis: string | null;
}

export class ErrorEventDto {
  @ApiProperty({ enum: ['error'] })
  type: 'error';

  @ApiProperty({ example: 'No price data for ZZZZ between 2024-01-02 and 2024-03-01' })
  message: string;

  @ApiProperty({ type: String, nullable: true })
  timestamp: string | null;
}

export class CompleteEventDto {
  @ApiProperty({ enum: ['complete'] })
  type: 'complete';

  @ApiProperty({
    oneOf: [
      {
        type: 'object',
        additionalProperties: true,
        description:
          'Run: {decisions: {TICKER: {action, quantity, confidence, reasoning}}, analyst_signals: {node_id: {TICKER: …}}, current_prices, ' +
          'llm_usage {calls, cached, prompt_tokens, completion_tokens}}.',
      },
      { $ref: getSchemaPath(BacktestCompleteDataDto) },
    ],
    description: 'Run: decisions, analyst_signals, current_prices, llm_usage. Backtest: BacktestCompleteDataDto (with llm_usage).',
  })
  data: Record<string, unknown>;
}
