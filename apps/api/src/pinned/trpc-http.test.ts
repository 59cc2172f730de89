import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { createTRPCClient, httpBatchLink, httpLink, TRPCClientError } from "@trpc/client";
import { initTRPC, TRPCError } from "@trpc/server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { z } from "zod";
import { createTrpcNodeHandler, sendUnchanged } from "./trpc-http.ts";

interface Ctx {
  user: string | null;
}
const t = initTRPC.context<Ctx>().create();
/** A kept result, as a cache serves it; the test changes it to see which text is sent. */
const book = { title: "Class of 2", due: new Date("2026-01-02T03:04:05.000Z"), rows: [{ score: 0.5 }] };
const bookRouter = t.router({
  kept: t.procedure.query(() => sendUnchanged(book)),
  fresh: t.procedure.query(() => structuredClone(book)),
});
const testRouter = t.router({
  hello: t.procedure.input(z.object({ name: z.string() }).optional()).query(({ input, ctx }) => ({
    greeting: `hello ${input?.name ?? ctx.user ?? "nobody"}`,
  })),
  nothing: t.procedure.query(() => null),
  add: t.procedure
    .input(z.object({ a: z.number(), b: z.number() }))
    .mutation(({ input }) => input.a + input.b),
  secret: t.procedure.query(({ ctx }) => {
    if (!ctx.user) throw new TRPCError({ code: "UNAUTHORIZED", message: "Sign in to continue." });
    return ctx.user;
  }),
  broken: t.procedure.query(() => {
    throw new Error("database on fire");
  }),
  nested: t.router({ deep: t.procedure.query(() => "deep") }),
  book: bookRouter,
  missing: t.procedure.query(() => {
    throw new GoneError("That lesson was withdrawn.");
  }),
});
class GoneError extends Error {}

describe("tRPC over node:http", () => {
  let server: Server;
  let base: string;
  const errors: string[] = [];
  beforeAll(async () => {
    const handler = createTrpcNodeHandler({
      router: testRouter,
      basePath: "/trpc/",
      // A large body only for the "uploader" calling add alone; 1 KiB for everyone else.
      maxBodyBytes: (ctx: Ctx, paths: string[]) =>
        ctx.user === "uploader" && paths.join() === "add" ? 64 * 1024 : 1024,
      maxBatchSize: 3,
      createContext: async (req): Promise<Ctx> => ({ user: req.headers["x-user"]?.toString() ?? null }),
      mapError: (error) =>
        error.cause instanceof GoneError
          ? new TRPCError({ code: "NOT_FOUND", message: error.cause.message, cause: error.cause })
          : error,
      onError: (error, path) => errors.push(`${path ?? "-"} ${error.code}`),
    });
    server = createServer((req, res) => void handler(req, res));
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}/trpc`;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  const clientWith = (link: "single" | "batch", headers: Record<string, string> = {}) =>
    createTRPCClient<typeof testRouter>({
      links: [
        link === "single"
          ? httpLink({ url: base, headers })
          : httpBatchLink({ url: base, headers, maxItems: 3 }),
      ],
    });

  it("answers tRPC's own clients, single and batched", async () => {
    for (const link of ["single", "batch"] as const) {
      const client = clientWith(link, { "x-user": "ada" });
      const [a, b, c, d] = await Promise.all([
        client.hello.query({ name: "Grace" }),
        client.hello.query(),
        client.nothing.query(),
        client.nested.deep.query(),
      ]);
      expect(a).toEqual({ greeting: "hello Grace" });
      expect(b).toEqual({ greeting: "hello ada" });
      expect(c).toBeNull();
      expect(d).toBe("deep");
      expect(await client.add.mutate({ a: 2, b: 3 })).toBe(5);
    }
  });

  it("sends a sendUnchanged result as JSON of it would be, the text written once", async () => {
    const text = async (path: string) => (await fetch(`${base}/${path}`)).text();
    const single = await text("book.kept");
    expect(single).toBe(await text("book.fresh"));
    expect(JSON.parse(single)).toEqual({ result: { data: JSON.parse(JSON.stringify(book)) } });
    const batch = await text("book.kept,book.fresh,hello?batch=1");
    expect(batch).toBe(await text("book.fresh,book.fresh,hello?batch=1"));
    // The producer promised never to change it: a change does not show, as the text is kept.
    book.title = "Changed";
    expect(await text("book.kept")).toBe(single);
    expect(await text("book.fresh")).not.toBe(single);
    const client = clientWith("batch");
    expect((await client.book.kept.query()).title).toBe("Class of 2");
  });

  it("gives each call of a batch its own result or error (207 when they differ)", async () => {
    const response = await fetch(
      `${base}/nothing,secret,hello?batch=1&input=${encodeURIComponent('{"2":{"name":"x"}}')}`,
    );
    expect(response.status).toBe(207);
    const body = (await response.json()) as Array<Record<string, { data?: unknown; message?: string }>>;
    expect(response.headers.get("cache-control")).toBe("no-store");
    expect(body[0]).toEqual({ result: { data: null } });
    expect(body[1]?.error?.message).toBe("Sign in to continue.");
    expect(body[2]).toEqual({ result: { data: { greeting: "hello x" } } });
  });

  it("reports errors through the client with tRPC's codes", async () => {
    const client = clientWith("single");
    const error = await client.secret.query().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TRPCClientError);
    expect((error as TRPCClientError<typeof testRouter>).data?.code).toBe("UNAUTHORIZED");
    expect((error as TRPCClientError<typeof testRouter>).data?.httpStatus).toBe(401);
    const invalid = await client.add.mutate({ a: 1, b: "2" as unknown as number }).catch((e: unknown) => e);
    expect((invalid as TRPCClientError<typeof testRouter>).data?.code).toBe("BAD_REQUEST");
    const internal = await fetch(`${base}/broken`);
    expect(internal.status).toBe(500);
    expect(errors).toContain("broken INTERNAL_SERVER_ERROR");
    expect(await statusOf("missing")).toEqual({ status: 404, message: "That lesson was withdrawn." });
    expect(errors).toContain("missing NOT_FOUND");
  });

  const statusOf = async (path: string, init?: RequestInit) => {
    const response = await fetch(`${base}/${path}`, init);
    const text = await response.text();
    return { status: response.status, message: text ? (JSON.parse(text).error?.message as string) : "" };
  };

  it("refuses a mutation by GET and a query by POST (405)", async () => {
    expect(await statusOf(`add?input=${encodeURIComponent('{"a":1,"b":2}')}`)).toEqual({
      status: 405,
      message: 'Unsupported GET-request to mutation procedure at path "add"',
    });
    const post = await statusOf("nothing", {
      method: "POST",
      headers: { "content-type": "application/json" },
    });
    expect(post.status).toBe(405);
    expect((await statusOf("nothing", { method: "PUT" })).status).toBe(405);
  });

  it("accepts only JSON bodies (415), in any letter case, with parameters", async () => {
    for (const contentType of ["text/plain", "application/x-www-form-urlencoded", "multipart/form-data"]) {
      const { status, message } = await statusOf("add", {
        method: "POST",
        headers: { "content-type": contentType },
        body: '{"a":1,"b":2}',
      });
      expect(status).toBe(415);
      expect(message).toContain(contentType);
    }
    expect((await statusOf("add", { method: "POST", body: new Uint8Array([1]) })).message).toMatch(
      /Missing content-type/,
    );
    const ok = await fetch(`${base}/add`, {
      method: "POST",
      headers: { "content-type": "Application/JSON; charset=utf-8" },
      body: '{"a":1,"b":2}',
    });
    expect(await ok.json()).toEqual({ result: { data: 3 } });
  });

  it("says where JSON is malformed, and what is unknown (400, 404)", async () => {
    const body = await statusOf("add", {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: '{"a":1,',
    });
    expect(body.status).toBe(400);
    expect(body.message).toMatch(/^The request body is not valid JSON: /);
    const query = await statusOf("hello?input=%7Bnope");
    expect(query.status).toBe(400);
    expect(query.message).toMatch(/^The input parameter is not valid JSON/);
    expect(await statusOf("nowhere")).toEqual({
      status: 404,
      message: 'No procedure found on path "nowhere"',
    });
    expect((await statusOf("%E0%A4%A")).status).toBe(400);
    expect((await statusOf("nothing,hello?batch=1&input=3")).message).toMatch(/needs to be an object/);
  });

  it("limits batches, and does not mix queries with mutations", async () => {
    const tooMany = await statusOf("nothing,nothing,nothing,nothing?batch=1");
    expect(tooMany).toEqual({
      status: 400,
      message: "A batch may call at most 3 procedures; this one calls 4.",
    });
    const mixed = await statusOf("nothing,add?batch=1");
    expect(mixed).toEqual({ status: 400, message: "A batch cannot mix queries and mutations." });
    // Keys that are not call indexes are ignored, not looked up on Object.prototype.
    const proto = await fetch(
      `${base}/hello?batch=1&input=${encodeURIComponent('{"__proto__":{"name":"x"}}')}`,
    );
    expect(await proto.json()).toEqual([{ result: { data: { greeting: "hello nobody" } } }]);
  });

  it("refuses a body over the limit with 413 without reading it into memory, then keeps serving", async () => {
    const declared = await statusOf("add", {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ a: 1, b: 2, pad: "x".repeat(5000) }),
    });
    expect(declared.status).toBe(413);
    expect(declared.message).toMatch(/larger than/);
    // Streamed without a length: refused once the limit is passed.
    const chunks = new ReadableStream<Uint8Array>({
      start(controller) {
        for (let i = 0; i < 10; i++) controller.enqueue(new TextEncoder().encode(" ".repeat(500)));
        controller.close();
      },
    });
    const streamed = await fetch(`${base}/add`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: chunks,
      duplex: "half",
    } as RequestInit);
    expect(streamed.status).toBe(413);
    expect(await clientWith("single").add.mutate({ a: 40, b: 2 })).toBe(42);
  });

  it("knows the caller before it reads a body, and reads only as much as that caller may send", async () => {
    const body = JSON.stringify({ a: 1, b: 2, pad: "x".repeat(5000) });
    const post = (user?: string, path = "add") =>
      fetch(`${base}/${path}`, {
        method: "POST",
        headers: { "content-type": "application/json", ...(user ? { "x-user": user } : {}) },
        body,
      });
    expect((await post()).status).toBe(413);
    expect((await post("someone")).status).toBe(413);
    const uploader = await post("uploader");
    expect(uploader.status).toBe(200);
    expect(await uploader.json()).toEqual({ result: { data: 3 } });
    // The same caller batching the procedure with another gets the ordinary limit.
    const batched = await fetch(`${base}/add,add?batch=1`, {
      method: "POST",
      headers: { "content-type": "application/json", "x-user": "uploader" },
      body: JSON.stringify({ 0: { a: 1, b: 2, pad: "x".repeat(5000) }, 1: { a: 1, b: 1 } }),
    });
    expect(batched.status).toBe(413);
    expect(await batched.text()).toMatch(/larger than the 1 KiB limit/);
  });

  it("answers HEAD with no body", async () => {
    const response = await fetch(`${base}/nothing`, { method: "HEAD" });
    expect(response.status).toBe(204);
  });
});
