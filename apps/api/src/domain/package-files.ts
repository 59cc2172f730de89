import { Unzip, UnzipInflate, UnzipPassThrough } from "fflate";
import { InvalidInputError } from "../errors.ts";

/** Limits on an uploaded package: a school's package is a few articles, not gigabytes. */
export const uploadLimits = {
  maxFiles: 500,
  maxFileBytes: 5 * 1024 * 1024,
  maxTotalBytes: 25 * 1024 * 1024,
};

/** A package-relative POSIX path that cannot climb out of the package or name a device. */
export function cleanPackagePath(raw: string): string {
  const path = raw.replace(/\\/g, "/").replace(/^\.\/+/, "");
  if (
    path === "" ||
    path.startsWith("/") ||
    /^[a-zA-Z]:/.test(path) ||
    path.split("/").some((part) => part === ".." || part === "") ||
    // biome-ignore lint/suspicious/noControlCharactersInRegex: refusing control characters is the point
    /[\u0000-\u001f]/.test(path)
  ) {
    throw new InvalidInputError(`${raw}: a file path in a package must be relative and stay inside it.`);
  }
  return path;
}

/** Compressed bytes handed to the inflater at a time: deflate expands at most ~1032×, so one step
 * yields at most ~16 MiB before the running count below can stop it. */
const inflateSliceBytes = 16 * 1024;

/**
 * Reads a zipped package, counting the bytes it really inflates to: a zip's declared sizes are the
 * sender's word, so a zip bomb that understates them is stopped at the limit, not after inflating in
 * full. A single top folder, as made by zipping a folder, is stripped.
 */
export function unzipPackage(zip: Uint8Array): Map<string, Uint8Array> {
  const chunksOf = new Map<string, Uint8Array[]>();
  const done = new Set<string>();
  let total = 0;
  let failure: InvalidInputError | undefined;
  const fail = (error: InvalidInputError): never => {
    failure ??= error;
    throw failure;
  };
  const unzip = new Unzip((file) => {
    if (file.name.endsWith("/")) return;
    if (chunksOf.size >= uploadLimits.maxFiles)
      fail(new InvalidInputError(`The zip holds more than ${uploadLimits.maxFiles} files.`));
    const path = cleanPackagePath(file.name);
    if (chunksOf.has(path)) fail(new InvalidInputError(`${file.name}: the zip holds this path twice.`));
    const chunks: Uint8Array[] = [];
    chunksOf.set(path, chunks);
    let size = 0;
    file.ondata = (error, chunk, final) => {
      if (failure) throw failure;
      if (error) fail(new InvalidInputError(`${file.name}: cannot be unpacked (${error.message}).`));
      size += chunk.byteLength;
      total += chunk.byteLength;
      if (size > uploadLimits.maxFileBytes) {
        fail(
          new InvalidInputError(
            `${file.name}: unpacks to more than the ${uploadLimits.maxFileBytes}-byte limit per file.`,
          ),
        );
      }
      if (total > uploadLimits.maxTotalBytes)
        fail(new InvalidInputError(`The package unpacks to more than ${uploadLimits.maxTotalBytes} bytes.`));
      if (chunk.byteLength > 0) chunks.push(chunk);
      if (final) done.add(path);
    };
    file.start();
  });
  unzip.register(UnzipPassThrough);
  unzip.register(UnzipInflate);
  try {
    for (let at = 0; at < zip.byteLength; at += inflateSliceBytes) {
      const end = Math.min(zip.byteLength, at + inflateSliceBytes);
      unzip.push(zip.subarray(at, end), end === zip.byteLength);
    }
  } catch (error) {
    if (failure) throw failure;
    if (error instanceof InvalidInputError) throw error;
    throw new InvalidInputError(
      `The upload is not a readable zip file (${error instanceof Error ? error.message : "unknown error"}).`,
    );
  }
  const unfinished = [...chunksOf.keys()].find((path) => !done.has(path));
  if (chunksOf.size === 0 || unfinished !== undefined) {
    throw new InvalidInputError(
      `The upload is not a readable zip file (${unfinished ? `${unfinished} is cut short` : "no files in it"}).`,
    );
  }
  const paths = [...chunksOf.keys()];
  const tops = new Set(paths.map((p) => p.split("/")[0]));
  const strip = tops.size === 1 && paths.every((p) => p.includes("/")) ? `${[...tops][0]}/` : "";
  return new Map(
    [...chunksOf].map(([path, chunks]) => [path.slice(strip.length), concatBytes(chunks)] as const),
  );
}

function concatBytes(chunks: Uint8Array[]): Uint8Array {
  if (chunks.length === 1 && chunks[0]) return chunks[0];
  const out = new Uint8Array(chunks.reduce((sum, c) => sum + c.byteLength, 0));
  let at = 0;
  for (const chunk of chunks) {
    out.set(chunk, at);
    at += chunk.byteLength;
  }
  return out;
}

/** Decodes base64 text, refusing anything else (Buffer.from skips characters it does not know). */
export function decodeBase64(text: string, what: string): Uint8Array {
  if (!/^[A-Za-z0-9+/=\s]*$/.test(text)) throw new InvalidInputError(`${what}: not base64.`);
  return new Uint8Array(Buffer.from(text, "base64"));
}

/** Files sent one by one (a folder picked in the browser), with the same limits. */
export function collectPackageFiles(files: Array<{ path: string; base64: string }>): Map<string, Uint8Array> {
  if (files.length > uploadLimits.maxFiles)
    throw new InvalidInputError(`More than ${uploadLimits.maxFiles} files.`);
  const map = new Map<string, Uint8Array>();
  let total = 0;
  for (const file of files) {
    const path = cleanPackagePath(file.path);
    const bytes = decodeBase64(file.base64, path);
    if (bytes.byteLength > uploadLimits.maxFileBytes) {
      throw new InvalidInputError(
        `${path}: ${bytes.byteLength} bytes, over the ${uploadLimits.maxFileBytes}-byte limit per file.`,
      );
    }
    total += bytes.byteLength;
    if (total > uploadLimits.maxTotalBytes)
      throw new InvalidInputError(`The package is larger than ${uploadLimits.maxTotalBytes} bytes.`);
    map.set(path, bytes);
  }
  return map;
}
