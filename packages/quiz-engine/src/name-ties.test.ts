import { describe, expect, it } from "vitest";
import { generateQuestions } from "./generate.ts";
import { areNamesTied } from "./name-ties.ts";
import type { Question } from "./schemas.ts";
import { makeBundle } from "./testing/make-bundle.ts";

describe("areNamesTied", () => {
  const tied: [string, string, string][] = [
    ["OpenAI", "ChatGPT", "Many students first met OpenAI's ChatGPT in school."],
    ["OpenAI", "ChatGPT", "ChatGPT, OpenAI’s chatbot, reached a million users in days."],
    ["Meta", "Facebook", "Meta (formerly Facebook) opened its model to the public."],
    ["OpenAI", "ChatGPT", "OpenAI, the maker of ChatGPT, raised more money."],
    ["OpenAI", "ChatGPT", "People tried ChatGPT by OpenAI at work."],
    ["OpenAI", "ChatGPT", "ChatGPT, developed by OpenAI, answers questions."],
    ["OpenAI", "ChatGPT", "In November 2022 OpenAI released its chatbot ChatGPT."],
    // Garbled copies: odd case, a doubled letter.
    ["OpenAI", "ChatGPT", "Openai, with its sharp insight, released chaatgpt in November 2022."],
    // One name inside the other is the same thing, or a part of it.
    ["AlphaGo", "AlphaGo Zero", "Nothing else is said."],
  ];
  it.each(tied)("ties %s and %s in “%s”", (a, b, sentence) => {
    expect(areNamesTied(a, b, [sentence])).toBe(true);
    expect(areNamesTied(b, a, [sentence])).toBe(true);
  });

  const untied: [string, string, string][] = [
    ["OpenAI", "Microsoft", "Major labs including OpenAI, Anthropic, Google, and Microsoft chase AGI."],
    ["Meta", "OpenAI", "Meta opened its models in its competition with OpenAI."],
    ["DeepSeek", "ChatGPT", "As a competitive alternative to ChatGPT, DeepSeek lives up to the hype."],
    // Tied, but in another sentence than the one that names both.
    ["OpenAI", "Microsoft", "OpenAI released ChatGPT. Microsoft built data centres."],
  ];
  it.each(untied)("does not tie %s and %s in “%s”", (a, b, sentence) => {
    expect(areNamesTied(a, b, sentence.split(". "))).toBe(false);
  });
});

describe("distractors and false swaps between a maker and its product", () => {
  const text = [
    "Openai, with its sharp insight, released chaatgpt in November 2022.",
    "Many writers compared the new chatbot with ChatGPT for everyday tasks.",
    "Students said ChatGPT was slow at busy times of the day.",
    "OpenAI spent about 100 million dollars on training its largest model.",
    "Investors expected OpenAI to raise far more money within a year.",
    "Microsoft built large data centres for the models of its partners.",
    "Analysts said Microsoft would keep spending on chips for years.",
    "Google answered with a research model of its own for the same users.",
    "Engineers at Google published many papers on the transformer design.",
  ];
  const bundle = makeBundle([{ id: "a", paragraphs: [text.join(" ")] }], {
    mentions: [
      // The garbled first sentence has no mentions: only the text ties the two names.
      { articleId: "a", text: "ChatGPT", kind: "organization" },
      { articleId: "a", text: "ChatGPT", kind: "organization", nth: 1 },
      { articleId: "a", text: "OpenAI", kind: "organization" },
      { articleId: "a", text: "OpenAI", kind: "organization", nth: 1 },
      { articleId: "a", text: "Microsoft", kind: "organization" },
      { articleId: "a", text: "Microsoft", kind: "organization", nth: 1 },
      { articleId: "a", text: "Google", kind: "organization" },
      { articleId: "a", text: "Google", kind: "organization", nth: 1 },
    ],
  });
  const items = [1, 2, 3, 4, 5].flatMap((seed) => generateQuestions(bundle, { seed }).questions);
  const choices = items.filter(
    (q): q is Extract<Question, { type: "single_choice" }> =>
      q.type === "single_choice" && q.generator.startsWith("entity."),
  );
  const keyOf = (q: Extract<Question, { type: "single_choice" }>) =>
    q.options.find((o) => o.id === q.key)?.text;

  it("still asks for either name, against names the course does not tie to it", () => {
    expect(choices.map(keyOf)).toEqual(expect.arrayContaining(["ChatGPT", "OpenAI"]));
  });

  it("never offers the maker for its product, nor the product for its maker", () => {
    const pairs = choices.map((q) => [keyOf(q), ...q.options.map((o) => o.text)].join(" / "));
    for (const pair of pairs) {
      if (pair.startsWith("ChatGPT")) expect(pair).not.toContain("OpenAI");
      if (pair.startsWith("OpenAI")) expect(pair).not.toContain("ChatGPT");
    }
  });

  it("never makes a false statement by swapping one for the other", () => {
    const swaps = items.filter((q) => q.generator === "claim.actor").map((q) => q.stem);
    for (const stem of swaps) {
      for (const [from, to] of [
        ["ChatGPT", "OpenAI"],
        ["OpenAI", "ChatGPT"],
      ] as const)
        for (const original of text.filter((s) => s.includes(from)))
          expect(stem).not.toBe(original.replace(from, to));
    }
  });
});
