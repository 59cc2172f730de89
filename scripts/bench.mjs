#!/usr/bin/env node
// `pnpm bench`: runs every benchmark one after another (never two at once on 2 cores) and writes
// BENCHMARKS.md with each one's printed figures, the machine, and how to reproduce them.
import { spawnSync } from "node:child_process";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { cpus, totalmem } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const only = process.argv.slice(2);
const benches = [
  {
    name: "content",
    title: "Content pipeline",
    command: ["pnpm", "--filter", "@groundwork/content", "bench"],
  },
  { name: "quiz", title: "Quiz engine", command: ["pnpm", "--filter", "@groundwork/quiz-engine", "bench"] },
  {
    name: "api",
    title: "API against bare node:http baselines",
    command: ["pnpm", "--filter", "@groundwork/tests", "bench:api"],
  },
  { name: "web", title: "Web budget", command: ["pnpm", "--filter", "@groundwork/web", "bench"] },
  {
    name: "lighthouse",
    title: "Lighthouse performance (lesson reader, quiz player)",
    command: ["pnpm", "--filter", "@groundwork/tests", "bench:lighthouse"],
  },
  {
    name: "signin",
    title: "Sign-in under abuse (real limits)",
    command: ["pnpm", "--filter", "@groundwork/tests", "exec", "tsx", "load/sign-in-abuse.ts"],
  },
  {
    name: "exam",
    title: "Exam day (2,000 and 5,000 students) and crashes",
    command: ["pnpm", "--filter", "@groundwork/tests", "test:soak"],
  },
].filter((b) => only.length === 0 || only.includes(b.name));

const env = { ...process.env, NEXT_TELEMETRY_DISABLED: "1", TURBO_TELEMETRY_DISABLED: "1" };
const sections = [];
let failures = 0;
for (const bench of benches) {
  process.stderr.write(`\n== bench: ${bench.title}\n`);
  const started = Date.now();
  const result = spawnSync(bench.command[0], bench.command.slice(1), {
    cwd: root,
    env,
    encoding: "utf8",
    stdio: ["ignore", "pipe", "inherit"],
    maxBuffer: 64 * 1024 * 1024,
  });
  process.stdout.write(result.stdout ?? "");
  const output = (result.stdout ?? "")
    .split("\n")
    .filter((line) => !/^\s*\$ |^> /.test(line))
    .join("\n")
    .trim();
  if (result.status !== 0) failures++;
  sections.push(
    `## ${bench.title}\n\n\`${bench.command.join(" ")}\` (${Math.round((Date.now() - started) / 1000)} s${result.status === 0 ? "" : `, exit ${result.status}`})\n\n\`\`\`\n${output}\n\`\`\``,
  );
}

// A partial run (`pnpm bench exam`) keeps the other benchmarks' sections from the last full file.
const file = join(root, "BENCHMARKS.md");
const previous = new Map();
if (existsSync(file)) {
  for (const part of readFileSync(file, "utf8")
    .split(/\n(?=## )/)
    .slice(1)) {
    previous.set(part.slice(3, part.indexOf("\n")).trim(), part.trim());
  }
}
const fresh = new Map(sections.map((s) => [s.slice(3, s.indexOf("\n")).trim(), s]));
const ordered = [
  ...[...previous.keys()].map((title) => fresh.get(title) ?? previous.get(title)),
  ...[...fresh.keys()].filter((title) => !previous.has(title)).map((title) => fresh.get(title)),
];

const machine = `${cpus().length} × ${cpus()[0]?.model ?? "cpu"}, ${Math.round(totalmem() / 2 ** 30)} GiB, Node ${process.version}, ${process.platform}`;
writeFileSync(
  file,
  `# Benchmarks

Written by \`pnpm bench\`; last run on ${new Date().toISOString().slice(0, 10)}${only.length ? ` (of: ${only.join(", ")}; the other sections are from earlier runs)` : ""}. Machine: ${machine}.
Reproduce with \`pnpm bench\` (or \`pnpm bench content quiz api web lighthouse signin exam\` for some). The API
figures need nothing else; the exam-day runs on PostgreSQL need \`TEST_DATABASE_URL_POSTGRES\`.
Figures on a shared machine vary from run to run: compare the ratios, which are measured in the same run.

${ordered.join("\n\n")}
`,
);
process.exitCode = failures ? 1 : 0;
