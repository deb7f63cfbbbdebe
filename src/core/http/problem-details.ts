import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

export const PROBLEM_CONTENT_TYPE = 'application/problem+json';

export class ProblemFieldErrorDto {
  @ApiProperty({ example: 'name', description: 'Dotted path of the offending field (or row) in the request.' })
  field: string;

  @ApiProperty({ example: 'name must be shorter than or equal to 200 characters' })
  message: string;
}

/** RFC 9457 problem details, the one error body of this API. */
export class ProblemDetailsDto {
  @ApiProperty({ example: 'urn:problem:validation-error' })
  type: string;

  @ApiProperty({ example: 'Unprocessable Content' })
  title: string;

  @ApiProperty({ example: 422 })
  status: number;

  @ApiProperty({ example: 'name must be shorter than or equal to 200 characters', description: 'Always a readable sentence.' })
  detail: string;

  @ApiPropertyOptional({ example: '/flows/' })
  instance?: string;

  @ApiPropertyOptional({ type: [ProblemFieldErrorDto] })
  errors?: ProblemFieldErrorDto[];

  @ApiPropertyOptional({ description: 'Correlates the response with the server logs.' })
  request_id?: string;
}

export interface ProblemInit {
  status: number;
  detail: string;
  type?: string;
  title?: string;
  errors?: ProblemFieldErrorDto[];
  /** Sent as the Retry-After header (seconds), e.g. on a 503 while the database is away. */
  retryAfterSeconds?: number;
}

const TITLES: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  405: 'Method Not Allowed',
  409: 'Conflict',
  413: 'Content Too Large',
  415: 'Unsupported Media Type',
  421: 'Misdirected Request',
  422: 'Unprocessable Content',
  429: 'Too Many Requests',
  500: 'Internal Server Error',
  502: 'Bad Gateway',
  503: 'Service Unavailable',
  504: 'Gateway Timeout',
};

const TYPES: Record<number, string> = {
  400: 'urn:problem:bad-request',
  401: 'urn:problem:unauthorized',
  403: 'urn:problem:forbidden',
  404: 'urn:problem:not-found',
  405: 'urn:problem:method-not-allowed',
  409: 'urn:problem:conflict',
  413: 'urn:problem:payload-too-large',
  415: 'urn:problem:unsupported-media-type',
  421: 'urn:problem:misdirected-request',
  422: 'urn:problem:validation-error',
  429: 'urn:problem:rate-limited',
  500: 'urn:problem:internal-error',
  502: 'urn:problem:bad-gateway',
  503: 'urn:problem:service-unavailable',
  504: 'urn:problem:gateway-timeout',
};

export function titleFor(status: number): string {
  return TITLES[status] ?? (status >= 500 ? 'Server Error' : 'Client Error');
}

export function buildProblem(init: ProblemInit, instance?: string, requestId?: string): ProblemDetailsDto {
  const problem: ProblemDetailsDto = {
    type: init.type ?? TYPES[init.status] ?? 'about:blank',
    title: init.title ?? titleFor(init.status),
    status: init.status,
    detail: init.detail,
  };
  if (instance !== undefined) problem.instance = instance;
  if (init.errors !== undefined && init.errors.length > 0) problem.errors = init.errors;
  if (requestId !== undefined) problem.request_id = requestId;
  return problem;
}
