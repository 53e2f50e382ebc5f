// What a command may touch of the outside world: tests pass their own.
export interface CliIo {
  stdout(line: string): void;
  stderr(line: string): void;
  /** Reads a file, or standard input for `-`. Defaults to the file system. */
  readFile?(path: string): Promise<Uint8Array>;
}

/** Thrown for a wrong command line: printed as one line with the usage hint. */
export class UsageError extends Error {
  override readonly name = 'UsageError';
}
