/**
 * The three kinds of failure Winnow reports. Library code throws them; only
 * the CLI's entry point turns them into messages and exit codes.
 */

/** The call was wrong: a missing flag, an unknown choice, a bad value. */
export class UsageError extends Error {
  override name = 'UsageError';
}

/** Where in an input a problem was found. Lines and columns are 1-based. */
export interface DataLocation {
  file?: string;
  line?: number;
  column?: string | number;
}

/**
 * The data was wrong: a missing file or column, an unparsable value, an
 * empty table. The message says what was expected and what to do.
 */
export class DataError extends Error {
  override name = 'DataError';
  constructor(
    message: string,
    readonly where: DataLocation = {},
  ) {
    super(DataError.compose(message, where));
  }

  private static compose(message: string, where: DataLocation): string {
    const parts: string[] = [];
    if (where.file) parts.push(where.file);
    if (where.line !== undefined) parts.push(`line ${where.line}`);
    if (where.column !== undefined) parts.push(`column ${where.column}`);
    return parts.length ? `${parts.join(', ')}: ${message}` : message;
  }
}

/** Winnow itself went wrong: an invariant broke. Worth a bug report. */
export class InternalError extends Error {
  override name = 'InternalError';
}

/** Throws an InternalError when `condition` is false. */
export function invariant(
  condition: unknown,
  message: () => string,
): asserts condition {
  if (!condition) throw new InternalError(message());
}
