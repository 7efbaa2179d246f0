// The command line's two kinds of failure and their exit codes: 2 for a command used wrongly
// (unknown option, missing argument, a value of the wrong shape), 1 for everything else.

export const EXIT_OK = 0;
export const EXIT_ERROR = 1;
export const EXIT_USAGE = 2;

/** Something went wrong: the server said no, could not be reached, or a file is bad. */
export class CliError extends Error {
  readonly exitCode: number = EXIT_ERROR;
  constructor(
    message: string,
    /** the REST API's or the key manager's error code, when there was one */
    readonly code?: string,
  ) {
    super(message);
    this.name = "CliError";
  }
}

/** The command was used wrongly. */
export class UsageError extends CliError {
  override readonly exitCode = EXIT_USAGE;
  constructor(message: string) {
    super(message, "usage");
    this.name = "UsageError";
  }
}
