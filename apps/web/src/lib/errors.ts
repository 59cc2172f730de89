import { TRPCClientError } from "@trpc/client";

/** The message to show a user for a failed call: the API's own words (it never sends internals). */
export function messageOf(error: unknown): string {
  if (error instanceof TRPCClientError) return error.message;
  if (error instanceof Error && error.message) return error.message;
  return "Something went wrong; try again.";
}

export function codeOf(error: unknown): string | undefined {
  if (error instanceof TRPCClientError) return (error.data as { code?: string } | undefined)?.code;
  return undefined;
}
