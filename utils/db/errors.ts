/**
 * Errors the reader service surfaces. Their messages are shown to the user as they are, so they say what happened
 * and what it means; the class names survive messaging (as Error.name) so the UI can tell them apart.
 */

export type DbUnavailableReason = 'unavailable' | 'quota';

/** The database cannot be used at all, or cannot take more data. Nothing of the failed call was written. */
export class DbUnavailableError extends Error {
  readonly reason: DbUnavailableReason;

  constructor(reason: DbUnavailableReason, cause?: unknown) {
    super(DB_UNAVAILABLE_MESSAGES[reason], { cause });
    this.name = 'DbUnavailableError';
    this.reason = reason;
  }
}

const DB_UNAVAILABLE_MESSAGES: Record<DbUnavailableReason, string> = {
  unavailable:
    'Kexue Reader cannot open its database (IndexedDB is unavailable, e.g. in a private window or when site data ' +
    'is blocked). Reading marks are not saved; nothing was changed.',
  quota:
    'Kexue Reader cannot save: the browser has no storage space left for it. Free some disk space or clear old ' +
    'data; nothing of this change was saved.',
};

/** A call with arguments the service cannot accept (a bug in the caller or a damaged import). */
export class InvalidInputError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'InvalidInputError';
  }
}

const UNAVAILABLE_NAMES = new Set([
  'MissingAPIError',
  'OpenFailedError',
  'DatabaseClosedError',
  'InvalidStateError',
  'SecurityError',
  'UnknownError',
  'VersionError',
]);

/** Walks Dexie's wrappers (AbortError → inner, BulkError → failures, OpenFailedError → inner) for the root names. */
function errorNames(error: unknown, depth = 0): string[] {
  if (!error || typeof error !== 'object' || depth > 5) return [];
  const e = error as { name?: unknown; inner?: unknown; cause?: unknown; failures?: unknown };
  const names = typeof e.name === 'string' ? [e.name] : [];
  const nested = [e.inner, e.cause, ...(Array.isArray(e.failures) ? e.failures : [])];
  return names.concat(nested.flatMap((n) => errorNames(n, depth + 1)));
}

/** Turns whatever the database threw into an Error whose message is meant for the user. */
export function toUserError(error: unknown, context?: string): Error {
  if (error instanceof DbUnavailableError || error instanceof InvalidInputError) return error;
  const names = errorNames(error);
  if (names.includes('QuotaExceededError')) return new DbUnavailableError('quota', error);
  if (names.some((name) => UNAVAILABLE_NAMES.has(name))) return new DbUnavailableError('unavailable', error);
  const detail = error instanceof Error ? error.message : String(error);
  const wrapped = new Error(`${context ?? 'The reading database failed'}; nothing was changed. (${detail})`, {
    cause: error,
  });
  wrapped.name = 'DbError';
  return wrapped;
}
