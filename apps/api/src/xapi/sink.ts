import { randomUUID } from "node:crypto";
import { appendFileSync, existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname } from "node:path";
import { validateStatement, type XapiStatement } from "@groundwork/quiz-engine";
import { z } from "zod";

/**
 * Sends xAPI statements to a learning record store without ever making a student wait: `enqueue`
 * returns at once, a background loop posts batches to `${endpoint}/statements`, and failures are
 * retried with exponential backoff. Nothing is dropped on a 5xx, a 429, a timeout or a network
 * error; a 4xx other than 429 drops the statement with a logged reason (a batch that gets one is
 * first split, so one bad statement never takes good ones with it). With `outboxFile`, every
 * statement is journaled before `enqueue` returns and survives a restart until the LRS accepts it.
 */

export interface XapiSinkConfig {
  /** The LRS's xAPI base, e.g. "https://lrs.example.org/xapi" (statements go to `/statements`). */
  endpoint: string;
  username: string;
  password: string;
  /** Append-only journal (JSON lines); without it the queue lives in memory only. */
  outboxFile?: string;
  /** Statements per POST (default 50). */
  batchSize?: number;
  /** A request slower than this counts as failed and is retried (default 10 s). */
  requestTimeoutMs?: number;
  /** Backoff after the first failure, doubled per failure up to `maxBackoffMs` (defaults 1 s, 5 min). */
  baseBackoffMs?: number;
  maxBackoffMs?: number;
  /** Injectable for tests. */
  fetch?: typeof fetch;
  now?: () => number;
  log?: (event: XapiLogEvent) => void;
}

export interface XapiLogEvent {
  level: "info" | "warn" | "error";
  message: string;
  statementIds?: string[];
}

export interface XapiSink {
  /** Queues statements and returns at once; invalid statements are dropped with a logged reason. */
  enqueue(statements: readonly XapiStatement[]): void;
  /** Sends what can be sent; resolves when the queue is empty or `timeoutMs` (default 10 s) has passed. */
  flush(timeoutMs?: number): Promise<{ pending: number }>;
  /** Stops the loop after the request in flight; unsent statements stay in the outbox file. */
  close(): Promise<{ pending: number }>;
  /** Statements not yet accepted by the LRS. */
  readonly pending: number;
}

/** The environment variables of the LRS, to be read in the API's env.ts. */
export const XapiEnvSchema = z.object({
  LRS_ENDPOINT: z.url().optional(),
  LRS_USERNAME: z.string().optional(),
  LRS_PASSWORD: z.string().optional(),
  LRS_OUTBOX_FILE: z.string().min(1).optional(),
});

/**
 * The sink's configuration from the environment, or null (xAPI off) when `LRS_ENDPOINT` is unset.
 *
 * @example
 * const sink = createXapiSink(xapiConfigFromEnv(process.env));
 */
export function xapiConfigFromEnv(source: Record<string, string | undefined>): XapiSinkConfig | null {
  const env = XapiEnvSchema.parse(source);
  if (!env.LRS_ENDPOINT) return null;
  return {
    endpoint: env.LRS_ENDPOINT,
    username: env.LRS_USERNAME ?? "",
    password: env.LRS_PASSWORD ?? "",
    ...(env.LRS_OUTBOX_FILE ? { outboxFile: env.LRS_OUTBOX_FILE } : {}),
  };
}

const noopSink: XapiSink = {
  enqueue() {},
  flush: async () => ({ pending: 0 }),
  close: async () => ({ pending: 0 }),
  pending: 0,
};

/**
 * A sink that posts to the configured LRS, or a no-op when `config` is null (xAPI off by default).
 *
 * @example
 * const xapi = createXapiSink(config);
 * xapi.enqueue([buildAnsweredStatement(input)]); // never awaits the network
 * await xapi.close(); // on shutdown
 */
export function createXapiSink(config: XapiSinkConfig | null): XapiSink {
  return config ? new XapiOutbox(config) : noopSink;
}

interface Entry {
  statement: XapiStatement;
  failures: number;
  notBefore: number;
  /** Sent alone after its batch got a 4xx, to find which statement the LRS refuses. */
  isSolo: boolean;
}

type Outcome =
  | { kind: "accepted" }
  | { kind: "refused"; reason: string }
  | { kind: "retry"; reason: string; retryAfterMs?: number };

class XapiOutbox implements XapiSink {
  private readonly queue: Entry[] = [];
  private timer: ReturnType<typeof setTimeout> | null = null;
  private timerDue = Number.POSITIVE_INFINITY;
  private running: Promise<void> | null = null;
  private isClosed = false;
  private waiters: (() => void)[] = [];
  private readonly fetch: typeof fetch;
  private readonly now: () => number;
  private readonly log: (event: XapiLogEvent) => void;
  private readonly url: string;
  private readonly authorization: string;

  constructor(private readonly config: XapiSinkConfig) {
    this.fetch = config.fetch ?? globalThis.fetch;
    this.now = config.now ?? Date.now;
    this.log =
      config.log ??
      ((e) => (e.level === "info" ? undefined : console.warn(`xapi: ${e.message}`, e.statementIds ?? "")));
    this.url = `${config.endpoint.replace(/\/+$/, "")}/statements`;
    this.authorization = `Basic ${Buffer.from(`${config.username}:${config.password}`).toString("base64")}`;
    this.restore();
  }

  get pending(): number {
    return this.queue.length;
  }

  enqueue(statements: readonly XapiStatement[]): void {
    if (this.isClosed && !this.config.outboxFile) {
      this.log({
        level: "error",
        message: "enqueue after close without an outbox file: statements not queued",
        statementIds: statements.map((s) => s.id),
      });
      return;
    }
    const accepted: XapiStatement[] = [];
    for (const original of statements) {
      const statement = original.id ? original : { ...original, id: randomUUID() };
      const issues = validateStatement(statement);
      if (issues.length > 0) {
        this.log({
          level: "error",
          message: `invalid statement dropped: ${issues.join("; ")}`,
          statementIds: [statement.id],
        });
        continue;
      }
      accepted.push(statement);
    }
    if (accepted.length === 0) return;
    this.journal(accepted.map((statement) => ({ add: statement })));
    if (this.isClosed) return; // journaled: the next start sends them
    const now = this.now();
    for (const statement of accepted)
      this.queue.push({ statement, failures: 0, notBefore: now, isSolo: false });
    this.schedule(0);
  }

  async flush(timeoutMs = 10_000): Promise<{ pending: number }> {
    if (this.queue.length > 0 && !this.isClosed) {
      this.schedule(0);
      await new Promise<void>((resolve) => {
        const timer = setTimeout(done, timeoutMs);
        timer.unref?.();
        const waiter = () => done();
        function done() {
          clearTimeout(timer);
          resolve();
        }
        this.waiters.push(waiter);
      });
    }
    return { pending: this.queue.length };
  }

  async close(): Promise<{ pending: number }> {
    this.isClosed = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    await this.running;
    if (this.queue.length > 0) {
      this.log({
        level: "warn",
        message: this.config.outboxFile
          ? `${this.queue.length} statements wait in ${this.config.outboxFile} for the next start`
          : `${this.queue.length} statements not sent (no outbox file configured)`,
      });
    }
    this.wake();
    return { pending: this.queue.length };
  }

  private schedule(delayMs: number): void {
    if (this.isClosed) return;
    const due = this.now() + delayMs;
    if (this.running) return; // the loop reschedules itself when it ends
    if (this.timer && this.timerDue <= due) return;
    if (this.timer) clearTimeout(this.timer);
    this.timerDue = due;
    this.timer = setTimeout(() => {
      this.timer = null;
      this.timerDue = Number.POSITIVE_INFINITY;
      this.running = this.drain().finally(() => {
        this.running = null;
        this.rescheduleOrWake();
      });
    }, delayMs);
    this.timer.unref?.();
  }

  private rescheduleOrWake(): void {
    if (this.queue.length === 0) {
      this.wake();
      return;
    }
    const next = Math.min(...this.queue.map((e) => e.notBefore));
    this.schedule(Math.max(0, next - this.now()));
  }

  private wake(): void {
    const waiters = this.waiters;
    this.waiters = [];
    for (const w of waiters) w();
  }

  private async drain(): Promise<void> {
    while (!this.isClosed) {
      const now = this.now();
      const ready = this.queue.filter((e) => e.notBefore <= now);
      const first = ready[0];
      if (!first) return;
      const batch = first.isSolo
        ? [first]
        : ready.filter((e) => !e.isSolo).slice(0, this.config.batchSize ?? 50);
      let outcome: Outcome;
      try {
        outcome = await this.post(batch.map((e) => e.statement));
      } catch (error) {
        outcome = { kind: "retry", reason: `network: ${(error as Error).message}` };
      }
      const ids = batch.map((e) => e.statement.id);
      if (outcome.kind === "accepted") {
        this.remove(batch);
        this.journal([{ done: ids }]);
      } else if (outcome.kind === "refused" && batch.length > 1) {
        for (const e of batch) e.isSolo = true;
      } else if (outcome.kind === "refused") {
        this.remove(batch);
        this.journal([{ done: ids }]);
        this.log({
          level: "error",
          message: `LRS refused a statement, dropped: ${outcome.reason}`,
          statementIds: ids,
        });
      } else {
        const failures = Math.max(...batch.map((e) => e.failures)) + 1;
        const backoff = Math.min(
          this.config.maxBackoffMs ?? 300_000,
          (this.config.baseBackoffMs ?? 1000) * 2 ** (failures - 1),
        );
        const wait = Math.max(backoff, outcome.retryAfterMs ?? 0);
        for (const e of batch) {
          e.failures = failures;
          e.notBefore = this.now() + wait;
        }
        this.log({
          level: "warn",
          message: `LRS unavailable (${outcome.reason}); retry in ${wait} ms`,
          statementIds: ids,
        });
      }
      if (this.queue.length === 0) this.compact();
    }
  }

  private remove(batch: Entry[]): void {
    const sent = new Set(batch);
    for (let i = this.queue.length - 1; i >= 0; i--)
      if (sent.has(this.queue[i] as Entry)) this.queue.splice(i, 1);
  }

  private async post(statements: XapiStatement[]): Promise<Outcome> {
    const controller = new AbortController();
    const timer = setTimeout(() => controller.abort(), this.config.requestTimeoutMs ?? 10_000);
    try {
      const response = await this.fetch(this.url, {
        method: "POST",
        headers: {
          Authorization: this.authorization,
          "X-Experience-API-Version": "1.0.3",
          "Content-Type": "application/json",
        },
        body: JSON.stringify(statements),
        signal: controller.signal,
      });
      const text = await response.text().catch(() => "");
      if (response.ok) return { kind: "accepted" };
      const reason = `HTTP ${response.status}${text ? `: ${text.slice(0, 200)}` : ""}`;
      if (response.status === 429 || response.status >= 500 || response.status === 408) {
        const retryAfter = Number(response.headers.get("retry-after"));
        return {
          kind: "retry",
          reason,
          ...(Number.isFinite(retryAfter) && retryAfter > 0 ? { retryAfterMs: retryAfter * 1000 } : {}),
        };
      }
      return { kind: "refused", reason };
    } catch (error) {
      const reason = controller.signal.aborted ? "timeout" : `network: ${(error as Error).message}`;
      return { kind: "retry", reason };
    } finally {
      clearTimeout(timer);
    }
  }

  private journal(records: ({ add: XapiStatement } | { done: string[] })[]): void {
    const file = this.config.outboxFile;
    if (!file) return;
    appendFileSync(file, records.map((r) => `${JSON.stringify(r)}\n`).join(""));
  }

  /** Empties the journal once everything is delivered, so it does not grow forever. */
  private compact(): void {
    if (this.config.outboxFile) writeFileSync(this.config.outboxFile, "");
  }

  private restore(): void {
    const file = this.config.outboxFile;
    if (!file) return;
    mkdirSync(dirname(file), { recursive: true });
    if (!existsSync(file)) {
      writeFileSync(file, "");
      return;
    }
    const waiting = new Map<string, XapiStatement>();
    for (const line of readFileSync(file, "utf8").split("\n")) {
      if (!line.trim()) continue;
      try {
        const record = JSON.parse(line) as { add?: XapiStatement; done?: string[] };
        if (record.add?.id) waiting.set(record.add.id, record.add);
        for (const id of record.done ?? []) waiting.delete(id);
      } catch {
        // A line torn by a crash mid-write: the statements before it are intact.
        this.log({ level: "warn", message: `skipped a torn line in ${file}` });
      }
    }
    const now = this.now();
    for (const statement of waiting.values())
      this.queue.push({ statement, failures: 0, notBefore: now, isSolo: false });
    // Rewrite the journal with only what is still waiting.
    writeFileSync(file, [...waiting.values()].map((s) => `${JSON.stringify({ add: s })}\n`).join(""));
    if (this.queue.length > 0) {
      this.log({ level: "info", message: `${this.queue.length} statements restored from ${file}` });
      this.schedule(0);
    }
  }
}
