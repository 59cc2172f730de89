// Bundles the API into dist/main.mjs and its package-build worker into dist/package-build.mjs (the
// worker is loaded from beside main.mjs: src/workers/package-builder.ts). Workspace packages are bundled in (they ship TypeScript source);
// npm dependencies stay external and load from node_modules. That includes the Hunspell dictionaries
// packages/content reads on import (dictionary-en, dictionary-en-gb): they load their files relative
// to their own module, which a bundle would break, so apps/api lists them as dependencies too.
import { readFileSync } from "node:fs";
import { build } from "esbuild";

const pkg = JSON.parse(readFileSync(new URL("../package.json", import.meta.url), "utf8"));
const external = Object.keys(pkg.dependencies).filter((name) => !name.startsWith("@groundwork/"));

await build({
  entryPoints: { main: "src/main.ts", "package-build": "src/workers/package-build.ts" },
  outdir: "dist",
  outExtension: { ".js": ".mjs" },
  bundle: true,
  platform: "node",
  target: "node20",
  format: "esm",
  sourcemap: true,
  external: [...external, "@prisma/client/*"],
  // Bundled CommonJS dependencies may call require(); give the ESM bundle one.
  banner: {
    js: "import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);",
  },
  logLevel: "warning",
});
console.log("api: built dist/main.mjs and dist/package-build.mjs");
