import { Controller, Get, HttpCode, Res } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiServiceUnavailableResponse, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { HealthResponseDto, LivenessResponseDto, PongResponseDto } from './dto/health.dto';
import { HealthService } from './health.service';

@ApiTags('health')
@Controller('health')
export class HealthController {
  constructor(private readonly health: HealthService) {}

  @Get()
  @ApiOperation({ summary: 'Readiness (the same answer as /health/ready)' })
  @ApiOkResponse({ type: HealthResponseDto, description: 'Serving, database reachable.' })
  @ApiServiceUnavailableResponse({ type: HealthResponseDto, description: 'The database does not answer within HEALTH_READY_TIMEOUT_MS.' })
  check(@Res({ passthrough: true }) response: Response): Promise<HealthResponseDto> {
    return this.ready(response);
  }

  @Get('ready')
  @ApiOperation({ summary: 'Readiness: can this instance take traffic? (the database answers within HEALTH_READY_TIMEOUT_MS)' })
  @ApiOkResponse({ type: HealthResponseDto, description: 'Serving, database reachable.' })
  @ApiServiceUnavailableResponse({ type: HealthResponseDto, description: 'The database does not answer within HEALTH_READY_TIMEOUT_MS.' })
  async ready(@Res({ passthrough: true }) response: Response): Promise<HealthResponseDto> {
    const result = await this.health.ready();
    response.status(result.status === 'ok' ? 200 : 503);
    return result;
  }

  @Get('live')
  @HttpCode(200)
  @ApiOperation({ summary: 'Liveness: the process serves HTTP (no dependency is asked; use it to restart a hung process, not a busy one)' })
  @ApiOkResponse({ type: LivenessResponseDto })
  live(): LivenessResponseDto {
    return this.health.live();
  }

  @Get('ping')
  @ApiOperation({ summary: 'A plain answer from the HTTP layer: {"message": "pong"}' })
  @HttpCode(200)
  @ApiOkResponse({ type: PongResponseDto })
  ping(): PongResponseDto {
    return { message: 'pong' };
  }
}
