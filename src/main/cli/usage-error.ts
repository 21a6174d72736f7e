/** Bad command-line usage: exit code 2, with the command's usage line. */
export class UsageError extends Error {
  override name = 'UsageError';
}
