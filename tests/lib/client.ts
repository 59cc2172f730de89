import http from "node:http";

export { someResponse as answerFor } from "@groundwork/api/testing";

/**
 * Keep-alive connections per origin, shared by every simulated student: the load generator runs on
 * the same 2 cores as the servers, and plain node:http costs it several times less CPU per request
 * than fetch, so it takes its fair share and no more. An idle connection is dropped after 4 s, before
 * the server's 5 s keep-alive timeout, so a request is never sent on a socket the server is closing.
 */
const agents = new Map<string, http.Agent>();
const agentFor = (origin: string) => {
  let agent = agents.get(origin);
  if (!agent) {
    agent = new http.Agent({ keepAlive: true, maxSockets: 512, timeout: 4000 });
    agents.set(origin, agent);
  }
  return agent;
};

interface Reply {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: string;
}

function send(
  base: string,
  method: "GET" | "POST",
  path: string,
  headers: Record<string, string>,
  body?: string,
): Promise<Reply> {
  const url = new URL(path, base);
  return new Promise((resolve, reject) => {
    const request = http.request(
      {
        host: url.hostname,
        port: url.port,
        path: `${url.pathname}${url.search}`,
        method,
        agent: agentFor(url.origin),
        headers: body === undefined ? headers : { ...headers, "content-length": Buffer.byteLength(body) },
      },
      (response) => {
        const chunks: Buffer[] = [];
        response.on("data", (chunk: Buffer) => chunks.push(chunk));
        response.on("end", () =>
          resolve({
            status: response.statusCode ?? 0,
            headers: response.headers,
            body: Buffer.concat(chunks).toString("utf8"),
          }),
        );
        response.on("error", reject);
      },
    );
    request.on("error", reject);
    request.end(body);
  });
}

/** A minimal HTTP client for the API as a browser uses it: session cookie, tRPC over JSON. */
export class ApiClient {
  cookie = "";
  constructor(
    readonly base: string,
    readonly ip = "127.0.0.1",
  ) {}

  async signIn(email: string, password: string): Promise<void> {
    const response = await send(
      this.base,
      "POST",
      "/api/auth/sign-in/email",
      { "content-type": "application/json", "x-forwarded-for": this.ip },
      JSON.stringify({ email, password }),
    );
    if (response.status !== 200) throw new Error(`sign-in ${email}: ${response.status} ${response.body}`);
    const cookie = (response.headers["set-cookie"] ?? []).find((c) =>
      c.startsWith("__Host-groundwork.session="),
    );
    if (!cookie) throw new Error(`sign-in ${email}: no session cookie`);
    this.cookie = cookie.split(";")[0] ?? "";
  }

  async query<T>(path: string, input?: unknown): Promise<T> {
    const qs = input === undefined ? "" : `?input=${encodeURIComponent(JSON.stringify(input))}`;
    const response = await send(this.base, "GET", `/api/trpc/${path}${qs}`, { cookie: this.cookie });
    return this.unwrap<T>(path, response);
  }

  async mutate<T>(path: string, input: unknown): Promise<T> {
    const response = await send(
      this.base,
      "POST",
      `/api/trpc/${path}`,
      { cookie: this.cookie, "content-type": "application/json" },
      JSON.stringify(input),
    );
    return this.unwrap<T>(path, response);
  }

  private unwrap<T>(path: string, response: Reply): T {
    let body: { result?: { data: T }; error?: { message: string } } = {};
    try {
      body = JSON.parse(response.body);
    } catch {
      // not JSON (a proxy's error page): reported with the status below
    }
    if (response.status < 200 || response.status >= 300 || !body.result) {
      throw Object.assign(new Error(`${path}: ${response.status} ${body.error?.message ?? ""}`), {
        status: response.status,
      });
    }
    return body.result.data;
  }
}

export function percentile(values: number[], p: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? Number.NaN;
}
