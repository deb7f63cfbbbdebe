/** How a failure of the database maps onto HTTP; null when the error is not the database's. */
export type DatabaseFailure = 'unavailable' | 'invalid-value' | 'conflict';

const NETWORK_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'EHOSTUNREACH', 'ENETUNREACH', 'ENOTFOUND', 'EAI_AGAIN', 'ECONNABORTED']);
const UNAVAILABLE_MESSAGES = [
  /^Connection terminated/,
  /^timeout exceeded when trying to connect/,
  /^Query read timeout/,
  /^timeout expired$/,
  /^Client was closed and is not queryable/,
  /is not queryable/,
  /^Connection is not established/,
  /^Cannot use a pool after calling end/,
];
/** SQLSTATEs of an unreachable, restarting, overloaded or timed-out server. */
const UNAVAILABLE_STATES = /^(08...|57P0[1-5]|53300|57014|40P01)$/;

interface ErrorLike {
  readonly message?: unknown;
  readonly code?: unknown;
  readonly driverError?: unknown;
  readonly cause?: unknown;
  readonly name?: unknown;
}

/** The error and what it wraps: TypeORM's `driverError`, then `cause`s (a fetch failure's cause is not the database's, so network codes count only before the first `cause`). */
function chain(error: unknown): { link: ErrorLike; viaCause: boolean }[] {
  const out: { link: ErrorLike; viaCause: boolean }[] = [];
  let current: unknown = error;
  let viaCause = false;
  while (current !== null && typeof current === 'object' && out.length < 5) {
    out.push({ link: current as ErrorLike, viaCause });
    const { driverError, cause } = current as ErrorLike;
    if (driverError !== undefined) current = driverError;
    else {
      viaCause = true;
      current = cause;
    }
  }
  return out;
}

/**
 * Classifies an error from TypeORM or node-postgres: the server unreachable, restarting, overloaded or
 * past a timeout → `unavailable` (503, retry later); a value PostgreSQL refused (SQLSTATE class 22:
 * invalid text, out of range) → `invalid-value` (422); a unique violation → `conflict` (409).
 */
export function classifyDatabaseError(error: unknown): DatabaseFailure | null {
  for (const { link, viaCause } of chain(error)) {
    const code = typeof link.code === 'string' ? link.code : '';
    const message = typeof link.message === 'string' ? link.message : '';
    if ((NETWORK_CODES.has(code) && !viaCause) || UNAVAILABLE_STATES.test(code) || UNAVAILABLE_MESSAGES.some((pattern) => pattern.test(message))) return 'unavailable';
    if (link.name === 'CannotExecuteNotConnectedError' || link.name === 'ConnectionIsNotSetError') return 'unavailable';
    if (/^22...$/.test(code)) return 'invalid-value';
    if (code === '23505') return 'conflict';
  }
  return null;
}
