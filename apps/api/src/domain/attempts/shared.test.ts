import { describe, expect, it } from "vitest";
import { parseSnapshot } from "./shared.ts";

const question = {
  id: "q-1",
  stem: "Water boils at 100 °C at sea level.",
  sourceRefs: [
    { passageId: "p-1", articleId: "a-1", rawStart: 0, rawEnd: 35, quote: "Water boils at 100 °C" },
  ],
  conceptIds: ["boiling"],
  difficulty: 0.3,
  generator: "claim.true",
  type: "true_false",
  key: true,
};

describe("parseSnapshot", () => {
  it("validates each distinct snapshot text once and shares the frozen question", () => {
    const text = JSON.stringify(question);
    const first = parseSnapshot(text);
    // A text read again from the database is a new string with the same content: the same question.
    const again = parseSnapshot(`${text} `.trimEnd());
    expect(again).toBe(first);
    expect(first).toMatchObject({ id: "q-1", type: "true_false", key: true });
    expect(Object.isFrozen(first)).toBe(true);
    expect(Object.isFrozen(first.sourceRefs[0])).toBe(true);
    expect(() => {
      (first as { stem: string }).stem = "changed";
    }).toThrow(TypeError);
    const other = parseSnapshot(JSON.stringify({ ...question, key: false }));
    expect(other).not.toBe(first);
    expect(other).toMatchObject({ key: false });
  });

  it("refuses a snapshot that is not a question, every time", () => {
    const text = JSON.stringify({ ...question, type: "essay" });
    expect(() => parseSnapshot(text)).toThrow();
    expect(() => parseSnapshot(text)).toThrow();
    expect(() => parseSnapshot("{not json")).toThrow(SyntaxError);
  });
});
