export { someResponse as answerFor } from "@groundwork/api/testing";

/** A minimal HTTP client for the API as a browser uses it: session cookie, tRPC over JSON. */
export class ApiClient {
  cookie = "";
  constructor(
    readonly base: string,
    readonly ip = "127.0.0.1",
  ) {}

  async signIn(email: string, password: string): Promise<void> {
    const response = await fetch(`${this.base}/api/auth/sign-in/email`, {
      method: "POST",
      headers: { "content-type": "application/json", "x-forwarded-for": this.ip },
      body: JSON.stringify({ email, password }),
    });
    if (!response.ok) throw new Error(`sign-in ${email}: ${response.status} ${await response.text()}`);
    const cookie = response.headers.getSetCookie().find((c) => c.startsWith("__Host-groundwork.session="));
    if (!cookie) throw new Error(`sign-in ${email}: no session cookie`);
    this.cookie = cookie.split(";")[0] ?? "";
  }

  async query<T>(path: string, input?: unknown): Promise<T> {
    const qs = input === undefined ? "" : `?input=${encodeURIComponent(JSON.stringify(input))}`;
    const response = await fetch(`${this.base}/api/trpc/${path}${qs}`, { headers: { cookie: this.cookie } });
    return this.unwrap<T>(path, response);
  }

  async mutate<T>(path: string, input: unknown): Promise<T> {
    const response = await fetch(`${this.base}/api/trpc/${path}`, {
      method: "POST",
      headers: { cookie: this.cookie, "content-type": "application/json" },
      body: JSON.stringify(input),
    });
    return this.unwrap<T>(path, response);
  }

  private async unwrap<T>(path: string, response: Response): Promise<T> {
    const body = (await response.json()) as { result?: { data: T }; error?: { message: string } };
    if (!response.ok || !body.result) {
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
