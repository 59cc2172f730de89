// A build worker's entry: unpacks, builds and prepares uploaded packages, one at a time, off the
// API's event loop. Started by package-builder.ts; bundled as dist/package-build.mjs.
import { readlinkSync } from "node:fs";
import { setPriority } from "node:os";
import { parentPort, workerData } from "node:worker_threads";
import { type PackageUpload, type PreparedImport, prepareUpload } from "../domain/content.ts";
import { InvalidInputError } from "../errors.ts";
import type { BuildReply, BuildWorkerData } from "./package-builder.ts";

const port = parentPort;
if (!port) throw new Error("package-build.ts runs as a worker thread (see package-builder.ts)");

/** This thread's id on Linux (`/proc/thread-self` -> `<pid>/task/<tid>`): the parent reads its CPU time. */
function threadId(): number | undefined {
  try {
    return Number(readlinkSync("/proc/thread-self").split("/").at(-1)) || undefined;
  } catch {
    return undefined;
  }
}

// Builds yield the CPU to the API thread (nice 10 weighs a tenth of it on Linux, where a nice value
// set with pid 0 is this thread's own), yet still progress on a busy machine.
try {
  setPriority(10);
} catch {
  // not permitted here: the build still runs, at normal priority
}

const { maxOutputBytes } = workerData as BuildWorkerData;

/** The text a prepared import hands back, in UTF-16 code units (a close bound on its bytes). */
const outputSize = (prepared: PreparedImport) =>
  prepared.bundleJson.length +
  prepared.articles.reduce((sum, a) => sum + a.rawText.length, 0) +
  prepared.batches.reduce((sum, b) => sum + b.rows.length, 0);

port.postMessage({ type: "ready", tid: threadId() } satisfies BuildReply);
port.on("message", (upload: PackageUpload) => {
  let reply: BuildReply;
  try {
    const result = prepareUpload(upload);
    reply =
      result.ok && outputSize(result.prepared) > maxOutputBytes
        ? {
            type: "refused",
            message: `The built course is larger than the ${Math.round(maxOutputBytes / 1048576)} MiB a build may produce: split the package.`,
          }
        : { type: "built", result };
  } catch (error) {
    reply =
      error instanceof InvalidInputError
        ? { type: "refused", message: error.message }
        : {
            type: "failed",
            message: error instanceof Error ? (error.stack ?? error.message) : String(error),
          };
  }
  port.postMessage(reply);
});
