import { unzipSync } from "fflate";
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

/**
 * Reads a zipped package with its sizes checked before anything is inflated (zip bombs declare
 * their sizes honestly or fail the check after inflating one entry at a time). A single top folder,
 * as made by zipping a folder, is stripped.
 */
export function unzipPackage(zip: Uint8Array): Map<string, Uint8Array> {
  let total = 0;
  let count = 0;
  let files: Record<string, Uint8Array>;
  try {
    files = unzipSync(zip, {
      filter: (entry) => {
        if (entry.name.endsWith("/")) return false;
        count++;
        if (count > uploadLimits.maxFiles)
          throw new InvalidInputError(`The zip holds more than ${uploadLimits.maxFiles} files.`);
        if (entry.originalSize > uploadLimits.maxFileBytes) {
          throw new InvalidInputError(
            `${entry.name}: ${entry.originalSize} bytes unpacked, over the ${uploadLimits.maxFileBytes}-byte limit per file.`,
          );
        }
        total += entry.originalSize;
        if (total > uploadLimits.maxTotalBytes) {
          throw new InvalidInputError(
            `The package unpacks to more than ${uploadLimits.maxTotalBytes} bytes.`,
          );
        }
        cleanPackagePath(entry.name);
        return true;
      },
    });
  } catch (error) {
    if (error instanceof InvalidInputError) throw error;
    throw new InvalidInputError(
      `The upload is not a readable zip file (${error instanceof Error ? error.message : "unknown error"}).`,
    );
  }
  const entries = Object.entries(files);
  let inflated = 0;
  for (const [name, bytes] of entries) {
    inflated += bytes.byteLength;
    if (bytes.byteLength > uploadLimits.maxFileBytes || inflated > uploadLimits.maxTotalBytes) {
      throw new InvalidInputError(`${name}: larger than its zip entry declared; the upload is refused.`);
    }
  }
  const paths = entries.map(([name]) => cleanPackagePath(name));
  const tops = new Set(paths.map((p) => p.split("/")[0]));
  const strip = tops.size === 1 && paths.every((p) => p.includes("/")) ? `${[...tops][0]}/` : "";
  return new Map(entries.map(([name, bytes]) => [cleanPackagePath(name).slice(strip.length), bytes]));
}

/** Files sent one by one (a folder picked in the browser), with the same limits. */
export function collectPackageFiles(files: Array<{ path: string; base64: string }>): Map<string, Uint8Array> {
  if (files.length > uploadLimits.maxFiles)
    throw new InvalidInputError(`More than ${uploadLimits.maxFiles} files.`);
  const map = new Map<string, Uint8Array>();
  let total = 0;
  for (const file of files) {
    const path = cleanPackagePath(file.path);
    const bytes = new Uint8Array(Buffer.from(file.base64, "base64"));
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
