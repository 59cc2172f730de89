// First-load JavaScript of the quiz player and the lesson reader, from the production build in .next:
// the framework's root chunks plus every chunk the route's segments (layout, error boundaries, page)
// list in their client reference manifest, each gzipped at level 9 and counted once.
// Run `next build` first. Usage: node scripts/bench-web.mjs [--json]
import { existsSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { gzipSync } from "node:zlib";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const build = join(root, ".next");
const budgetKb = 170;
const routes = [
  { label: "quiz player", route: "/attempts/[attemptId]/page" },
  { label: "lesson reader", route: "/lessons/[lessonId]/page" },
  { label: "student home", route: "/learn/page" },
  { label: "author version review", route: "/author/versions/[versionId]/page" },
];

if (!existsSync(join(build, "BUILD_ID"))) {
  console.error("No production build in apps/web/.next: run `pnpm --filter @groundwork/web build` first.");
  process.exit(1);
}

const buildManifest = JSON.parse(readFileSync(join(build, "build-manifest.json"), "utf8"));
const gzipped = new Map();
function sizeOf(file) {
  if (!gzipped.has(file)) {
    const bytes = readFileSync(join(build, file));
    gzipped.set(file, { raw: bytes.byteLength, gzip: gzipSync(bytes, { level: 9 }).byteLength });
  }
  return gzipped.get(file);
}

function chunksOf(route) {
  const manifestFile = join(build, "server", "app", `${route}_client-reference-manifest.js`);
  const sandbox = { __RSC_MANIFEST: {} };
  new Function("globalThis", readFileSync(manifestFile, "utf8"))(sandbox);
  const manifest = sandbox.__RSC_MANIFEST[route];
  const files = new Set(buildManifest.rootMainFiles);
  for (const list of Object.values(manifest.entryJSFiles)) for (const file of list) files.add(file);
  return [...files];
}

const results = routes.map(({ label, route }) => {
  const files = chunksOf(route);
  const total = files.reduce(
    (sum, file) => {
      const size = sizeOf(file);
      return { raw: sum.raw + size.raw, gzip: sum.gzip + size.gzip };
    },
    { raw: 0, gzip: 0 },
  );
  return { label, route, chunks: files.length, rawKb: total.raw / 1024, gzipKb: total.gzip / 1024 };
});

if (process.argv.includes("--json")) {
  console.log(JSON.stringify({ budgetKb, results }, null, 2));
} else {
  console.log(
    `First-load JS per route (gzip -9, budget ${budgetKb} KB for the quiz player and lesson reader)`,
  );
  for (const r of results) {
    const isBudgeted = r.label === "quiz player" || r.label === "lesson reader";
    const verdict = isBudgeted ? (r.gzipKb <= budgetKb ? "within budget" : "OVER BUDGET") : "";
    console.log(
      `  ${r.label.padEnd(22)} ${r.gzipKb.toFixed(1).padStart(6)} KB gzip  (${r.rawKb.toFixed(1)} KB raw, ${r.chunks} chunks)  ${verdict}`,
    );
  }
}
const over = results.filter(
  (r) => (r.label === "quiz player" || r.label === "lesson reader") && r.gzipKb > budgetKb,
);
process.exit(over.length > 0 ? 1 : 0);
