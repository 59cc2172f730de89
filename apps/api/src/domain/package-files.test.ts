import { inflateSync, zipSync } from "fflate";
import { describe, expect, it } from "vitest";
import { zipBomb } from "../../test/zip-bomb.ts";
import { InvalidInputError } from "../errors.ts";
import { unzipPackage, uploadLimits } from "./package-files.ts";

describe("unzipPackage", () => {
  it("reads a zipped folder, stripping its single top folder", () => {
    const zip = zipSync({
      "pkg/course.yaml": new TextEncoder().encode("id: x\n"),
      "pkg/a/b.txt": new Uint8Array(3),
    });
    const files = unzipPackage(zip);
    expect([...files.keys()].sort()).toEqual(["a/b.txt", "course.yaml"]);
    expect(new TextDecoder().decode(files.get("course.yaml"))).toBe("id: x\n");
  });

  it("reads stored (uncompressed) entries", () => {
    const zip = zipSync({ "course.yaml": new TextEncoder().encode("id: y\n") }, { level: 0 });
    expect(new TextDecoder().decode(unzipPackage(zip).get("course.yaml"))).toBe("id: y\n");
  });

  it("refuses an entry that inflates past what it declares, stopping at the limit", async () => {
    // 512 MiB of zeros in half a megabyte of zip, declaring 1000 bytes.
    const bomb = await zipBomb(512 * 1024 * 1024);
    expect(bomb.byteLength).toBeLessThan(1024 * 1024);
    let started = performance.now();
    expect(() => unzipPackage(bomb)).toThrow(InvalidInputError);
    expect(() => unzipPackage(bomb)).toThrow(/unpacks to more than the \d+-byte limit/);
    const refusing = (performance.now() - started) / 2;
    // The yardstick: inflating as much as the limits allow in one go, the work an honest zip may cost.
    const allowed = await zipBomb(uploadLimits.maxTotalBytes);
    const raw = allowed.subarray(
      30 + "course.yaml".length,
      allowed.byteLength - 46 - "course.yaml".length - 22,
    );
    started = performance.now();
    expect(inflateSync(raw).byteLength).toBe(uploadLimits.maxTotalBytes);
    const linear = performance.now() - started;
    // Inflating the whole bomb would take about 20 times the yardstick.
    expect(refusing / linear).toBeLessThan(4);
  });

  it("counts real bytes across entries against the package limit", () => {
    const per = 4 * 1024 * 1024;
    const entries = Object.fromEntries(
      Array.from({ length: 8 }, (_, i) => [`articles/a${i}.txt`, new Uint8Array(per).fill(97)]),
    );
    const zip = zipSync(entries, { level: 9 });
    expect(() => unzipPackage(zip)).toThrow(/package unpacks to more than/);
  });

  it("refuses what is not a zip, a cut-short zip and paths out of the package", () => {
    expect(() => unzipPackage(new TextEncoder().encode("not a zip"))).toThrow(/not a readable zip/);
    const zip = zipSync({ "course.yaml": new Uint8Array(100_000).fill(65) });
    expect(() => unzipPackage(zip.subarray(0, 60))).toThrow(/not a readable zip/);
    expect(() => unzipPackage(zipSync({ "../escape.txt": new Uint8Array(1) }))).toThrow(/stay inside/);
  });
});
