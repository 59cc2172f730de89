import fc from "fast-check";
import type { Option, OptionFeedback, Question, SourceRef } from "../schemas.ts";

/**
 * fast-check generators of question banks for the interop round trips. Texts include GIFT's control
 * characters, newlines and leading brackets; they are trimmed and non-empty, as every exporter
 * trims. Not part of the public API.
 */

const alphabet = fc.constantFrom(..."abcXYZ 019~=#{}:\\[]_-.%\n'\"<>&é");
export const arbitraryText = fc
  .string({ unit: alphabet, minLength: 1, maxLength: 18 })
  .map((s) => s.replace(/\s+/g, (w) => (w.includes("\n") ? "\n" : " ")).trim())
  .filter((s) => s.length > 0 && !s.includes("->"));

const idText = fc.stringMatching(/^[a-z][a-z0-9-]{0,10}$/);

const sourceRef: fc.Arbitrary<SourceRef> = fc
  .record({
    passageId: idText,
    articleId: idText,
    rawStart: fc.nat(500),
    length: fc.integer({ min: 1, max: 80 }),
    quote: arbitraryText,
  })
  .map(({ length, ...r }) => ({ ...r, rawEnd: r.rawStart + length }));

const unitInterval = fc.double({ min: 0, max: 1, noNaN: true }).map((d) => (Object.is(d, -0) ? 0 : d));

const base = fc.record(
  {
    id: idText,
    stem: arbitraryText,
    sourceRefs: fc.array(sourceRef, { minLength: 1, maxLength: 2 }),
    conceptIds: fc.array(idText, { maxLength: 2 }),
    difficulty: unitInterval,
    generator: fc.constantFrom("author", "definition.term", "claim.true_false"),
    explanation: arbitraryText,
  },
  { requiredKeys: ["id", "stem", "sourceRefs", "conceptIds", "difficulty", "generator"] },
);

function options(min: number, max: number, prefix: string): fc.Arbitrary<Option[]> {
  return fc
    .uniqueArray(idText, { minLength: min, maxLength: max })
    .chain((ids) =>
      fc
        .tuple(...ids.map(() => arbitraryText))
        .map((texts) => ids.map((id, i) => ({ id: `${prefix}${id}`, text: texts[i] as string }))),
    );
}

function feedbackOn(ids: string[]): fc.Arbitrary<OptionFeedback[] | undefined> {
  return fc
    .subarray(ids)
    .chain((chosen) =>
      fc.tuple(
        ...chosen.map((optionId) =>
          fc.record({
            optionId: fc.constant(optionId),
            text: arbitraryText,
            sourceRefs: fc.array(sourceRef, { maxLength: 1 }),
          }),
        ),
      ),
    )
    .map((list) => (list.length > 0 ? list : undefined));
}

const withFeedback = <T extends object>(q: T, feedback: OptionFeedback[] | undefined) =>
  feedback ? { ...q, feedback } : q;

const singleChoice = fc
  .tuple(base, options(2, 5, "o"))
  .chain(([b, opts]) =>
    fc
      .tuple(fc.constantFrom(...opts.map((o) => o.id)), feedbackOn(opts.map((o) => o.id)))
      .map(
        ([key, fb]): Question =>
          withFeedback({ ...b, type: "single_choice" as const, options: opts, key }, fb),
      ),
  );

const multipleChoice = fc.tuple(base, options(2, 6, "o")).chain(([b, opts]) =>
  fc
    .tuple(
      fc.subarray(
        opts.map((o) => o.id),
        { minLength: 1 },
      ),
      feedbackOn(opts.map((o) => o.id)),
    )
    .map(
      ([key, fb]): Question =>
        withFeedback({ ...b, type: "multiple_choice" as const, options: opts, key }, fb),
    ),
);

const trueFalse = fc
  .tuple(base, fc.boolean(), fc.option(arbitraryText, { nil: undefined }), feedbackOn(["true", "false"]))
  .map(
    ([b, key, correction, fb]): Question =>
      withFeedback(
        { ...b, type: "true_false" as const, key, ...(correction !== undefined ? { correction } : {}) },
        fb,
      ),
  );

const typed = fc
  .tuple(
    base,
    fc.constantFrom("cloze" as const, "short_answer" as const),
    fc.uniqueArray(arbitraryText, { minLength: 1, maxLength: 3 }),
    fc.uniqueArray(arbitraryText, { maxLength: 2 }),
    feedbackOn(["any"]),
  )
  .map(
    ([b, type, accepted, rejected, fb]): Question =>
      withFeedback({ ...b, type, key: { accepted }, ...(rejected.length > 0 ? { rejected } : {}) }, fb),
  );

const numeric = fc
  .tuple(
    base,
    fc
      .double({ noNaN: true, noDefaultInfinity: true, min: -1e12, max: 1e12 })
      .map((d) => (Object.is(d, -0) ? 0 : d)),
    fc.constantFrom("absolute" as const, "relative" as const),
    fc.double({ min: 0, max: 100, noNaN: true }).map((d) => (Object.is(d, -0) ? 0 : d)),
    fc.constantFrom(null, "USD", "%", "GPUs"),
  )
  .map(
    ([b, value, mode, amount, unit]): Question => ({
      ...b,
      type: "numeric",
      key: { value, tolerance: { mode, amount }, unit },
    }),
  );

const matching = fc
  .tuple(base, options(2, 4, "l"), fc.uniqueArray(arbitraryText, { minLength: 2, maxLength: 5 }))
  .chain(([b, left, rightTexts]) => {
    const right = rightTexts.map((text, i) => ({ id: `r${i}`, text }));
    return fc
      .tuple(...left.map(() => fc.constantFrom(...right.map((r) => r.id))))
      .map((targets): Question => {
        const key: Record<string, string> = {};
        left.forEach((l, i) => {
          key[l.id] = targets[i] as string;
        });
        // Two distinct right texts must be in play for GIFT (Moodle needs two answers).
        return { ...b, type: "matching", left, right, key };
      });
  })
  .filter((q) => q.type === "matching" && new Set(Object.values(q.key)).size + 0 >= 1);

const ordering = fc.tuple(base, options(2, 5, "i")).chain(([b, opts]) =>
  fc
    .shuffledSubarray(
      opts.map((o) => o.id),
      { minLength: opts.length, maxLength: opts.length },
    )
    .map((key): Question => ({ ...b, type: "ordering", options: opts, key })),
);

export const arbitraryQuestion: fc.Arbitrary<Question> = fc.oneof(
  singleChoice,
  multipleChoice,
  trueFalse,
  typed,
  numeric,
  matching,
  ordering,
);

/** A bank of questions with unique ids. */
export const arbitraryBank: fc.Arbitrary<Question[]> = fc.uniqueArray(arbitraryQuestion, {
  minLength: 1,
  maxLength: 6,
  selector: (q) => q.id,
});
