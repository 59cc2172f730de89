import { readdir, readFile } from "node:fs/promises";
import { fileURLToPath } from "node:url";
import { buildCourseBundle } from "@groundwork/content";
import fc from "fast-check";
import { beforeAll, describe, expect, it } from "vitest";
import type { CourseBundle, Mention } from "./course.ts";
import { generateQuestions } from "./generate.ts";
import {
  isLikeNumber,
  type NumberReading,
  numberDistractors,
  readNumber,
  writeLike,
  yearDistractors,
} from "./number-distractors.ts";
import { createRng } from "./random.ts";
import type { Question } from "./schemas.ts";

function mention(text: string, fields: Partial<Mention> = {}): Mention {
  return {
    id: `m-${text}`,
    kind: "number",
    text,
    normalized: text,
    sentenceId: "s",
    passageId: "p",
    articleId: "a",
    rawStart: 0,
    rawEnd: text.length,
    ...fields,
  };
}

/** The numbers an option writes, in order: "from 1,347 to 1351" -> ["1,347", "1351"]. */
const digitsOf = (text: string) => text.match(/\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?/g) ?? [];
const numberOf = (digits: string) => Number(digits.replace(/,/g, ""));
/** The first number an option writes: "40%" -> 40. */
const firstValue = (text: string) => numberOf(digitsOf(text)[0] ?? "NaN");
/** How many whole steps of the key's last decimal fit between its bounds and range ends. */
function roomOf(reading: NumberReading): number {
  const low = Math.max(
    reading.above,
    ...reading.neighbours.filter((n) => n.side === 1).map((n) => n.written),
  );
  const high = Math.min(
    reading.below,
    ...reading.neighbours.filter((n) => n.side === -1).map((n) => n.written),
  );
  return (high - low) * 10 ** Math.max(...reading.decimals) - 1;
}
const decimalsOf = (digits: string) => /\.(\d+)$/.exec(digits)?.[1]?.length ?? 0;
/** An option's words around its numbers: "$# million". */
const frameOf = (text: string) => text.replace(/\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?/g, "#");

/** Reads `text` as a mention in `sentence` (with the sentence's other mentions) and varies it. */
function vary(m: Mention, sentence: string, others: Mention[] = [], latestYear = 2024, seed = 1) {
  const reading = readNumber(m, sentence, [m, ...others], latestYear);
  return { reading, options: reading ? numberDistractors(m.text, reading, createRng(seed)) : [] };
}

/** What every wrong number must keep, whatever the key. */
function expectPlainlyWrong(key: string, reading: NumberReading, options: readonly string[]) {
  const keyDigits = digitsOf(key);
  for (const option of options) {
    const digits = digitsOf(option);
    const values = digits.map(numberOf);
    expect(option).not.toBe(key);
    expect(frameOf(option), option).toBe(frameOf(key));
    expect(digits.map(decimalsOf), option).toEqual(keyDigits.map(decimalsOf));
    for (const v of values) {
      expect(v, option).toBeGreaterThan(reading.above);
      expect(v, option).toBeLessThan(reading.below);
    }
    if (reading.measure === "year" || reading.measure === "count")
      for (const v of values) expect(Number.isInteger(v), option).toBe(true);
    if (reading.measure === "percent" && Math.max(...reading.written) < 100)
      for (const v of values) expect(v, option).toBeLessThan(100);
    if (values.length === 2) {
      const [a, b] = reading.written as [number, number];
      expect(Math.sign((values[1] as number) - (values[0] as number)), option).toBe(Math.sign(b - a));
    }
    for (const n of reading.neighbours)
      expect(Math.sign((values[0] as number) - n.written), option).toBe(n.side);
  }
}

describe("reading a number mention", () => {
  it("tells years, percentages, temperatures, money and counts apart", () => {
    const kinds = [
      [mention("1347", { value: 1347 }), "The plague reached Sicily in 1347."],
      [mention("60%", { kind: "percent", unit: "%", value: 60 }), "It killed 60% of them."],
      [mention("33", { value: 33 }), "Earth would be some 33°C cooler."],
      [mention("$6 million", { kind: "money", unit: "USD", value: 6e6, scale: 1e6 }), "It cost $6 million."],
      [mention("1500", { value: 1500 }), "The mill had 1500 workers."],
      [mention("2.5", { value: 2.5 }), "Output grew 2.5 times."],
    ] as const;
    const measures = kinds.map(([m, sentence]) => {
      const value = m.value ?? Number(m.text);
      return readNumber({ ...m, value }, sentence, [], 2024)?.measure;
    });
    expect(measures).toEqual(["year", "percent", "temperature", "money", "count", "amount"]);
  });

  it("reads both ends of a range one mention holds, and the other end of a range it is part of", () => {
    const range = readNumber(
      mention("from 1347 to 1351", { kind: "quantity", value: 2698 }),
      "It peaked from 1347 to 1351.",
      [],
      2018,
    );
    expect(range).toMatchObject({ measure: "year", written: [1347, 1351], below: 2019 });
    const start = mention("30", { value: 30 });
    const end = mention("60%", { kind: "percent", unit: "%", value: 60 });
    const sentence = "The plague killed 30–60% of Europe's population.";
    expect(readNumber(start, sentence, [start, end], 2018)).toMatchObject({
      measure: "percent",
      neighbours: [{ written: 60, side: -1 }],
      below: 100,
    });
    expect(readNumber(end, sentence, [start, end], 2018)?.neighbours).toEqual([{ written: 30, side: 1 }]);
  });

  it("refuses what is no single number or range: dates of a life, digits content read otherwise", () => {
    expect(
      readNumber(
        mention("18 April 1772 – 11 September 1823", { kind: "quantity", value: 3624 }),
        "Ricardo (18 April 1772 – 11 September 1823) was an economist.",
        [],
        2023,
      ),
    ).toBeNull();
    expect(readNumber(mention("three", { value: 3 }), "It has three terminals.", [], 2024)).toBeNull();
  });
});

describe("wrong numbers", () => {
  it("moves a year by steps that suit its age, never past the article", () => {
    const { options } = vary(
      mention("1343", { value: 1343 }),
      "The plague reached Crimea by 1343.",
      [],
      2018,
    );
    expect(options).toHaveLength(3);
    for (const o of options) {
      expect(Math.abs((Number(o) - 1343) % 50)).toBe(0);
      expect(Number(o)).toBeLessThanOrEqual(2018);
    }
    expect(
      yearDistractors("Around 1450", 2024, createRng(3)).every((y) => /^Around 1[345]\d0$/.test(y)),
    ).toBe(true);
    const recent = yearDistractors("2023", 2025, createRng(1)).map(Number);
    expect(recent.every((y) => y <= 2025 && Math.abs(y - 2023) <= 3)).toBe(true);
    expect(yearDistractors("the 1760s", 2021, createRng(2)).every((y) => /^the 1\d{2}0s$/.test(y))).toBe(
      true,
    );
  });

  it("keeps a year the article looks forward to in its future", () => {
    const years = yearDistractors("by 2050", 2024, createRng(5)).map((y) => Number(y.slice(3)));
    expect(years.length).toBeGreaterThanOrEqual(2);
    for (const y of years) expect(y).toBeGreaterThan(2024);
  });

  it("keeps a range in order and a percentage under 100", () => {
    const range = vary(
      mention("from 1347 to 1351", { kind: "quantity", value: 2698 }),
      "It peaked from 1347 to 1351.",
      [],
      2018,
    );
    expect(range.options.length).toBeGreaterThanOrEqual(3);
    expect(range.options).not.toContain("from 269.8 to 1351");
    const start = mention("30", { value: 30 });
    const end = mention("60%", { kind: "percent", unit: "%", value: 60 });
    const sentence = "The plague killed 30–60% of Europe's population.";
    expect(vary(end, sentence, [start]).options).toHaveLength(3);
    for (const o of vary(end, sentence, [start]).options) expect(firstValue(o)).toBeGreaterThan(30);
    for (const o of vary(start, sentence, [end]).options) expect(firstValue(o)).toBeLessThan(60);
  });

  it("writes money with its scale word and decimals, temperatures as temperatures", () => {
    const cost = vary(
      mention("$5.576 million", { kind: "money", unit: "USD", value: 5_576_000, scale: 1e6 }),
      "It cost $5.576 million.",
    );
    expect(cost.options.every((o) => /^\$\d+\.576 million$/.test(o))).toBe(true);
    const cooler = vary(mention("33", { value: 33 }), "Earth would be some 33°C cooler.");
    expect(cooler.reading?.measure).toBe("temperature");
    expect(cooler.options.every((o) => Number(o) > 0 && Number(o) < 100)).toBe(true);
  });

  it("writes numbers the way the key is written", () => {
    expect(writeLike("$5.576 million", [11.152])).toBe("$11.152 million");
    expect(writeLike("10,000 rmb", [100_000])).toBe("100,000 rmb");
    expect(writeLike("40 Years", [400])).toBe("400 Years");
    expect(writeLike("$30 Billion", [15])).toBe("$15 Billion");
    expect(writeLike("from 1347 to 1351", [1297, 1301])).toBe("from 1297 to 1301");
  });

  /** A key of some measure, in a sentence that says what it is. */
  const keys = fc.oneof(
    fc
      .record({ y: fc.integer({ min: 1000, max: 2030 }), latest: fc.integer({ min: 1990, max: 2030 }) })
      .map(({ y, latest }) => ({
        m: mention(String(y), { value: y }),
        sentence: `The mill opened in ${y}.`,
        others: [] as Mention[],
        latest,
      })),
    fc
      .record({ a: fc.integer({ min: 1000, max: 2020 }), span: fc.integer({ min: 1, max: 80 }) })
      .map(({ a, span }) => ({
        m: mention(`from ${a} to ${a + span}`, { kind: "quantity", value: 2 * a + span }),
        sentence: `It lasted from ${a} to ${a + span}.`,
        others: [] as Mention[],
        latest: 2024,
      })),
    fc.record({ p: fc.integer({ min: 1, max: 99 }), d: fc.integer({ min: 0, max: 1 }) }).map(({ p, d }) => {
      const text = `${(p - d * 0.5).toFixed(d)}%`;
      return {
        m: mention(text, { kind: "percent", unit: "%", value: p - d * 0.5 }),
        sentence: `Prices rose ${text} last year.`,
        others: [] as Mention[],
        latest: 2024,
      };
    }),
    fc
      .record({
        a: fc.integer({ min: 1, max: 98 }),
        gap: fc.integer({ min: 1, max: 50 }),
        isStart: fc.boolean(),
      })
      .map(({ a, gap, isStart }) => {
        const b = Math.min(99, a + gap);
        const start = mention(String(a), { value: a });
        const end = mention(`${b}%`, { kind: "percent", unit: "%", value: b });
        return {
          m: isStart ? start : end,
          sentence: `It killed ${a}–${b}% of them.`,
          others: [isStart ? end : start],
          latest: 2024,
        };
      }),
    fc
      .record({
        w: fc.integer({ min: 1, max: 99_999 }),
        d: fc.integer({ min: 0, max: 3 }),
        scale: fc.constantFrom({ word: "million", factor: 1e6 }, { word: "billion", factor: 1e9 }),
      })
      .map(({ w, d, scale: { word, factor } }) => {
        const written = Number((w / 10 ** d).toFixed(d));
        const text = `$${written.toFixed(d)} ${word}`;
        return {
          m: mention(text, {
            kind: "money",
            unit: "USD",
            value: written * factor,
            scale: factor,
          }),
          sentence: `It cost ${text} to build.`,
          others: [] as Mention[],
          latest: 2024,
        };
      })
      .filter(({ m }) => (m.value ?? 0) > 0),
    fc.integer({ min: 1, max: 90 }).map((t) => ({
      m: mention(String(t), { value: t }),
      sentence: `It is ${t}°C warmer.`,
      others: [] as Mention[],
      latest: 2024,
    })),
    fc.integer({ min: 1, max: 5_000_000 }).map((n) => {
      const text = n >= 10_000 ? n.toLocaleString("en-US") : String(n);
      return {
        m: mention(text, { value: n }),
        sentence: `There are ${text} known species.`,
        others: [] as Mention[],
        latest: 2024,
      };
    }),
    fc.integer({ min: 1, max: 999 }).map((n) => {
      const text = (n / 1000).toFixed(3);
      return {
        m: mention(text, { value: n / 1000 }),
        sentence: `The rate is ${text} per day.`,
        others: [] as Mention[],
        latest: 2024,
      };
    }),
  );

  it("never gives the key, never crosses its bounds, and writes each like the key (property)", () => {
    fc.assert(
      fc.property(keys, fc.integer(), ({ m, sentence, others, latest }, seed) => {
        const { reading, options } = vary(m, sentence, others, latest, seed);
        expect(reading).not.toBeNull();
        // "97–_____%" under 100 leaves room for one wrong number only; anything roomier has more.
        if (roomOf(reading as NumberReading) >= 6) expect(options.length).toBeGreaterThanOrEqual(2);
        expectPlainlyWrong(m.text, reading as NumberReading, options);
      }),
      { numRuns: 400 },
    );
  });

  it("puts the key at any place among the options, not always the middle (property)", () => {
    const ranks = new Set<number>();
    fc.assert(
      fc.property(fc.integer({ min: 20, max: 500 }), fc.integer(), (n, seed) => {
        const { options } = vary(mention(String(n), { value: n }), `There are ${n} species.`, [], 2024, seed);
        ranks.add([...options.map(Number), n].sort((a, b) => a - b).indexOf(n));
      }),
      { numRuns: 100 },
    );
    expect([...ranks].sort()).toEqual([0, 1, 2, 3]);
  });

  it("takes another mention as a wrong answer only of the key's measure, bounds and size (property)", () => {
    fc.assert(
      fc.property(keys, keys, (key, other) => {
        const k = readNumber(key.m, key.sentence, [key.m, ...key.others], key.latest) as NumberReading;
        const o = readNumber(
          other.m,
          other.sentence,
          [other.m, ...other.others],
          key.latest,
        ) as NumberReading;
        if (!isLikeNumber(k, key.m, o, other.m)) return;
        expect(o.measure).toBe(k.measure);
        expectPlainlyWrong(key.m.text, k, [other.m.text]);
      }),
      { numRuns: 400 },
    );
    const year = readNumber(
      mention("1347", { value: 1347 }),
      "The plague came in 1347.",
      [],
      2018,
    ) as NumberReading;
    const count = mention("1500", { value: 1500 });
    const workers = readNumber(count, "The mill had 1500 workers.", [], 2018) as NumberReading;
    expect(isLikeNumber(year, mention("1347", { value: 1347 }), workers, count)).toBe(false);
    const celsius = mention("33", { value: 33 });
    const fahrenheit = mention("59", { value: 59 });
    const sentence = "It would be some 33°C (59°F) cooler.";
    expect(
      isLikeNumber(
        readNumber(celsius, sentence, [], 2024) as NumberReading,
        celsius,
        readNumber(fahrenheit, sentence, [], 2024) as NumberReading,
        fahrenheit,
      ),
    ).toBe(false);
  });
});

describe("number and date items of the evaluation articles", () => {
  const EVAL = fileURLToPath(new URL("../../../tests/fixtures/eval-articles/", import.meta.url));
  let bundle: CourseBundle;
  let questions: Question[];
  beforeAll(async () => {
    const files = new Map<string, Uint8Array>();
    for (const entry of await readdir(EVAL, { recursive: true, withFileTypes: true })) {
      if (!entry.isFile()) continue;
      const path = `${entry.parentPath}/${entry.name}`;
      files.set(path.slice(EVAL.length).replace(/^\/+/, ""), await readFile(path));
    }
    bundle = buildCourseBundle(files);
    questions = [1, 7].flatMap((seed) => generateQuestions(bundle, { seed }).questions);
  }, 60_000);

  it("offer wrong numbers written like the key, in its order and bounds, and no year after the article", () => {
    const choices = questions.filter(
      (q): q is Extract<Question, { type: "single_choice" }> =>
        q.type === "single_choice" && /^(?:number\.|dates\.when)/.test(q.generator),
    );
    expect(choices.length).toBeGreaterThanOrEqual(8);
    for (const q of choices) {
      const key = q.options.find((o) => o.id === q.key)?.text ?? "";
      const article = bundle.articles.find((a) => a.id === q.sourceRefs[0]?.articleId);
      const articleYear = Number(article?.date?.slice(0, 4) ?? 9999);
      for (const o of q.options.filter((x) => x.id !== q.key)) {
        expect(frameOf(o.text), `${q.stem} ${o.text}`).toBe(frameOf(key));
        const values = digitsOf(o.text).map(numberOf);
        if (/%/.test(key) || /_____–\d+%|\d+–_____/.test(q.stem))
          for (const v of values) expect(v).toBeLessThan(100);
        if (/^\D*\d{4}\D*(?:\d{4}\D*)?$/.test(key) && !/,/.test(key))
          for (const v of values) {
            expect(Number.isInteger(v)).toBe(true);
            expect(v, `${q.stem} ${o.text}`).toBeLessThanOrEqual(articleYear);
          }
        if (values.length === 2) expect(values[0] as number).toBeLessThan(values[1] as number);
      }
    }
  });

  it("ask no typed number for a range held in one mention, nor for the dates of a life", () => {
    const numeric = questions.filter((q) => q.type === "numeric");
    expect(numeric.some((q) => /_____\.?”$/.test(q.stem) && /peaking in Europe _____/.test(q.stem))).toBe(
      false,
    );
    expect(questions.some((q) => /David Ricardo \(_____\)/.test(q.stem))).toBe(false);
  });
});
