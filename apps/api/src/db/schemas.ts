import { existsSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import type { Provider } from "./database-url.ts";

export const providers: readonly Provider[] = ["sqlite", "postgresql"];

/** apps/api/prisma, found from this file whether it runs from src/db/ or a bundle in dist/. */
export const prismaDir = findPrismaDir(dirname(fileURLToPath(import.meta.url)));

function findPrismaDir(from: string): string {
  for (let dir = from; dirname(dir) !== dir; dir = dirname(dir)) {
    if (existsSync(join(dir, "prisma", "models.prisma"))) return join(dir, "prisma");
  }
  throw new Error(`cannot find prisma/models.prisma above ${from}`);
}
export const modelsPath = join(prismaDir, "models.prisma");
/** A provider's full schema, written by `pnpm db:generate` (git-ignored: models.prisma is the source). */
export const schemaPath = (provider: Provider): string => join(prismaDir, provider, "schema.prisma");
export const migrationsDir = (provider: Provider): string => join(prismaDir, provider, "migrations");
/**
 * The models as of the newest migration, for both providers: `make-migration` diffs models.prisma
 * against it and then moves it on.
 */
export const snapshotPath = join(prismaDir, "migrated.prisma");

/** The provider's full schema: datasource and generator blocks, then the shared models. */
export function renderProviderSchema(provider: Provider, models: string): string {
  return `// Generated from ../models.prisma by \`pnpm db:generate\`. Do not edit: edit models.prisma.
datasource db {
  provider = "${provider}"
}

generator client {
  provider     = "prisma-client"
  output       = "../../src/generated/${provider}"
  moduleFormat = "esm"
}

${models.trim()}
`;
}

export const readModels = (): string => readFileSync(modelsPath, "utf8");
