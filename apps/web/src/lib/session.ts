import "server-only";
import { TRPCClientError } from "@trpc/client";
import { notFound, redirect } from "next/navigation";
import { cache } from "react";
import { createServerApi } from "./trpc/server";
import type { Role, Viewer } from "./types";

export type { Role, Viewer } from "./types";

/** The signed-in user for this request (one API call per request, however many components ask). */
export const getViewer = cache(async (): Promise<Viewer | null> => {
  const api = await createServerApi();
  return api.account.me.query();
});

/** Sends a visitor who is not signed in to the sign-in page; returns the viewer otherwise. */
export async function requireViewer(next: string): Promise<Viewer> {
  const viewer = await getViewer();
  if (!viewer) redirect(`/sign-in?next=${encodeURIComponent(next)}`);
  return viewer;
}

export function hasRole(viewer: Viewer, ...roles: Role[]): boolean {
  return roles.includes(viewer.role) || viewer.role === "admin";
}

/**
 * Runs an API call for a server component: a missing or forbidden record is a 404 page, an expired session
 * goes back to sign-in; anything else reaches the error page, which never shows a stack trace.
 */
export async function load<T>(call: () => Promise<T>, next = "/"): Promise<T> {
  try {
    return await call();
  } catch (error) {
    if (error instanceof TRPCClientError) {
      const code = (error.data as { code?: string } | undefined)?.code;
      // Someone else's record reads as missing: the page says "nothing here, or not yours to see".
      if (code === "NOT_FOUND" || code === "FORBIDDEN") notFound();
      if (code === "UNAUTHORIZED") redirect(`/sign-in?next=${encodeURIComponent(next)}`);
    }
    throw error;
  }
}
