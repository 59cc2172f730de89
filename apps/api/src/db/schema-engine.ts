import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import type { SqlMigrationAwareDriverAdapterFactory } from "@prisma/driver-adapter-utils";
import { bindMigrationAwareSqlAdapterFactory } from "@prisma/driver-adapter-utils";
import type { SchemaEngine } from "@prisma/schema-engine-wasm";
import * as bindings from "@prisma/schema-engine-wasm/schema_engine_bg";

let engineClass: typeof SchemaEngine | undefined;

/** The slice of the WebAssembly global used here (@types/node 20 does not declare it). */
interface WasmGlobal {
  Module: new (bytes: Uint8Array) => object;
  Instance: new (module: object, imports: Record<string, unknown>) => { exports: Record<string, unknown> };
}
const wasm = (globalThis as unknown as { WebAssembly: WasmGlobal }).WebAssembly;

/**
 * Loads Prisma's WASM schema engine. Its ESM entry imports a `.wasm` file, which Node 20 cannot, so the
 * module is instantiated by hand with the generated bindings as imports (see docs/toolchain.md).
 */
function loadEngineClass(): typeof SchemaEngine {
  if (engineClass) return engineClass;
  const require = createRequire(import.meta.url);
  // The package exports no path to the .wasm file itself: find it beside the bindings.
  const wasmPath = join(
    dirname(require.resolve("@prisma/schema-engine-wasm/schema_engine_bg")),
    "schema_engine_bg.wasm",
  );
  const module = new wasm.Module(readFileSync(wasmPath));
  const instance = new wasm.Instance(module, { "./schema_engine_bg.js": bindings });
  bindings.__wbg_set_wasm(instance.exports);
  (instance.exports as { __wbindgen_start?: () => void }).__wbindgen_start?.();
  engineClass = (bindings as unknown as { SchemaEngine: typeof SchemaEngine }).SchemaEngine;
  return engineClass;
}

export interface RunningSchemaEngine {
  engine: SchemaEngine;
  /** Frees the engine and closes every connection it opened (the engine itself leaves them open). */
  close(): Promise<void>;
}

/** Starts a schema engine over a driver adapter; `schema` is the provider's schema.prisma text. */
export async function startSchemaEngine(
  schemaPath: string,
  schema: string,
  adapter: SqlMigrationAwareDriverAdapterFactory,
  log: (message: string) => void = () => {},
): Promise<RunningSchemaEngine> {
  const Engine = loadEngineClass();
  const opened: Array<{ dispose(): Promise<void> }> = [];
  const tracking: SqlMigrationAwareDriverAdapterFactory = {
    provider: adapter.provider,
    adapterName: adapter.adapterName,
    connect: async () => {
      const connection = await adapter.connect();
      opened.push(connection);
      return connection;
    },
    connectToShadowDb: async () => {
      const connection = await adapter.connectToShadowDb();
      opened.push(connection);
      return connection;
    },
  };
  const engine = await Engine.new(
    { datamodels: [[schemaPath, schema]] },
    (message: string) => log(message),
    bindMigrationAwareSqlAdapterFactory(tracking),
  );
  return {
    engine,
    close: async () => {
      engine.free();
      await Promise.all(opened.map((connection) => connection.dispose()));
    },
  };
}
