import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startHttp } from "../test/http.ts";
import { createWorld, type World } from "../test/world.ts";
import { appRouter } from "./router.ts";
import { demoPassword } from "./seed/demo.ts";

const procedures = Object.entries(
  (appRouter._def as unknown as { procedures: Record<string, { _def: { type: string } }> }).procedures,
);

/** Hostile request bodies (as JSON text): prototype keys, deep nesting, huge strings, wrong types. */
const hostile = fc.oneof(
  fc.constant('{"__proto__": {"polluted": true}, "constructor": {"prototype": {"polluted": true}}}'),
  fc.constant('{"attemptId": {"__proto__": 1}, "courseId": ["x"]}'),
  fc.constant(JSON.stringify({ courseId: "x".repeat(200_000), name: "y".repeat(200_000) })),
  fc.constant(`${"[".repeat(5000)}${"]".repeat(5000)}`),
  fc.constant(`${'{"a":'.repeat(3000)}1${"}".repeat(3000)}`),
  fc.constant(
    JSON.stringify({ attemptId: "a", attemptQuestionId: "b", response: { a: [1, 2] }, expectedRevision: -1 }),
  ),
  fc.constant("{not json"),
  fc.anything({ maxDepth: 4 }).map((value) => JSON.stringify(value) ?? "null"),
  fc.string({ maxLength: 300 }).map((text) => JSON.stringify(text)),
);

describe("hostile input over HTTP", () => {
  let world: World;
  let http: Awaited<ReturnType<typeof startHttp>>;
  let cookies: string[];
  beforeAll(async () => {
    world = await createWorld("sqlite");
    http = await startHttp(world);
    cookies = [];
    for (const role of ["student", "instructor", "author", "admin"] as const) {
      const { cookie } = await http.signIn(
        world.users[role].email,
        demoPassword,
        `203.0.113.${cookies.length + 20}`,
      );
      cookies.push(cookie ?? "");
    }
  }, 120_000);
  afterAll(async () => {
    await http.close();
    await world.drop();
  });

  it("answers every procedure's malformed input with a 4xx and a message, never a 5xx", async () => {
    const before = await world.database.db.read.attemptResponse.count();
    const failures: string[] = [];
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...procedures),
        hostile,
        fc.constantFrom(...cookies),
        async ([path, proc], body, cookie) => {
          const isQuery = proc._def.type === "query";
          const response = isQuery
            ? await fetch(`${http.base}/api/trpc/${path}?input=${encodeURIComponent(body).slice(0, 6000)}`, {
                headers: { cookie },
              })
            : await fetch(`${http.base}/api/trpc/${path}`, {
                method: "POST",
                headers: { cookie, "content-type": "application/json" },
                body,
              });
          const text = await response.text();
          if (response.status >= 500)
            failures.push(`${path} <- ${body.slice(0, 60)}: ${response.status} ${text.slice(0, 200)}`);
          if (response.status >= 400 && !/"message":"[^"]+/.test(text)) failures.push(`${path}: no message`);
          expect(text).not.toMatch(/at \w+ \(|node_modules/); // never a stack trace
        },
      ),
      { numRuns: 300, seed: 20261125 },
    );
    expect(failures).toEqual([]);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(await world.database.db.read.attemptResponse.count()).toBe(before);
    expect((await fetch(`${http.base}/api/health`)).status).toBe(200);
  });

  it("refuses a body over the size limit with 413 and keeps serving", async () => {
    const response = await fetch(`${http.base}/api/trpc/authoring.upload`, {
      method: "POST",
      headers: { cookie: cookies[2] ?? "", "content-type": "application/json" },
      body: JSON.stringify({ zipBase64: "A".repeat(45 * 1024 * 1024) }),
    });
    expect(response.status).toBe(413);
    expect((await fetch(`${http.base}/api/health`)).status).toBe(200);
  });
});
