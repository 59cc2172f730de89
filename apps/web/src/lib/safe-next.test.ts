import { describe, expect, it } from "vitest";
import { safeNext } from "./safe-next";

describe("safeNext", () => {
  it("keeps a path on this site, with its query and fragment", () => {
    expect(safeNext("/learn")).toBe("/learn");
    expect(safeNext("/attempts/abc?tab=results#q3")).toBe("/attempts/abc?tab=results#q3");
    expect(safeNext("/courses/%2F%2Fevil.example")).toBe("/courses/%2F%2Fevil.example");
  });

  it("refuses every target a browser would take off-site", () => {
    for (const next of [
      "/\t/evil.example/phish",
      "/\n/evil.example",
      "/\r\n/evil.example",
      "//evil.example",
      "/\\evil.example",
      "\\/evil.example",
      "/\t\\evil.example",
      "https://evil.example/",
      "javascript:alert(1)",
      " /evil",
      "/.//evil.example",
      "/x/..//evil.example",
    ]) {
      const target = safeNext(next);
      expect(new URL(target, "https://school.example").origin, JSON.stringify(next)).toBe(
        "https://school.example",
      );
      expect(target.startsWith("//"), JSON.stringify(next)).toBe(false);
    }
    expect(safeNext("/\t/evil.example/phish")).toBe("/");
  });

  it("falls back to the home page for anything that is not a string path", () => {
    expect(safeNext(undefined)).toBe("/");
    expect(safeNext(["/learn"])).toBe("/");
    expect(safeNext("learn")).toBe("/");
  });
});
