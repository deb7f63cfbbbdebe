import { ApiProperty } from '@nestjs/swagger';
import { FUTURES_PROGRESS_AGENT } from '../futures-sse-events';
import { FuturesReportResponseDto, FuturesSessionResponseDto, FuturesTradeResponseDto } from './futures-response.dto';

// OpenAPI schemas of the `POST /futures/backtest` SSE payloads (each is the JSON on the `data:` line of its event;
// `error` is the shared ErrorEventDto).

export class FuturesStartEventDto {
  @ApiProperty({ enum: ['start'] })
  type: 'start';

  @ApiProperty({ example: 'MES' })
  symbol: string;

  @ApiProperty({ example: '2024-01-02' })
  start_date: string;

  @ApiProperty({ example: '2024-01-31' })
  end_date: string;

  @ApiProperty({ example: 21, description: 'Trading sessions in the range.' })
  sessions: number;

  @ApiProperty({ type: Number, nullable: true, description: 'The persisted flow run, when the request named a flow_id.' })
  run_id: number | null;

  @ApiProperty({ example: 'synthetic', description: 'The market-data provider the bars came from.' })
  data_source: string;
}

export class FuturesProgressEventDto {
  @ApiProperty({ enum: ['progress'] })
  type: 'progress';

  @ApiProperty({ enum: [FUTURES_PROGRESS_AGENT] })
  agent: string;

  @ApiProperty({ example: 'MES' })
  ticker: string;

  @ApiProperty({ example: 'Completed 2024-01-02 (1/21) - Balance: $50,000.00' })
  status: string;

  @ApiProperty({ example: '2024-05-01T12:00:00.000Z' })
  timestamp: string;

  @ApiProperty({ description: 'The session row as a JSON string (anchor-style progress line).' })
  analysis: string;

  @ApiProperty({ example: 1, description: 'This session, 1-based.' })
  index: number;

  @ApiProperty({ example: 21 })
  total: number;

  @ApiProperty({ type: FuturesSessionResponseDto })
  session: FuturesSessionResponseDto;
}

export class FuturesTradeEventDto {
  @ApiProperty({ enum: ['trade'] })
  type: 'trade';

  @ApiProperty({ type: FuturesTradeResponseDto })
  trade: FuturesTradeResponseDto;

  @ApiProperty({ example: '2024-05-01T12:00:00.000Z' })
  timestamp: string;
}

export class FuturesCompleteEventDto {
  @ApiProperty({ enum: ['complete'] })
  type: 'complete';

  @ApiProperty({ type: FuturesReportResponseDto, description: 'The report, as `POST /futures/backtest/report` answers it.' })
  data: FuturesReportResponseDto;
}
