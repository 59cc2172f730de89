import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { testProviders } from "../test/databases.ts";
import { startHttp } from "../test/http.ts";
import { createWorld, type World } from "../test/world.ts";
import { demoPassword } from "./seed/demo.ts";
import { bodyLimits } from "./server.ts";

describe.each(testProviders())("request bodies before authentication, on %s", (provider) => {
  let world: World;
  let http: Awaited<ReturnType<typeof startHttp>>;
  const cookies: Record<string, string> = {};
  beforeAll(async () => {
    world = await createWorld(provider);
    http = await startHttp(world);
    for (const role of ["student", "author"] as const) {
      const { cookie } = await http.signIn(world.users[role].email, demoPassword, `203.0.113.${role.length}`);
      cookies[role] = cookie ?? "";
    }
  }, 120_000);
  afterAll(async () => {
    await http.close();
    await world.drop();
  });

  const post = (path: string, body: string, cookie?: string) =>
    fetch(`${http.base}/api/trpc/${path}`, {
      method: "POST",
      headers: { "content-type": "application/json", ...(cookie ? { cookie } : {}) },
      body,
    });
  const padded = (bytes: number) => JSON.stringify({ zipBase64: "A".repeat(bytes) });

  it("gives an anonymous caller a small limit, whatever the procedure", async () => {
    const response = await post("authoring.upload", padded(1024 * 1024));
    expect(response.status).toBe(413);
    expect(await response.text()).toMatch(
      new RegExp(`larger than the ${bodyLimits.anonymous / 1024} KiB limit`),
    );
    // A small anonymous body is read and answered as before.
    expect((await post("authoring.upload", padded(100))).status).toBe(401);
  });

  it("keeps the large limit for an author's upload: a student's large body is refused unread", async () => {
    const large = padded(2 * 1024 * 1024);
    expect((await post("authoring.upload", large, cookies.student)).status).toBe(413);
    expect((await post("attempt.save", large, cookies.student)).status).toBe(413);
    expect((await post("authoring.decide", large, cookies.author)).status).toBe(413);
    // The author's upload is read and built (and refused as a zip, not as a size).
    const upload = await post("authoring.upload", large, cookies.author);
    expect(upload.status).toBe(400);
    expect(await upload.text()).toMatch(/not a readable zip/);
  });

  it("bounds /api/auth bodies: a declared length over the limit, or none, is refused", async () => {
    const signIn = (body: string | ReadableStream<Uint8Array>, extra: RequestInit = {}) =>
      fetch(`${http.base}/api/auth/sign-in/email`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body,
        ...extra,
      });
    const huge = JSON.stringify({ email: world.users.student.email, password: "x".repeat(1024 * 1024) });
    const refused = await signIn(huge);
    expect(refused.status).toBe(413);
    expect(await refused.text()).toMatch(/limit for sign-in/);
    const stream = new ReadableStream<Uint8Array>({
      start(controller) {
        controller.enqueue(new TextEncoder().encode(JSON.stringify({ email: "a@b.test", password: "p" })));
        controller.close();
      },
    });
    expect((await signIn(stream, { duplex: "half" } as RequestInit)).status).toBe(411);
    const ok = await signIn(JSON.stringify({ email: world.users.student.email, password: demoPassword }));
    expect(ok.status).toBe(200);
  });
});
