import { readdirSync, readFileSync } from "node:fs";
import { join, relative, sep } from "node:path";

/** Reads a folder into the path -> bytes map the pure API takes. Test-only helper. */
export function readFolder(dir: string): Map<string, Uint8Array> {
  const files = new Map<string, Uint8Array>();
  const walk = (folder: string) => {
    for (const entry of readdirSync(folder, { withFileTypes: true })) {
      const full = join(folder, entry.name);
      if (entry.isDirectory()) walk(full);
      else files.set(relative(dir, full).split(sep).join("/"), readFileSync(full));
    }
  };
  walk(dir);
  return files;
}

export const demoPackageDir = new URL("../../../content/deepseek-moment", import.meta.url).pathname;
