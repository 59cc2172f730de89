import type { IncomingMessage, ServerResponse } from "node:http";
import { type AnyTRPCRouter, getTRPCErrorFromUnknown, getTRPCErrorShape, TRPCError } from "@trpc/server";
import { getHTTPStatusCode } from "@trpc/server/http";

type ProcedureType = "query" | "mutation" | "subscription";
/** A router's procedure: callable with tRPC's call options (`router._def.procedures` is flat). */
type Procedure = ((opts: {
  path: string;
  getRawInput: () => Promise<unknown>;
  ctx: unknown;
  type: ProcedureType;
  signal: AbortSignal | undefined;
  batchIndex: number;
}) => Promise<unknown>) & { _def: { type: ProcedureType } };
type ResponseItem = { result: { data: unknown } } | { error: ReturnType<typeof getTRPCErrorShape> };

/** Results marked by `sendUnchanged`. */
const unchanging = new WeakSet<object>();

/**
 * Marks a procedure's result as one its producer keeps and never changes (a frozen, cached value
 * served to many requests): the handler then writes its JSON once and sends that text again for as
 * long as the object lives, instead of encoding the same thousand gradebook cells on every request.
 * In-process callers get the value itself.
 */
export function sendUnchanged<T extends object>(value: T): T {
  unchanging.add(value);
  return value;
}

export interface TrpcNodeHandlerOptions<TContext> {
  router: AnyTRPCRouter;
  /** The path tRPC is mounted on, with a trailing slash: `/api/trpc/`. */
  basePath: string;
  /**
   * The largest request body this caller may send to these procedures; larger ones get 413 without
   * being held in memory. Asked after `createContext`, so a caller is known before its body is read.
   */
  maxBodyBytes(ctx: TContext, paths: string[]): number;
  /** Most procedures one batched request may call. */
  maxBatchSize: number;
  /** The context of a request's calls; a plain value when no I/O is needed (cheaper than a promise). */
  createContext(req: IncomingMessage): TContext | Promise<TContext>;
  /** Turns an error a procedure threw into the one sent back (say, a domain error into its code). */
  mapError?(error: TRPCError): TRPCError;
  onError?(error: TRPCError, path: string | undefined): void;
}

/**
 * tRPC over `node:http`, speaking the same wire format as tRPC's own adapters (`httpLink`,
 * `httpBatchLink`): queries by GET with `?input=`, mutations by POST with a JSON body, batches with
 * `?batch=1`, error shapes from the router's error formatter, status codes from tRPC's mapping.
 *
 * Why not `@trpc/server/adapters/standalone`: in tRPC 11 it turns every request into a WHATWG
 * Request (streams, AbortSignals, Headers) and the Response back again. That costs about 200 µs of
 * CPU per call, 15 times what node:http itself needs, and capped the API at a twentieth of a bare
 * server. Here a call is parsed straight from the IncomingMessage and answered with one write, and each
 * procedure is called as tRPC's own `callProcedure` calls it: inputs, middlewares and outputs are tRPC's.
 * Subscriptions and streamed batches are not served (Groundwork has none).
 */
export function createTrpcNodeHandler<TContext>(options: TrpcNodeHandlerOptions<TContext>) {
  const { router, basePath, maxBodyBytes, maxBatchSize, mapError = (error) => error } = options;
  const config = router._def._config;
  const procedures = router._def.procedures as Record<string, Procedure | undefined>;
  const serialize = (item: ResponseItem) =>
    "error" in item
      ? { error: config.transformer.output.serialize(item.error) }
      : { result: { data: config.transformer.output.serialize(item.result.data) } };

  // The JSON text of each `sendUnchanged` result sent so far, under this router's transformer.
  const sentText = new WeakMap<object, string>();
  const itemText = (item: ResponseItem): string => {
    const data = "result" in item ? item.result.data : undefined;
    if (typeof data !== "object" || data === null || !unchanging.has(data))
      return JSON.stringify(serialize(item));
    let text = sentText.get(data);
    if (text === undefined) {
      text = JSON.stringify(serialize(item));
      sentText.set(data, text);
    }
    return text;
  };

  const send = (res: ServerResponse, status: number, payload: ResponseItem | ResponseItem[]) => {
    // A batch is its items' texts in an array, byte for byte what JSON.stringify of the array gives.
    const text = Array.isArray(payload) ? `[${payload.map(itemText).join(",")}]` : itemText(payload);
    res.writeHead(status, {
      "content-type": "application/json",
      "content-length": Buffer.byteLength(text),
      // Answers are per user (a gradebook, a session): no browser or shared cache keeps them.
      "cache-control": "no-store",
    });
    res.end(text);
  };

  /** An error raised before any procedure ran: one error object, as tRPC's adapters answer it. */
  const sendRequestError = (res: ServerResponse, cause: unknown, type: ProcedureType | "unknown") => {
    const error = getTRPCErrorFromUnknown(cause);
    options.onError?.(error, undefined);
    const item: ResponseItem = {
      error: getTRPCErrorShape({ config, error, type, path: undefined, input: undefined, ctx: undefined }),
    };
    send(res, getHTTPStatusCode(item), item);
  };

  return async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const method = req.method ?? "GET";
    if (method === "HEAD") {
      res.writeHead(204).end();
      return;
    }
    const url = req.url ?? "/";
    const queryAt = url.indexOf("?");
    const search = queryAt < 0 ? undefined : new URLSearchParams(url.slice(queryAt + 1));
    const isBatch = search?.get("batch") === "1";
    let type: ProcedureType | "unknown" = "unknown";
    let paths: string[];
    let rawInputs: unknown;
    try {
      const encodedPath = url.slice(basePath.length, queryAt < 0 ? undefined : queryAt);
      let path: string;
      try {
        path = decodeURIComponent(encodedPath);
      } catch (cause) {
        throw new TRPCError({
          code: "BAD_REQUEST",
          message: `Invalid URL-encoding in path "${encodedPath}"`,
          cause,
        });
      }
      paths = isBatch ? path.split(",") : [path];
      if (paths.length > maxBatchSize) {
        throw new TRPCError({
          code: "BAD_REQUEST",
          message: `A batch may call at most ${maxBatchSize} procedures; this one calls ${paths.length}.`,
        });
      }
      for (const p of paths) {
        const procType = procedures[p]?._def.type;
        if (procType === undefined) continue;
        if (type !== "unknown" && procType !== type) {
          throw new TRPCError({ code: "BAD_REQUEST", message: "A batch cannot mix queries and mutations." });
        }
        type = procType;
      }

      if (method === "GET") {
        const input = search?.get("input");
        rawInputs = input ? parseJson(input, "The input parameter") : undefined;
      } else if (method === "POST") {
        const contentType = req.headers["content-type"];
        if (contentType?.split(";", 1)[0]?.trim().toLowerCase() !== "application/json") {
          throw new TRPCError({
            code: "UNSUPPORTED_MEDIA_TYPE",
            message: contentType
              ? `Unsupported content-type "${contentType}": send application/json.`
              : "Missing content-type header: send application/json.",
          });
        }
      } else {
        throw new TRPCError({
          code: "METHOD_NOT_SUPPORTED",
          message: `${method} is not supported here: queries use GET and mutations POST.`,
        });
      }
    } catch (cause) {
      sendRequestError(res, cause, type);
      return;
    }

    let ctx: TContext;
    try {
      const made = options.createContext(req);
      ctx = made instanceof Promise ? await made : made;
    } catch (cause) {
      sendRequestError(res, cause, type);
      return;
    }

    try {
      // The body is read only now, with the limit for this caller: an anonymous one cannot make the
      // server hold an upload's worth of bytes.
      if (method === "POST") {
        const body = await readBody(req, maxBodyBytes(ctx, paths));
        rawInputs = body.length > 0 ? parseJson(body, "The request body") : undefined;
      }
      if (isBatch && rawInputs !== undefined && (typeof rawInputs !== "object" || rawInputs === null)) {
        throw new TRPCError({
          code: "BAD_REQUEST",
          message: '"input" needs to be an object when doing a batch call',
        });
      }
    } catch (cause) {
      if (cause instanceof TRPCError && cause.code === "PAYLOAD_TOO_LARGE") {
        // The rest of the body is still arriving: close the connection once the answer is out.
        res.setHeader("connection", "close");
      }
      sendRequestError(res, cause, type);
      return;
    }

    // A batch's inputs are an object keyed by call index; only its own keys count (not __proto__).
    const inputAt = (index: number): unknown => {
      const raw =
        !isBatch || rawInputs === undefined
          ? rawInputs
          : Object.hasOwn(rawInputs as object, index)
            ? (rawInputs as Record<number, unknown>)[index]
            : undefined;
      return raw === undefined ? undefined : config.transformer.input.deserialize(raw);
    };

    // Written with .then rather than async/await: a trivial call is a few microseconds, and each
    // promise saved shows.
    const call = (path: string, index: number): Promise<ResponseItem> => {
      const procedure = procedures[path];
      const procType = procedure?._def.type;
      const input = inputAt(index);
      const failed = (cause: unknown): ResponseItem => {
        const error = mapError(getTRPCErrorFromUnknown(cause));
        options.onError?.(error, path);
        return {
          error: getTRPCErrorShape({ config, error, type: procType ?? "unknown", path, input, ctx }),
        };
      };
      if (!procedure || !procType) {
        return Promise.resolve(
          failed(new TRPCError({ code: "NOT_FOUND", message: `No procedure found on path "${path}"` })),
        );
      }
      if (procType === "subscription" || (procType === "query") !== (method === "GET")) {
        return Promise.resolve(
          failed(
            new TRPCError({
              code: "METHOD_NOT_SUPPORTED",
              message: `Unsupported ${method}-request to ${procType} procedure at path "${path}"`,
            }),
          ),
        );
      }
      // What tRPC's callProcedure does once it has found the procedure: run its middlewares, input
      // parser, resolver and output validator.
      return procedure({
        path,
        getRawInput: () => Promise.resolve(input),
        ctx,
        type: procType,
        signal: undefined,
        batchIndex: index,
      }).then((data): ResponseItem => ({ result: { data } }), failed);
    };

    if (!isBatch) {
      const item = await call(paths[0] ?? "", 0);
      send(res, "error" in item ? getHTTPStatusCode(item) : 200, item);
      return;
    }
    const items = await Promise.all(paths.map(call));
    send(res, getHTTPStatusCode(items), items);
  };
}

function parseJson(text: string, what: string): unknown {
  try {
    return JSON.parse(text);
  } catch (cause) {
    throw new TRPCError({
      code: "PARSE_ERROR",
      message: `${what} is not valid JSON: ${cause instanceof Error ? cause.message : String(cause)}`,
      cause,
    });
  }
}

const formatBytes = (bytes: number) =>
  bytes >= 1024 * 1024 ? `${Math.round(bytes / 1024 / 1024)} MiB` : `${Math.round(bytes / 1024)} KiB`;

/** Reads a request body as UTF-8 text, refusing (413) one longer than `limit` bytes. */
function readBody(req: IncomingMessage, limit: number): Promise<string> {
  const tooLarge = () =>
    new TRPCError({
      code: "PAYLOAD_TOO_LARGE",
      message: `The request body is larger than the ${formatBytes(limit)} limit for this request.`,
    });
  const declared = Number(req.headers["content-length"]);
  if (declared > limit) {
    req.resume();
    return Promise.reject(tooLarge());
  }
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let settled = false;
    req.on("data", (chunk: Buffer) => {
      if (settled) return;
      size += chunk.length;
      if (size > limit) {
        settled = true;
        chunks.length = 0;
        reject(tooLarge());
        return;
      }
      chunks.push(chunk);
    });
    req.on("end", () => {
      if (settled) return;
      settled = true;
      resolve(Buffer.concat(chunks, size).toString("utf8"));
    });
    const closed = (cause?: Error) => {
      if (settled) return;
      settled = true;
      reject(
        new TRPCError({ code: "CLIENT_CLOSED_REQUEST", message: "The client closed the request.", cause }),
      );
    };
    req.on("error", closed);
    req.on("close", () => closed());
  });
}
