import { createServer } from "node:http";
import { afterAll, describe, expect, it } from "vitest";
import { createApiProxy } from "./api-proxy.mjs";
import { parseApiOrigins } from "./api-routing.mjs";
import { createWebHandler } from "./web-handler.mjs";

const servers = [];
const listen = async (handler) => {
  const server = createServer(handler);
  servers.push(server);
  await new Promise((resolve) => server.listen(0, "127.0.0.1", resolve));
  return `http://127.0.0.1:${server.address().port}`;
};
afterAll(() => {
  for (const server of servers) server.close();
});

/** The web origin over a real API stand-in; `handle` plays Next's part for pages. */
async function startWeb({ publicUrl, handle, trustedHops = 0 }) {
  const api = await listen((_req, res) => {
    res.writeHead(200, { "content-type": "application/json" });
    res.end("{}");
  });
  const proxy = createApiProxy({ origins: parseApiOrigins(api), trustedHops });
  return listen(createWebHandler({ proxy, handle, trustedHops, publicUrl }));
}

const page = (req, res) => {
  res.writeHead(200, { "content-type": "text/html" });
  res.end(`<p>${req.headers["x-forwarded-for"]}</p>`);
};
const failing = () => {
  throw new Error("render failed");
};

describe("the web origin's headers", () => {
  it("sends COOP, CORP and the rest on pages, /api answers and a 500, and HSTS over https", async () => {
    const web = await startWeb({ publicUrl: "https://school.example", handle: page });
    const broken = await startWeb({ publicUrl: "https://school.example", handle: failing });
    const responses = [
      await fetch(`${web}/learn`),
      await fetch(`${web}/api/health`),
      await fetch(`${broken}/learn`),
    ];
    expect(responses.map((r) => r.status)).toEqual([200, 200, 500]);
    for (const response of responses) {
      expect(response.headers.get("cross-origin-opener-policy")).toBe("same-origin");
      expect(response.headers.get("cross-origin-resource-policy")).toBe("same-origin");
      expect(response.headers.get("strict-transport-security")).toBe("max-age=31536000");
      expect(response.headers.get("x-content-type-options")).toBe("nosniff");
      expect(response.headers.get("x-frame-options")).toBe("DENY");
    }
    expect(responses[2]?.headers.get("content-security-policy")).toMatch(/default-src 'none'/);
    expect(await responses[2]?.text()).toBe("Something went wrong on our side.");
  });

  it("sends no HSTS when the public origin is plain http", async () => {
    const web = await startWeb({ publicUrl: "http://localhost:3000", handle: page });
    const response = await fetch(`${web}/learn`);
    expect(response.headers.get("strict-transport-security")).toBeNull();
    expect(response.headers.get("cross-origin-opener-policy")).toBe("same-origin");
  });

  it("gives pages (and so Next's sign-in route) the one client address, not the client's header", async () => {
    const web = await startWeb({ publicUrl: "http://localhost:3000", handle: page });
    const text = await (
      await fetch(`${web}/sign-in/submit`, { headers: { "x-forwarded-for": "203.0.113.77" } })
    ).text();
    expect(text).toBe("<p>127.0.0.1</p>");
    const behind = await startWeb({ publicUrl: "http://localhost:3000", handle: page, trustedHops: 1 });
    const seen = await (
      await fetch(`${behind}/sign-in/submit`, {
        headers: { "x-forwarded-for": "203.0.113.77, 198.51.100.8" },
      })
    ).text();
    expect(seen).toBe("<p>198.51.100.8</p>");
  });
});
