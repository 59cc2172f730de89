/**
 * Writes each provider's schema.prisma from models.prisma and generates its client.
 * Prisma's CLI tries to download a native schema engine before `generate`, which cannot work offline;
 * generate never runs that engine, so any existing binary path skips the download (docs/toolchain.md).
 */
import { execFileSync } from "node:child_process";
import { mkdirSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname } from "node:path";
import { providers, readModels, renderProviderSchema, schemaPath } from "../src/db/schemas.ts";

const models = readModels();
const prismaCli = createRequire(import.meta.url).resolve("prisma/build/index.js");
for (const provider of providers) {
  const path = schemaPath(provider);
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, renderProviderSchema(provider, models));
  execFileSync(process.execPath, [prismaCli, "generate", "--schema", path], {
    stdio: ["ignore", "ignore", "inherit"],
    env: { ...process.env, PRISMA_SCHEMA_ENGINE_BINARY: "/bin/false", PRISMA_HIDE_UPDATE_MESSAGE: "1" },
  });
  process.stdout.write(`generated the ${provider} client from prisma/models.prisma\n`);
}
