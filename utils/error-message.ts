/** The message of a thrown value or rejected call (the reader service's messages are meant for the user). */
export function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
