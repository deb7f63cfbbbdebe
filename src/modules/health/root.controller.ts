import { Controller, Get, Inject, MessageEvent, Sse } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import { interval, map, type Observable, take } from 'rxjs';
import { APP_CONFIG, type AppConfig } from '../../config';
import { sseStream } from '../../core/http';
import { WelcomeResponseDto } from './dto/health.dto';

export const PING_FRAMES = 5;
export const PING_INTERVAL_MS = 1_000;

/** The anchor's unprefixed routes: a welcome message and a 5-frame SSE ping. */
@ApiTags('health')
@Controller()
export class RootController {
  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {}

  @Get()
  @ApiOperation({ summary: "The anchor's welcome message" })
  @ApiOkResponse({ type: WelcomeResponseDto })
  welcome(): WelcomeResponseDto {
    return { message: 'Welcome to AI Hedge Fund API' };
  }

  @Sse('ping')
  @ApiOperation({ summary: "The anchor's SSE ping: five data-only frames, one a second, then the stream ends" })
  @ApiProduces('text/event-stream')
  @ApiOkResponse({ description: `${PING_FRAMES} data-only frames {"ping":"ping i/5","timestamp":i}, one a second, then the stream closes.` })
  ping(): Observable<MessageEvent> {
    return sseStream({
      heartbeatMs: this.config.hedgeFund.sseHeartbeatMs,
      frames: () =>
        interval(PING_INTERVAL_MS).pipe(
          take(PING_FRAMES),
          map((i) => ({ data: { ping: `ping ${i + 1}/${PING_FRAMES}`, timestamp: i + 1 } })),
        ),
    });
  }
}
