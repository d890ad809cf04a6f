/**
 * The one error type the commands throw on purpose: something the user must fix (an argument, a file).
 * The top level prints its message and exits 2; anything else that escapes is an internal error.
 */
export class UsageError extends Error {
  override readonly name = "UsageError";
}
