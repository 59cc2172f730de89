import { readPackageDir } from "@groundwork/content/cli";
import { zipSync } from "fflate";
import { afterEach, describe, expect, it } from "vitest";
import { BusyError, InvalidInputError } from "../errors.ts";
import { demoPackageDir } from "../seed/demo.ts";
import { createPackageBuilder, type PackageBuilder } from "./package-builder.ts";

const demoZip = () =>
  Buffer.from(zipSync(Object.fromEntries(readPackageDir(demoPackageDir())))).toString("base64");

describe("package builder", () => {
  let builder: PackageBuilder | undefined;
  afterEach(async () => {
    await builder?.close();
    builder = undefined;
  });

  it("builds a package on a worker thread into rows ready to store", async () => {
    builder = createPackageBuilder();
    const result = await builder.build({ zipBase64: demoZip() });
    if (!result.ok) throw new Error(JSON.stringify(result.problems));
    expect(result.prepared.course.id).toBe("deepseek-moment");
    expect(result.prepared.summary.questions).toBeGreaterThan(10);
    expect(result.prepared.batches.some((b) => b.table === "question")).toBe(true);
    expect(builder.pending()).toBe(0);
  });

  it("refuses more uploads than it can hold with a busy error, and builds the ones it took", async () => {
    builder = createPackageBuilder({ workers: 1, queueLength: 1 });
    const upload = { zipBase64: demoZip() };
    const first = builder.build(upload);
    const second = builder.build(upload);
    await expect(builder.build(upload)).rejects.toThrow(BusyError);
    await expect(builder.build(upload)).rejects.toThrow(/try the upload again/);
    expect((await first).ok).toBe(true);
    expect((await second).ok).toBe(true);
  });

  it("stops a build over its CPU time, then serves the next upload on a new worker", async () => {
    builder = createPackageBuilder({ cpuLimitMs: 40 });
    await expect(builder.build({ zipBase64: demoZip() })).rejects.toThrow(/more than 0.04 s of CPU time/);
    await expect(builder.build({ zipBase64: "bm90IGEgemlw" })).rejects.toThrow(/not a readable zip/);
  });

  it("refuses a build whose output is over the limit, and says why", async () => {
    builder = createPackageBuilder({ maxOutputBytes: 10_000 });
    const refused = builder.build({ zipBase64: demoZip() });
    await expect(refused).rejects.toThrow(InvalidInputError);
    await expect(refused).rejects.toThrow(/larger than the 0 MiB a build may produce/);
  });

  it("says what is wrong with an upload that is not base64", async () => {
    builder = createPackageBuilder();
    await expect(builder.build({ zipBase64: "<html>" })).rejects.toThrow(/zipBase64: not base64/);
  });
});
