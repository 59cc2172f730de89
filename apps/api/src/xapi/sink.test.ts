import { mkdtemp, readFile } from "node:fs/promises";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { buildCompletedStatement, type XapiStatement } from "@groundwork/quiz-engine";
import { afterEach, describe, expect, it } from "vitest";
import { createXapiSink, type XapiLogEvent, xapiConfigFromEnv } from "./sink.ts";

/** A small LRS on 127.0.0.1 whose behaviour per request is scripted by the test. */
interface Lrs {
  url: string;
  stored: Map<string, XapiStatement>;
  requests: { count: number; headers: IncomingMessage["headers"][] };
  close(): Promise<void>;
}

type Behaviour = (n: number, statements: XapiStatement[], res: ServerResponse) => "store" | "handled";

async function startLrs(behaviour: Behaviour): Promise<Lrs> {
  const stored = new Map<string, XapiStatement>();
  const requests = { count: 0, headers: [] as IncomingMessage["headers"][] };
  const server: Server = createServer((req, res) => {
    let body = "";
    req.on("data", (c) => {
      body += c;
    });
    req.on("end", () => {
      const n = requests.count++;
      requests.headers.push(req.headers);
      if (req.method !== "POST" || req.url !== "/xapi/statements") {
        res.writeHead(404).end();
        return;
      }
      const statements = JSON.parse(body) as XapiStatement[];
      if (behaviour(n, statements, res) === "store") {
        for (const s of statements) stored.set(s.id, s);
        res
          .writeHead(200, { "Content-Type": "application/json" })
          .end(JSON.stringify(statements.map((s) => s.id)));
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/xapi`,
    stored,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

const course = { activityBase: "https://groundwork.example/xapi", id: "c1", title: "Course" };
function statements(count: number, from = 0, name = "Ada"): XapiStatement[] {
  return Array.from({ length: count }, (_, i) =>
    buildCompletedStatement({
      actor: { name, mbox: `mailto:student${from + i}@example.org` },
      course,
      attemptId: `attempt-${from + i}`,
      assessmentId: "quiz",
      assessmentTitle: "Quiz",
      score: 0.5,
      passed: false,
      durationMs: 1000,
      timestamp: new Date("2026-01-01T00:00:00Z"),
    }),
  );
}

let cleanup: (() => Promise<unknown>)[] = [];
afterEach(async () => {
  for (const c of cleanup.reverse()) await c();
  cleanup = [];
});

describe("xAPI sink", () => {
  it("is a no-op when not configured", async () => {
    expect(xapiConfigFromEnv({})).toBeNull();
    const sink = createXapiSink(null);
    sink.enqueue(statements(3));
    expect(await sink.flush()).toEqual({ pending: 0 });
    expect(await sink.close()).toEqual({ pending: 0 });
  });

  it("loses nothing when the LRS fails, times out and throttles; drops only what it refuses, with a reason", async () => {
    const lrs = await startLrs((n, batch, res) => {
      if (batch.some((s) => s.actor.name === "Mallory")) {
        res.writeHead(400).end("actor Mallory is banned");
        return "handled";
      }
      if (n % 5 === 1) {
        res.writeHead(503).end("down");
        return "handled";
      }
      if (n % 5 === 2) {
        res.writeHead(429, { "Retry-After": "0" }).end();
        return "handled";
      }
      if (n === 3) return "handled"; // never answers: the sender's timeout must fire
      if (n % 7 === 4) {
        res.destroy(); // connection reset
        return "handled";
      }
      return "store";
    });
    cleanup.push(lrs.close);
    const logs: XapiLogEvent[] = [];
    const sink = createXapiSink({
      endpoint: lrs.url,
      username: "key",
      password: "secret",
      batchSize: 7,
      requestTimeoutMs: 300,
      baseBackoffMs: 5,
      maxBackoffMs: 40,
      log: (e) => logs.push(e),
    });
    cleanup.push(() => sink.close());
    const good = statements(60);
    const bad = statements(1, 1000, "Mallory");
    const started = Date.now();
    // Enqueue never waits for the network, even while the LRS hangs.
    for (let i = 0; i < 60; i += 6) {
      const t = Date.now();
      sink.enqueue(good.slice(i, i + 6));
      if (i === 12) sink.enqueue(bad);
      expect(Date.now() - t).toBeLessThan(50);
    }
    expect((await sink.flush(15_000)).pending).toBe(0);
    expect(Date.now() - started).toBeLessThan(15_000);
    expect([...lrs.stored.keys()].sort()).toEqual(good.map((s) => s.id).sort());
    expect(logs.filter((l) => l.message.includes("refused"))).toEqual([
      expect.objectContaining({
        level: "error",
        statementIds: [bad[0]?.id],
        message: expect.stringContaining("banned"),
      }),
    ]);
    expect(logs.some((l) => l.message.includes("timeout"))).toBe(true);
    expect(logs.some((l) => l.message.includes("HTTP 503"))).toBe(true);
    expect(logs.some((l) => l.message.includes("HTTP 429"))).toBe(true);
    const headers = lrs.requests.headers[0];
    expect(headers?.["x-experience-api-version"]).toBe("1.0.3");
    expect(headers?.authorization).toBe(`Basic ${Buffer.from("key:secret").toString("base64")}`);
    expect(headers?.["content-type"]).toBe("application/json");
    // It stops by itself: nothing pending, no request after the queue emptied.
    const count = lrs.requests.count;
    await new Promise((r) => setTimeout(r, 100));
    expect(lrs.requests.count).toBe(count);
  }, 30_000);

  it("keeps statements in the outbox file across a restart while the LRS is down", async () => {
    let isDown = true;
    const lrs = await startLrs((_n, _batch, res) => {
      if (isDown) {
        res.writeHead(502).end();
        return "handled";
      }
      return "store";
    });
    cleanup.push(lrs.close);
    const outboxFile = join(await mkdtemp(join(tmpdir(), "gw-xapi-")), "outbox", "statements.jsonl");
    const config = {
      endpoint: lrs.url,
      username: "u",
      password: "p",
      outboxFile,
      baseBackoffMs: 5,
      maxBackoffMs: 20,
      log: () => {},
    };
    const first = createXapiSink(config);
    const sent = statements(25);
    first.enqueue(sent);
    expect((await first.flush(200)).pending).toBe(25);
    expect((await first.close()).pending).toBe(25);
    const late = statements(2, 100);
    first.enqueue(late); // after close: journaled for the next start
    expect((await readFile(outboxFile, "utf8")).trim().split("\n")).toHaveLength(27);

    isDown = false;
    const second = createXapiSink(config);
    cleanup.push(() => second.close());
    expect(second.pending).toBe(27);
    expect((await second.flush(5000)).pending).toBe(0);
    expect([...lrs.stored.keys()].sort()).toEqual([...sent, ...late].map((s) => s.id).sort());
    expect(await readFile(outboxFile, "utf8")).toBe("");
  }, 30_000);

  it("drops statements that break the xAPI rules before sending, with a reason", async () => {
    const logs: XapiLogEvent[] = [];
    const calls: unknown[] = [];
    const sink = createXapiSink({
      endpoint: "http://127.0.0.1:9/xapi",
      username: "u",
      password: "p",
      fetch: async (...args) => {
        calls.push(args);
        return new Response("[]", { status: 200 });
      },
      log: (e) => logs.push(e),
    });
    cleanup.push(() => sink.close());
    const [statement] = statements(1);
    sink.enqueue([{ ...(statement as XapiStatement), actor: { mbox: "not-an-email" } }]);
    expect(sink.pending).toBe(0);
    expect(logs[0]?.message).toMatch(/invalid statement dropped: actor.mbox/);
    sink.enqueue(statements(2));
    expect((await sink.flush(1000)).pending).toBe(0);
    expect(calls).toHaveLength(1);
  });

  it("reads its configuration from LRS_* variables", () => {
    expect(
      xapiConfigFromEnv({
        LRS_ENDPOINT: "https://lrs.example.org/xapi",
        LRS_USERNAME: "k",
        LRS_PASSWORD: "s",
        LRS_OUTBOX_FILE: "/tmp/o.jsonl",
      }),
    ).toEqual({
      endpoint: "https://lrs.example.org/xapi",
      username: "k",
      password: "s",
      outboxFile: "/tmp/o.jsonl",
    });
  });
});
