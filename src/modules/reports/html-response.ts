import type { Response } from 'express';
import type { Tearsheet } from './tearsheet/tearsheet.types';

/**
 * Sends a tearsheet as `text/html` with its own Content-Security-Policy (hashes of its inline style and
 * script), replacing any app-wide policy: the page loads nothing else, runs nothing else, and may not
 * be framed.
 */
export function sendTearsheet(response: Response, tearsheet: Tearsheet): void {
  response
    .status(200)
    .set({
      'Content-Type': 'text/html; charset=utf-8',
      'Content-Security-Policy': tearsheet.contentSecurityPolicy,
      'X-Content-Type-Options': 'nosniff',
      'Referrer-Policy': 'no-referrer',
      'Cache-Control': 'no-store',
    })
    .send(tearsheet.html);
}
