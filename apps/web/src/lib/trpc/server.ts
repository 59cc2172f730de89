import "server-only";
import type { AppRouter } from "@groundwork/api";
import { createTRPCClient, httpLink } from "@trpc/client";
import { headers } from "next/headers";
import { pickApiOrigin } from "../api-origin";

/** A tRPC client for server components: calls the API directly, passing the visitor's cookies on. */
export async function createServerApi() {
  const incoming = await headers();
  const cookie = incoming.get("cookie");
  return createTRPCClient<AppRouter>({
    links: [
      httpLink({
        url: `${pickApiOrigin(cookie)}/api/trpc`,
        headers: () => (cookie ? { cookie } : {}),
      }),
    ],
  });
}
