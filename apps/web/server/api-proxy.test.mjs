import { createServer } from "node:http";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  apiConnectionsPerProcess,
  apiResponseHeaders,
  createApiProxy,
  parseTrustedHops,
} from "./api-proxy.mjs";
import { createOriginPicker, parseApiOrigins } from "./api-routing.mjs";

/** Real sockets on 127.0.0.1: an upstream that echoes what it received, and the proxy in front of it. */
const listen = (server) =>
  new Promise((resolve) => server.listen(0, "127.0.0.1", () => resolve(server.address().port)));

let upstreamPorts = [];
const upstreams = [];
const proxies = [];

async function startProxy(options) {
  const server = createServer(createApiProxy(options));
  proxies.push(server);
  return `http://127.0.0.1:${await listen(server)}`;
}

beforeAll(async () => {
  for (const name of ["a", "b"]) {
    const server = createServer((req, res) => {
      let body = "";
      req.on("data", (chunk) => {
        body += chunk;
      });
      req.on("end", () => {
        res.writeHead(201, { "content-type": "application/json", "set-cookie": ["one=1", "two=2"] });
        res.end(JSON.stringify({ name, method: req.method, url: req.url, headers: req.headers, body }));
      });
    });
    upstreams.push(server);
  }
  upstreamPorts = await Promise.all(upstreams.map(listen));
});
afterAll(() => {
  for (const server of [...upstreams, ...proxies]) server.close();
});

describe("the /api proxy", () => {
  it("streams method, path, body and cookies both ways and adds the security headers", async () => {
    const origin = await startProxy({ origins: parseApiOrigins(`http://127.0.0.1:${upstreamPorts[0]}`) });
    const response = await fetch(`${origin}/api/trpc/attempt.save?batch=1`, {
      method: "POST",
      headers: { "content-type": "application/json", cookie: "session=abc" },
      body: '{"answer":42}',
    });
    expect(response.status).toBe(201);
    expect(response.headers.getSetCookie()).toEqual(["one=1", "two=2"]);
    for (const [name, value] of Object.entries(apiResponseHeaders))
      expect(response.headers.get(name)).toBe(value);
    const seen = await response.json();
    expect(seen).toMatchObject({
      method: "POST",
      url: "/api/trpc/attempt.save?batch=1",
      body: '{"answer":42}',
    });
    expect(seen.headers.cookie).toBe("session=abc");
    expect(seen.headers["x-forwarded-host"]).toBe(new URL(origin).host);
    expect(seen.headers["x-forwarded-proto"]).toBe("http");
  });

  it("sends one client address: the socket's, or the one the trusted proxies saw, never a client's list", async () => {
    const url = `http://127.0.0.1:${upstreamPorts[0]}`;
    const plain = await startProxy({ origins: parseApiOrigins(url) });
    const oneHop = await startProxy({ origins: parseApiOrigins(url), trustedHops: parseTrustedHops("1") });
    const twoHops = await startProxy({ origins: parseApiOrigins(url), trustedHops: 2 });
    const seen = async (origin, forwardedFor) =>
      (await (await fetch(`${origin}/api/health`, { headers: { "x-forwarded-for": forwardedFor } })).json())
        .headers["x-forwarded-for"];
    // A client rotating what it writes changes nothing without a trusted proxy in front.
    expect(await seen(plain, "203.0.113.9")).toBe("127.0.0.1");
    // Behind one load balancer (here: the test, on 127.0.0.1), the address it appended is the client.
    expect(await seen(oneHop, "203.0.113.9, 198.51.100.4")).toBe("198.51.100.4");
    expect(await seen(twoHops, "203.0.113.9, 198.51.100.4, 10.0.0.2")).toBe("198.51.100.4");
    // A trusted proxy that wrote no address counts as the client itself.
    expect(await seen(oneHop, "not-an-address")).toBe("127.0.0.1");
  });

  it("refuses a TRUST_PROXY that is not a number of proxies", () => {
    expect(parseTrustedHops(undefined)).toBe(0);
    expect(parseTrustedHops("2")).toBe(2);
    expect(() => parseTrustedHops("true")).toThrow(/TRUST_PROXY: "true" is not a number of proxies/);
  });

  it("sends each session to one API process, spreads sessions over them, and rotates cookieless requests", async () => {
    const origin = await startProxy({
      origins: parseApiOrigins(upstreamPorts.map((p) => `http://127.0.0.1:${p}`).join(",")),
    });
    const nameFor = async (cookie) =>
      (await (await fetch(`${origin}/api/health`, { headers: cookie ? { cookie } : {} })).json()).name;
    const sessions = Array.from({ length: 40 }, (_, i) => `__Host-groundwork.session=token-${i}.signature`);
    const picked = [];
    for (const cookie of sessions) {
      const names = [];
      for (let i = 0; i < 3; i++) names.push(await nameFor(cookie));
      // A student's requests meet the caches their earlier requests filled.
      expect(new Set(names).size).toBe(1);
      picked.push(names[0]);
    }
    // Both processes take a fair share of 40 sessions (a binomial draw: 12 to 28 is > 99 %).
    const onA = picked.filter((name) => name === "a").length;
    expect(onA).toBeGreaterThanOrEqual(12);
    expect(onA).toBeLessThanOrEqual(28);
    const cookieless = [];
    for (let i = 0; i < 4; i++) cookieless.push(await nameFor(undefined));
    expect(cookieless.slice(0, 2).sort()).toEqual(["a", "b"]);
    expect(cookieless.slice(2)).toEqual(cookieless.slice(0, 2));
  });

  it("sends a request the picked API process refuses to connect to the next one", async () => {
    const closed = createServer();
    const port = await listen(closed);
    await new Promise((resolve) => closed.close(resolve));
    const origin = await startProxy({
      origins: parseApiOrigins(`http://127.0.0.1:${port},http://127.0.0.1:${upstreamPorts[1]}`),
    });
    // Half of these sessions pick the closed process first.
    const pick = createOriginPicker([0, 1]);
    expect(Array.from({ length: 8 }, (_, i) => pick(`session=${i}`))).toContain(0);
    for (let i = 0; i < 8; i++) {
      const response = await fetch(`${origin}/api/trpc/attempt.save`, {
        method: "POST",
        headers: { cookie: `session=${i}` },
        body: `{"answer":${i}}`,
      });
      expect(response.status).toBe(201);
      expect(await response.json()).toMatchObject({ name: "b", body: `{"answer":${i}}` });
    }
  });

  it("keeps at most apiConnectionsPerProcess connections to an API process; more requests wait for one", async () => {
    let open = 0;
    let most = 0;
    const slow = createServer((req, res) => {
      req.resume();
      req.on("end", () => setTimeout(() => res.end("{}"), 100));
    });
    slow.on("connection", (socket) => {
      open++;
      most = Math.max(most, open);
      socket.on("close", () => open--);
    });
    upstreams.push(slow);
    const proxy = createApiProxy({ origins: parseApiOrigins(`http://127.0.0.1:${await listen(slow)}`) });
    let waiting = 0;
    let mostWaiting = 0;
    const front = createServer((req, res) => {
      mostWaiting = Math.max(mostWaiting, ++waiting);
      res.on("close", () => waiting--);
      proxy(req, res);
    });
    proxies.push(front);
    const origin = `http://127.0.0.1:${await listen(front)}`;
    const count = apiConnectionsPerProcess * 2;
    const statuses = await Promise.all(
      Array.from({ length: count }, async (_, i) => {
        const response = await fetch(`${origin}/api/trpc/attempt.start`, {
          method: "POST",
          headers: { cookie: `session=${i}` },
          body: "{}",
        });
        await response.text();
        return response.status;
      }),
    );
    expect(statuses).toEqual(Array.from({ length: count }, () => 200));
    expect(mostWaiting).toBeGreaterThan(apiConnectionsPerProcess);
    expect(most).toBeLessThanOrEqual(apiConnectionsPerProcess);
  });

  it("answers 502 with a clear message when no API answers", async () => {
    const closed = createServer();
    const port = await listen(closed);
    await new Promise((resolve) => closed.close(resolve));
    const origin = await startProxy({ origins: parseApiOrigins(`http://127.0.0.1:${port}`) });
    const response = await fetch(`${origin}/api/health`);
    expect(response.status).toBe(502);
    expect(await response.json()).toEqual({
      error: { message: "The API is not reachable; try again in a moment." },
    });
  });

  it("sends a request again on a fresh connection when the API closed the kept-alive one", async () => {
    // An API that drops the second request on any connection without answering, as a server does
    // when its keep-alive timeout closes a connection the proxy has just picked for reuse.
    const perSocket = new WeakMap();
    let dropped = 0;
    const flaky = createServer((req, res) => {
      const count = (perSocket.get(req.socket) ?? 0) + 1;
      perSocket.set(req.socket, count);
      let body = "";
      req.on("data", (chunk) => {
        body += chunk;
      });
      req.on("end", () => {
        if (count === 2) {
          dropped++;
          req.socket.destroy();
          return;
        }
        res.writeHead(200, { "content-type": "application/json" });
        res.end(JSON.stringify({ body }));
      });
    });
    upstreams.push(flaky);
    const origin = await startProxy({ origins: parseApiOrigins(`http://127.0.0.1:${await listen(flaky)}`) });
    const post = (answer) =>
      fetch(`${origin}/api/trpc/attempt.submit`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ answer }),
      });
    expect(await (await post(1)).json()).toEqual({ body: '{"answer":1}' });
    const second = await post(2);
    expect(second.status).toBe(200);
    expect(await second.json()).toEqual({ body: '{"answer":2}' });
    expect(dropped).toBe(1);
  });

  it("refuses an API_ORIGINS entry that is not an http URL, naming it", () => {
    expect(() => parseApiOrigins("127.0.0.1:3001")).toThrow(/"127.0.0.1:3001" is not a URL/);
    expect(() => parseApiOrigins("https://api.example")).toThrow(/must use http:/);
    expect(() => parseApiOrigins(" , ")).toThrow(/API_ORIGINS is empty/);
  });
});
