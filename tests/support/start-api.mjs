// Starts the built API over a fresh SQLite file for the browser suite: delete, migrate, seed, serve.
import { execFileSync, spawn } from "node:child_process";
import { rmSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..", "..");
const file = (process.env.DATABASE_URL ?? "file:./data/e2e.db").replace(/^file:/, "");
for (const suffix of ["", "-wal", "-shm"]) rmSync(join(root, `${file}${suffix}`), { force: true });

const api = join(root, "apps", "api");
const tsx = join(api, "node_modules", ".bin", "tsx");
execFileSync(tsx, ["scripts/db-migrate.ts"], { cwd: api, stdio: "inherit" });
execFileSync(tsx, ["scripts/db-seed.ts"], { cwd: api, stdio: "inherit" });
const server = spawn(process.execPath, [join(api, "dist", "main.mjs")], { stdio: "inherit" });
for (const signal of ["SIGINT", "SIGTERM"]) process.on(signal, () => server.kill(signal));
server.on("exit", (code) => process.exit(code ?? 0));
