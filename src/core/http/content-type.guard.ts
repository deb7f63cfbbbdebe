import { type CanActivate, type ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { DECORATORS } from '@nestjs/swagger';
import type { Request } from 'express';
import { hasBody, mediaTypeOf } from './body-parsing';
import { DomainError } from './domain-error';

const JSON_ONLY: readonly string[] = ['application/json'];

/**
 * A body is accepted only in a media type its route documents: `@ApiConsumes(...)` where a route takes
 * something else (CSV, multipart uploads), application/json everywhere else. Form-encoded and text/plain
 * bodies, the ones a cross-site HTML form can send without a CORS preflight, are a 415 on JSON routes.
 * Registered as a global guard, so routes added later follow it.
 */
@Injectable()
export class ContentTypeGuard implements CanActivate {
  constructor(private readonly reflector: Reflector) {}

  canActivate(context: ExecutionContext): boolean {
    if (context.getType() !== 'http') return true;
    const request = context.switchToHttp().getRequest<Request>();
    if (!hasBody(request)) return true;
    const accepted = this.reflector.getAllAndOverride<string[] | undefined>(DECORATORS.API_CONSUMES, [context.getHandler(), context.getClass()]) ?? JSON_ONLY;
    const type = mediaTypeOf(request);
    if (accepted.map((t) => t.toLowerCase()).includes(type)) return true;
    const got = type === '' ? 'a body without a Content-Type' : `Content-Type ${type}`;
    throw new DomainError('UNSUPPORTED_MEDIA_TYPE', `${request.method} ${request.path} takes ${accepted.join(', ')}; got ${got}.`);
  }
}
