import { Body, Controller, Delete, Get, Header, HttpCode, Param, Patch, type PipeTransform, Post, Put, Query, Res } from '@nestjs/common';
import {
  ApiBadGatewayResponse,
  ApiBody,
  ApiCreatedResponse,
  ApiGatewayTimeoutResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiParam,
  ApiServiceUnavailableResponse,
  ApiTags,
  ApiUnprocessableEntityResponse,
} from '@nestjs/swagger';
import type { Response } from 'express';
import { ProblemDetailsDto, RateLimit, ValidationError } from '../../core/http';
import { ApiKeysService } from './api-keys.service';
import {
  ApiKeyMessageDto,
  ApiKeyResponseDto,
  ApiKeySummaryDto,
  ApiKeyTestResultDto,
  BulkCreateApiKeysDto,
  CreateApiKeyDto,
  ListApiKeysQueryDto,
  TestApiKeyDto,
  UpdateApiKeyDto,
} from './dto/api-key.dto';
import { PROVIDER_NAME_PATTERN, PROVIDER_NAME_RULE } from './providers';

/** Rejects a malformed provider in the path with a 422 naming the field. */
class ProviderNamePipe implements PipeTransform<string, string> {
  transform(value: string): string {
    if (!PROVIDER_NAME_PATTERN.test(value)) throw ValidationError.field('provider', `${PROVIDER_NAME_RULE}.`);
    return value;
  }
}

const PROVIDER_PARAM = { name: 'provider', example: 'OPENAI_API_KEY' };

@ApiTags('api-keys')
@ApiUnprocessableEntityResponse({ type: ProblemDetailsDto, description: 'Invalid body, query or provider name.' })
@RateLimit('key-writes')
@Controller('api-keys')
export class ApiKeysController {
  constructor(private readonly apiKeys: ApiKeysService) {}

  @Post()
  @ApiOperation({ summary: "Store a provider's key (201), or replace the stored one (200)" })
  @ApiCreatedResponse({ type: ApiKeySummaryDto, description: 'Stored a new key (the answer never carries the secret).' })
  @ApiOkResponse({ type: ApiKeySummaryDto, description: 'Replaced the stored key of this provider.' })
  async upsert(@Body() body: CreateApiKeyDto, @Res({ passthrough: true }) response: Response): Promise<ApiKeySummaryDto> {
    const { key, created } = await this.apiKeys.upsert(body);
    response.status(created ? 201 : 200);
    return key;
  }

  @Get()
  @ApiOperation({ summary: 'List the stored keys without their secrets (include_inactive for the deactivated ones)' })
  @ApiOkResponse({ type: [ApiKeySummaryDto], description: 'Ordered by provider; never the secrets.' })
  list(@Query() query: ListApiKeysQueryDto): Promise<ApiKeySummaryDto[]> {
    return this.apiKeys.list(query.include_inactive ?? false);
  }

  @Post('bulk')
  @ApiOperation({ summary: 'Store several keys at once, all or none' })
  @HttpCode(200)
  @ApiOkResponse({ type: [ApiKeySummaryDto], description: 'All stored, in request order, or none (one transaction).' })
  bulk(@Body() body: BulkCreateApiKeysDto): Promise<ApiKeySummaryDto[]> {
    return this.apiKeys.bulkUpsert(body.api_keys);
  }

  @Post('test')
  @ApiOperation({ summary: "Check a key against its provider (the given key, else the stored one, else the environment's)" })
  @HttpCode(200)
  @ApiBody({ type: TestApiKeyDto })
  @ApiOkResponse({ type: ApiKeyTestResultDto, description: 'The provider answered: `valid` says whether it accepted the key.' })
  @ApiNotFoundResponse({ type: ProblemDetailsDto, description: 'No key given, none stored, no environment variable.' })
  @ApiBadGatewayResponse({ type: ProblemDetailsDto, description: 'The provider could not be reached or answered an error.' })
  @ApiGatewayTimeoutResponse({ type: ProblemDetailsDto, description: 'The provider did not answer in time (API_KEY_TEST_TIMEOUT_MS).' })
  test(@Body() body: TestApiKeyDto): Promise<ApiKeyTestResultDto> {
    return this.apiKeys.test(body.provider, body.key_value);
  }

  @Get(':provider')
  @ApiOperation({ summary: 'The active key of a provider, with its plaintext' })
  @Header('Cache-Control', 'no-store')
  @ApiParam(PROVIDER_PARAM)
  @ApiOkResponse({ type: ApiKeyResponseDto, description: 'The active key with its plaintext.' })
  @ApiNotFoundResponse({ type: ProblemDetailsDto, description: 'No active key for this provider.' })
  @ApiServiceUnavailableResponse({ type: ProblemDetailsDto, description: 'The stored key does not decrypt with the configured secrets key.' })
  get(@Param('provider', ProviderNamePipe) provider: string): Promise<ApiKeyResponseDto> {
    return this.apiKeys.getActive(provider);
  }

  @Put(':provider')
  @ApiOperation({ summary: "Update a provider's key, description or active flag" })
  @ApiParam(PROVIDER_PARAM)
  @ApiOkResponse({ type: ApiKeySummaryDto })
  @ApiNotFoundResponse({ type: ProblemDetailsDto })
  update(@Param('provider', ProviderNamePipe) provider: string, @Body() body: UpdateApiKeyDto): Promise<ApiKeySummaryDto> {
    return this.apiKeys.update(provider, body);
  }

  @Delete(':provider')
  @ApiOperation({ summary: "Delete a provider's key" })
  @ApiParam(PROVIDER_PARAM)
  @ApiOkResponse({ type: ApiKeyMessageDto })
  @ApiNotFoundResponse({ type: ProblemDetailsDto })
  async remove(@Param('provider', ProviderNamePipe) provider: string): Promise<ApiKeyMessageDto> {
    await this.apiKeys.remove(provider);
    return { message: 'API key deleted successfully' };
  }

  @Patch(':provider/deactivate')
  @ApiOperation({ summary: "Deactivate a provider's key (kept, no longer used)" })
  @ApiParam(PROVIDER_PARAM)
  @ApiOkResponse({ type: ApiKeySummaryDto })
  @ApiNotFoundResponse({ type: ProblemDetailsDto })
  deactivate(@Param('provider', ProviderNamePipe) provider: string): Promise<ApiKeySummaryDto> {
    return this.apiKeys.deactivate(provider);
  }

  @Patch(':provider/last-used')
  @ApiOperation({ summary: "Stamp the time a provider's key was last used" })
  @ApiParam(PROVIDER_PARAM)
  @ApiOkResponse({ type: ApiKeyMessageDto })
  @ApiNotFoundResponse({ type: ProblemDetailsDto, description: 'No active key for this provider.' })
  async touch(@Param('provider', ProviderNamePipe) provider: string): Promise<ApiKeyMessageDto> {
    await this.apiKeys.touchLastUsed(provider);
    return { message: 'Last used timestamp updated' };
  }
}
