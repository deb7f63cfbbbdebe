import { Body, Controller, Delete, Get, HttpCode, Inject, type MessageEvent, Param, Post, RequestMethod, Sse } from '@nestjs/common';
import { ApiBadRequestResponse, ApiConflictResponse, ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import { map, type Observable } from 'rxjs';
import { APP_CONFIG, type AppConfig } from '../../config';
import { ProblemDetailsDto, sseStream } from '../../core/http';
import { DownloadProgressDto, InstalledModelDto, ModelEntryDto, ModelNameDto, OllamaStatusDto, SuccessMessageDto } from './dto/ollama.dto';
import { OllamaService } from './ollama.service';
import { RECOMMENDED_OLLAMA_MODELS } from './recommended-models';

const DOWNLOAD_STREAM_DESCRIPTION =
  'SSE of data-only frames (`data: {status, percentage, message, phase, bytes_downloaded, total_bytes}`), the last one with ' +
  'status `completed`, `error` or `cancelled`. Disconnecting does not stop the download: poll the progress route or cancel it.';

@ApiTags('ollama')
@Controller('ollama')
export class OllamaController {
  constructor(
    private readonly ollama: OllamaService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  @Get('status')
  @ApiOperation({ summary: 'Whether Ollama is installed and running, and where' })
  @ApiOkResponse({ type: OllamaStatusDto })
  status(): Promise<OllamaStatusDto> {
    return this.ollama.status();
  }

  @Post('start')
  @HttpCode(200)
  @ApiOperation({ summary: 'Start `ollama serve` (only when an ollama binary is on PATH)' })
  @ApiOkResponse({ type: SuccessMessageDto })
  @ApiBadRequestResponse({ type: ProblemDetailsDto, description: 'Ollama is not installed.' })
  start(): Promise<SuccessMessageDto> {
    return this.ollama.start();
  }

  @Post('stop')
  @HttpCode(200)
  @ApiOperation({ summary: 'Stop the Ollama server this backend started (never a server started elsewhere)' })
  @ApiOkResponse({ type: SuccessMessageDto })
  @ApiConflictResponse({ type: ProblemDetailsDto, description: 'The running server was not started by this backend.' })
  stop(): Promise<SuccessMessageDto> {
    return this.ollama.stop();
  }

  @Get('models')
  @ApiOperation({ summary: 'Models installed on the Ollama server' })
  @ApiOkResponse({ type: [InstalledModelDto] })
  listModels(): Promise<InstalledModelDto[]> {
    return this.ollama.listModels();
  }

  @Get('models/recommended')
  @ApiOperation({ summary: 'Models recommended for the agents, to download' })
  @ApiOkResponse({ type: [ModelEntryDto] })
  recommended(): ModelEntryDto[] {
    return [...RECOMMENDED_OLLAMA_MODELS];
  }

  @Get('models/downloads/active')
  @ApiOperation({ summary: 'Downloads that are starting or in progress, by model name' })
  @ApiOkResponse({ description: 'Map of model name → progress for downloads that are starting or downloading.' })
  activeDownloads(): Record<string, DownloadProgressDto> {
    return this.ollama.activeDownloads();
  }

  @Post('models/download')
  @HttpCode(200)
  @ApiOperation({ summary: 'Download a model and answer when it is done (prefer the streaming routes)' })
  @ApiOkResponse({ type: SuccessMessageDto })
  @ApiBadRequestResponse({ type: ProblemDetailsDto, description: 'Ollama is not installed or not running.' })
  async download(@Body() body: ModelNameDto): Promise<SuccessMessageDto> {
    return this.ollama.download(body.model_name);
  }

  @Sse('models/download/progress', { method: RequestMethod.POST })
  @HttpCode(200)
  @ApiProduces('text/event-stream')
  @ApiOperation({ summary: 'Download a model, streaming its progress (the anchor SPA route)', description: DOWNLOAD_STREAM_DESCRIPTION })
  @ApiBadRequestResponse({ type: ProblemDetailsDto, description: 'Ollama is not installed or not running (before any frame).' })
  async downloadWithProgress(@Body() body: ModelNameDto): Promise<Observable<MessageEvent>> {
    return this.stream(body.model_name);
  }

  @Sse('models/pull', { method: RequestMethod.POST })
  @HttpCode(200)
  @ApiProduces('text/event-stream')
  @ApiOperation({ summary: 'Download a model, streaming its progress', description: DOWNLOAD_STREAM_DESCRIPTION })
  @ApiBadRequestResponse({ type: ProblemDetailsDto, description: 'Ollama is not installed or not running (before any frame).' })
  async pull(@Body() body: ModelNameDto): Promise<Observable<MessageEvent>> {
    return this.stream(body.model_name);
  }

  @Get('models/download/progress/:name')
  @ApiOperation({ summary: "Progress of one model's download (the anchor SPA route)" })
  @ApiOkResponse({ type: DownloadProgressDto })
  @ApiNotFoundResponse({ type: ProblemDetailsDto })
  progress(@Param('name') name: string): DownloadProgressDto {
    return this.ollama.getProgress(name);
  }

  @Get('models/:name/download-progress')
  @ApiOperation({ summary: "Progress of one model's download" })
  @ApiOkResponse({ type: DownloadProgressDto })
  @ApiNotFoundResponse({ type: ProblemDetailsDto })
  progressOf(@Param('name') name: string): DownloadProgressDto {
    return this.ollama.getProgress(name);
  }

  @Delete('models/download/:name')
  @ApiOperation({ summary: "Cancel a model's download (the anchor SPA route)" })
  @ApiOkResponse({ type: SuccessMessageDto })
  @ApiNotFoundResponse({ type: ProblemDetailsDto })
  cancel(@Param('name') name: string): SuccessMessageDto {
    return this.ollama.cancelDownload(name);
  }

  @Delete('models/:name/download')
  @ApiOperation({ summary: "Cancel a model's download" })
  @ApiOkResponse({ type: SuccessMessageDto })
  @ApiNotFoundResponse({ type: ProblemDetailsDto })
  cancelDownload(@Param('name') name: string): SuccessMessageDto {
    return this.ollama.cancelDownload(name);
  }

  @Get('models/:name')
  @ApiOperation({ summary: "A model's details (Ollama /api/show)" })
  @ApiOkResponse({ description: 'Modelfile, parameters, template and details as Ollama reports them.' })
  @ApiNotFoundResponse({ type: ProblemDetailsDto })
  show(@Param('name') name: string): Promise<Record<string, unknown>> {
    return this.ollama.showModel(name);
  }

  @Delete('models/:name')
  @ApiOperation({ summary: 'Delete an installed model from the Ollama server' })
  @ApiOkResponse({ type: SuccessMessageDto })
  @ApiNotFoundResponse({ type: ProblemDetailsDto })
  delete(@Param('name') name: string): Promise<SuccessMessageDto> {
    return this.ollama.deleteModel(name);
  }

  private async stream(name: string): Promise<Observable<MessageEvent>> {
    const download = await this.ollama.startDownload(name);
    // The pull goes on when the client leaves (the SPA polls the active downloads), so the signal is not used.
    return sseStream({ heartbeatMs: this.config.hedgeFund.sseHeartbeatMs, frames: () => this.ollama.progress$(download).pipe(map((progress) => ({ data: progress }))) });
  }
}
