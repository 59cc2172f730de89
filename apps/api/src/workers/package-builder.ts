import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { pathToFileURL } from "node:url";
import { Worker } from "node:worker_threads";
import type { PackageUpload, prepareUpload } from "../domain/content.ts";
import { BusyError, InvalidInputError } from "../errors.ts";

/** What a build worker says: it is up (with its thread id), or how a build ended. */
export type BuildReply =
  | { type: "ready"; tid: number | undefined }
  | { type: "built"; result: ReturnType<typeof prepareUpload> }
  | { type: "refused"; message: string }
  | { type: "failed"; message: string };

export interface BuildWorkerData {
  maxOutputBytes: number;
}

export interface PackageBuilderOptions {
  /** Builds that run at once, each on a worker thread of its own. */
  workers: number;
  /** Uploads that may wait for a worker; the next one is refused as busy. */
  queueLength: number;
  /** CPU time one build may use (the worker thread's own, on Linux; wall time elsewhere). */
  cpuLimitMs: number;
  /** Largest prepared import a build may hand back, in characters of text. */
  maxOutputBytes: number;
  /** V8 heap a worker may grow to. */
  maxHeapMb: number;
  /** A worker left idle this long is stopped (it holds the NLP model in memory). */
  idleMs: number;
}

export const defaultBuilderOptions: PackageBuilderOptions = {
  workers: 1,
  queueLength: 4,
  // The largest package the upload limits allow (25 MB of text) builds in about 40 s of CPU.
  cpuLimitMs: 120_000,
  maxOutputBytes: 256 * 1024 * 1024,
  maxHeapMb: 2048,
  idleMs: 60_000,
};

export interface PackageBuilder {
  /** Builds an upload on a worker; refuses at once (BusyError) when the queue is full. */
  build(upload: PackageUpload): Promise<ReturnType<typeof prepareUpload>>;
  /** Uploads building or waiting now. */
  pending(): number;
  close(): Promise<void>;
}

// The worker entry sits beside this module: src/workers/package-build.ts under tsx and vitest,
// dist/package-build.mjs beside dist/main.mjs in the bundle (scripts/build.mjs).
const isSource = import.meta.url.endsWith(".ts");
const workerEntry = new URL(isSource ? "./package-build.ts" : "./package-build.mjs", import.meta.url);

/**
 * Starts the worker. From the source, a worker thread gets no TypeScript loader from its parent (a
 * vitest transform, or tsx whose `--import` Node 20 does not apply to workers), so a small bootstrap
 * registers tsx's ESM hooks first. The hooks' entry is read from tsx's exports map, as Node would.
 */
function startWorker(options: ConstructorParameters<typeof Worker>[1]): Worker {
  if (!isSource) return new Worker(workerEntry, options);
  const manifest = createRequire(import.meta.url).resolve("tsx/package.json");
  const exports = JSON.parse(readFileSync(manifest, "utf8")).exports as Record<
    string,
    { import: { default: string } }
  >;
  const hooks = pathToFileURL(join(dirname(manifest), exports["./esm/api"]?.import.default ?? "")).href;
  const bootstrap = `import(${JSON.stringify(hooks)}).then((tsx) => { tsx.register(); return import(${JSON.stringify(workerEntry.href)}); });`;
  return new Worker(bootstrap, { ...options, eval: true });
}

/** A thread's CPU time in ms from /proc (utime + stime, in USER_HZ = 100 ticks a second). */
function threadCpuMs(tid: number): number | undefined {
  try {
    const stat = readFileSync(`/proc/self/task/${tid}/stat`, "utf8");
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    return (Number(fields[11]) + Number(fields[12])) * 10;
  } catch {
    return undefined;
  }
}

interface Handle {
  worker: Worker;
  ready: Promise<number | undefined>;
  idleTimer?: NodeJS.Timeout;
  /** Stopped, crashed or out of memory: never given another build. */
  isBroken?: boolean;
}

interface Job {
  upload: PackageUpload;
  resolve(result: ReturnType<typeof prepareUpload>): void;
  reject(error: unknown): void;
}

/**
 * Runs package builds (unzip, build, question generation) on worker threads, so an upload never
 * stalls the saves, starts and sign-ins of the API thread. A bounded queue refuses more work with a
 * "busy" error; a build over its CPU time, heap or output limit is stopped and refused with a reason.
 */
export function createPackageBuilder(overrides: Partial<PackageBuilderOptions> = {}): PackageBuilder {
  const options = { ...defaultBuilderOptions, ...overrides };
  const queue: Job[] = [];
  const idle: Handle[] = [];
  const live = new Set<Handle>();
  let running = 0;
  let closed = false;

  const spawn = (): Handle => {
    const worker = startWorker({
      workerData: { maxOutputBytes: options.maxOutputBytes } satisfies BuildWorkerData,
      resourceLimits: { maxOldGenerationSizeMb: options.maxHeapMb },
      stdout: false,
    });
    const handle: Handle = {
      worker,
      ready: new Promise((resolve, reject) => {
        worker.once("message", (reply: BuildReply) =>
          resolve(reply.type === "ready" ? reply.tid : undefined),
        );
        worker.once("error", reject);
        worker.once("exit", (code) =>
          reject(new Error(`the build worker stopped at start (exit code ${code})`)),
        );
      }),
    };
    handle.ready.catch(() => {});
    worker.once("exit", () => {
      live.delete(handle);
      const at = idle.indexOf(handle);
      if (at >= 0) idle.splice(at, 1);
    });
    live.add(handle);
    return handle;
  };

  const stopWorker = (handle: Handle) => {
    handle.isBroken = true;
    clearTimeout(handle.idleTimer);
    void handle.worker.terminate();
  };

  const park = (handle: Handle) => {
    handle.worker.unref();
    handle.idleTimer = setTimeout(() => stopWorker(handle), options.idleMs);
    handle.idleTimer.unref();
    idle.push(handle);
  };

  const runOn = async (handle: Handle, upload: PackageUpload) => {
    const tid = await handle.ready;
    const { worker } = handle;
    return new Promise<ReturnType<typeof prepareUpload>>((resolve, reject) => {
      const startedWall = performance.now();
      const startedCpu = tid === undefined ? undefined : threadCpuMs(tid);
      const used = () => {
        const cpu = tid === undefined ? undefined : threadCpuMs(tid);
        return cpu !== undefined && startedCpu !== undefined
          ? cpu - startedCpu
          : performance.now() - startedWall;
      };
      const finish = (settle: () => void) => {
        clearInterval(watch);
        worker.off("message", onMessage);
        worker.off("error", onError);
        worker.off("exit", onExit);
        settle();
      };
      const watch = setInterval(() => {
        if (used() <= options.cpuLimitMs) return;
        finish(() =>
          reject(
            new InvalidInputError(
              `Building the package took more than ${options.cpuLimitMs / 1000} s of CPU time: split it into smaller packages.`,
            ),
          ),
        );
        stopWorker(handle);
      }, 100);
      const onMessage = (reply: BuildReply) => {
        if (reply.type === "built") finish(() => resolve(reply.result));
        else if (reply.type === "refused") finish(() => reject(new InvalidInputError(reply.message)));
        else if (reply.type === "failed") finish(() => reject(new Error(`package build: ${reply.message}`)));
      };
      const onError = (error: Error & { code?: string }) => {
        handle.isBroken = true;
        finish(() =>
          reject(
            error.code === "ERR_WORKER_OUT_OF_MEMORY"
              ? new InvalidInputError(
                  `Building the package needed more than ${options.maxHeapMb} MiB of memory: split it into smaller packages.`,
                )
              : error,
          ),
        );
      };
      const onExit = (code: number) => {
        handle.isBroken = true;
        finish(() => reject(new Error(`the build worker stopped (exit code ${code})`)));
      };
      worker.on("message", onMessage);
      worker.once("error", onError);
      worker.once("exit", onExit);
      worker.postMessage(upload);
    });
  };

  const runJob = async (job: Job) => {
    const handle = idle.pop() ?? spawn();
    clearTimeout(handle.idleTimer);
    handle.worker.ref();
    let settle: () => void;
    try {
      const result = await runOn(handle, job.upload);
      settle = () => job.resolve(result);
    } catch (error) {
      settle = () => job.reject(error);
    }
    // A refused package leaves a healthy worker; a stopped or crashed one is replaced.
    if (handle.isBroken) stopWorker(handle);
    else park(handle);
    running--;
    settle();
    pump();
  };

  const pump = () => {
    while (running < options.workers && queue.length > 0) {
      const job = queue.shift() as Job;
      running++;
      void runJob(job);
    }
  };

  return {
    build(upload) {
      if (closed) return Promise.reject(new BusyError("The server is shutting down: upload again shortly."));
      if (running >= options.workers && queue.length >= options.queueLength) {
        return Promise.reject(
          new BusyError(
            `The server is building ${running + queue.length} other packages: try the upload again in a minute.`,
          ),
        );
      }
      return new Promise((resolve, reject) => {
        queue.push({ upload, resolve, reject });
        pump();
      });
    },
    pending: () => running + queue.length,
    async close() {
      closed = true;
      for (const job of queue.splice(0)) job.reject(new BusyError("The server is shutting down."));
      await Promise.all([...live].map((h) => h.worker.terminate()));
    },
  };
}

let shared: PackageBuilder | undefined;
let sharedOptions: Partial<PackageBuilderOptions> = {};

/** Sets the limits of the process's package builder (main.ts, from the environment), before first use. */
export function configurePackageBuilder(options: Partial<PackageBuilderOptions>): void {
  if (shared) throw new Error("configurePackageBuilder: the package builder is already running");
  sharedOptions = options;
}

/** The process's package builder, started on first use. */
export function sharedPackageBuilder(): PackageBuilder {
  shared ??= createPackageBuilder(sharedOptions);
  return shared;
}
