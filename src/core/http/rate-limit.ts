import { type ExecutionContext, Injectable, SetMetadata } from '@nestjs/common';
import { ThrottlerGuard, type ThrottlerLimitDetail, type ThrottlerModuleOptions, type ThrottlerRequest } from '@nestjs/throttler';
import type { Request, Response } from 'express';
import type { RateLimitConfig } from '../../config';
import { DomainError } from './domain-error';

/** The budgets: `expensive` (runs, backtests, futures, metrics, reports) and `key-writes` (API key writes and tests). */
export type RateLimitBudget = 'expensive' | 'key-writes';

const RATE_LIMIT = Symbol('rateLimit');
const READS = new Set(['GET', 'HEAD', 'OPTIONS']);
const SETTINGS: Record<RateLimitBudget, string> = { expensive: 'RATE_LIMIT_EXPENSIVE', 'key-writes': 'RATE_LIMIT_KEY_WRITES' };

/**
 * Puts a route under a rate-limit budget. On a method it limits that route; on a controller it limits
 * the controller's writes and computations (every method but GET/HEAD), routes added later included.
 * All routes of one budget share one count per client address.
 */
export const RateLimit = (budget: RateLimitBudget): ClassDecorator & MethodDecorator => SetMetadata(RATE_LIMIT, budget);

/** The @nestjs/throttler settings of the budgets, from the validated configuration. */
export function throttlerOptions(config: RateLimitConfig): ThrottlerModuleOptions {
  return {
    throttlers: [
      { name: 'expensive', ttl: config.windowMs, limit: config.expensive },
      { name: 'key-writes', ttl: config.windowMs, limit: config.keyWrites },
    ],
    // One count per budget and client, whichever route of the budget is called.
    generateKey: (_context, tracker, name) => `${name}:${tracker}`,
  };
}

/**
 * @nestjs/throttler applied only where `@RateLimit` says, with 429 problem details and a plain
 * Retry-After header (seconds). Registered as a global guard.
 */
@Injectable()
export class RateLimitGuard extends ThrottlerGuard {
  /** The budget a request falls under: its route's, else its controller's for a write; none for the rest. */
  private budgetOf(context: ExecutionContext): RateLimitBudget | undefined {
    const onMethod = this.reflector.get<RateLimitBudget | undefined>(RATE_LIMIT, context.getHandler());
    if (onMethod !== undefined) return onMethod;
    const onClass = this.reflector.get<RateLimitBudget | undefined>(RATE_LIMIT, context.getClass());
    return onClass !== undefined && !READS.has(context.switchToHttp().getRequest<Request>().method) ? onClass : undefined;
  }

  /** A request under no budget (most of them: every read) skips the throttlers' per-request settings lookups. */
  protected override async shouldSkip(context: ExecutionContext): Promise<boolean> {
    return this.budgetOf(context) === undefined;
  }

  protected override async handleRequest(requestProps: ThrottlerRequest): Promise<boolean> {
    if (this.budgetOf(requestProps.context) !== requestProps.throttler.name) return true;
    return super.handleRequest(requestProps);
  }

  protected override async throwThrottlingException(context: ExecutionContext, detail: ThrottlerLimitDetail): Promise<void> {
    const { req, res } = this.getRequestResponse(context) as { req: Request; res: Response };
    const retryAfter = Math.max(1, Math.ceil(detail.timeToBlockExpire));
    res.setHeader('Retry-After', String(retryAfter));
    const budget = detail.key.split(':')[0] as RateLimitBudget;
    throw new DomainError(
      'RATE_LIMITED',
      `Too many requests: ${req.method} ${req.path} is limited to ${detail.limit} requests per ${Math.round(detail.ttl / 1000)} s per client (${SETTINGS[budget]}); retry in ${retryAfter} s.`,
    );
  }
}
