import { describe, expect, it } from "vitest";
import { statementOf } from "./quality.ts";
import type { Question } from "./schemas.ts";

describe("statementOf", () => {
  it("reads a quoted sentence whole when it quotes in turn, so its checks see its opening word", () => {
    const cloze = {
      id: "q",
      type: "cloze",
      stem: 'Complete the sentence from the source: “This phenomenon is known as the "_____ paradox."”',
      key: { accepted: ["Jevons"] },
      sourceRefs: [],
      conceptIds: [],
      difficulty: 0.3,
      generator: "entity.person.cloze",
    } as Question;
    expect(statementOf(cloze)).toBe('This phenomenon is known as the "_____ paradox."');
  });
});
