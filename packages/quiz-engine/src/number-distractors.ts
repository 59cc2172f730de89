/**
 * Wrong numbers that are plausible and plainly wrong: a year against other years of its age, a
 * percentage against percentages, a range against ranges in the same order, each written the way
 * the source writes the key. The numbers come from content's mentions (value, unit, scale); this
 * module only reads what the sentence around a mention says about it (a range's other end, "°C").
 */
import type { CourseBundle, Mention } from "./course.ts";
import { type Rng, shuffleWith } from "./random.ts";

/** What a number counts, as far as its wrong versions go. */
export type NumberMeasure = "year" | "percent" | "money" | "temperature" | "count" | "amount";

export interface NumberReading {
  measure: NumberMeasure;
  /**
   * The numbers as written, scale word left out: "$5.576 million" -> [5.576]. A range the mention
   * holds whole has both ends: "from 1347 to 1351" -> [1347, 1351].
   */
  written: number[];
  /** Decimal places of each written number. */
  decimals: number[];
  /**
   * The other ends of a range the mention is one end of ("30–60%": 30 is below 60), each with the
   * side the key is on; a wrong number keeps every one.
   */
  neighbours: { written: number; side: 1 | -1 }[];
  /** Exclusive bounds every wrong number keeps: a year before the article, a percentage under 100. */
  above: number;
  below: number;
  /** The year the article was written (or the course's latest): years are spaced by their age from it. */
  latestYear: number;
  /** "the 1760s": a decade, moved by tens. */
  isDecade: boolean;
  /** A unit the sentence writes after the number where content gave none: "33°C" -> "°C". */
  suffix?: string;
}

const DIGITS = /\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?/g;
const RANGE_JOIN = String.raw`\s*(?:–|—|-|to|(?:down|up) to|and)\s*`;
const MONTHS =
  /\b(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\b/i;
/** Words a year leans on: "in 1347", "by 1343", "around 1760", "the 1760s". */
const YEAR_LEAD =
  /\b(?:in|by|since|from|until|till|around|about|circa|c\.|before|after|during|between|through|to|and|the|of|early|late|mid|year|years)\s*$/i;
const NUMERIC_KINDS = new Set(["money", "percent", "number", "quantity"]);

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

function digitGroups(text: string): { text: string; index: number; value: number }[] {
  return [...text.matchAll(DIGITS)].map((m) => ({
    text: m[0],
    index: m.index,
    value: Number(m[0].replace(/,/g, "")),
  }));
}

/** The number a mention writes, without its scale word: "$5.576 million" -> 5.576. */
function writtenValue(mention: Mention): number | undefined {
  return mention.value === undefined ? undefined : mention.value / (mention.scale ?? 1);
}

/** The year an article was written, else the latest year the course knows of. */
export function latestYearOf(bundle: CourseBundle, articleId: string): number {
  const yearOf = (d: string | undefined) => Number(/^\d{4}/.exec(d ?? "")?.[0] ?? 0);
  const own = yearOf(bundle.articles.find((a) => a.id === articleId)?.date);
  if (own > 0) return own;
  return Math.max(
    0,
    ...bundle.articles.map((a) => yearOf(a.date)),
    ...bundle.mentions.filter((m) => m.kind === "date").map((m) => yearOf(m.normalized)),
  );
}

/**
 * Reads what a number mention is, from content's value, unit and scale and the sentence around it;
 * null when it is no single number or range to vary ("18 April 1772 – 11 September 1823", "three").
 *
 * @example
 * readNumber(mention("30"), "It killed 30–60% of Europe.", [mention("60%")], 2018);
 * // { measure: "percent", written: [30], neighbours: [{ written: 60, side: -1 }], above: 0, below: 100, … }
 */
export function readNumber(
  mention: Mention,
  sentence: string,
  sentenceMentions: readonly Mention[],
  latestYear: number,
): NumberReading | null {
  const groups = digitGroups(mention.text);
  const first = groups[0];
  if (!first || groups.length > 2 || MONTHS.test(mention.text) || mention.text.includes("/")) return null;
  let written: number[];
  if (groups.length === 2) {
    const between = mention.text.slice(first.index + first.text.length, groups[1]?.index);
    if (!new RegExp(`^${RANGE_JOIN}$`, "i").test(between)) return null;
    written = groups.map((g) => g.value);
  } else {
    const value = writtenValue(mention);
    // Content's value is the number; digits that say otherwise are not one number it read.
    if (value === undefined || Math.abs(value - first.value) > 1e-9 * Math.max(1, first.value)) return null;
    written = [value];
  }
  const decimals = groups.map((g) => /\.(\d+)$/.exec(g.text)?.[1]?.length ?? 0);
  const at = sentence.indexOf(mention.text);
  const before = at < 0 ? "" : sentence.slice(0, at);
  const after = at < 0 ? "" : sentence.slice(at + mention.text.length);

  const neighbourMentions = groups.length === 1 ? rangeNeighbours(mention, sentence, sentenceMentions) : [];
  const key = written[0] as number;
  const neighbours = neighbourMentions.flatMap((n) => {
    const value = writtenValue(n);
    return value === undefined || value === key
      ? []
      : [{ written: value, side: value < key ? 1 : -1 } as const];
  });

  const isYearShaped = groups.every((g) => /^\d{4}$/.test(g.text) && g.value >= 1000 && g.value <= 2100);
  const isYear =
    isYearShaped &&
    mention.unit === undefined &&
    mention.scale === undefined &&
    (groups.length === 2 ||
      mention.kind === "date" ||
      YEAR_LEAD.test(before) ||
      /^s\b/.test(after) ||
      neighbourMentions.some((n) => /^\d{4}$/.test(n.text)) ||
      !/^\s+[a-z]/.test(after));
  const temperature = /^\s*(?:°|º|degrees?\b)\s*(?:(?:celsius|fahrenheit|kelvin|[CFK])\b)?/i.exec(after)?.[0];
  const isPercent = mention.unit === "%" || neighbourMentions.some((n) => n.unit === "%");
  const measure: NumberMeasure = isPercent
    ? "percent"
    : mention.kind === "money"
      ? "money"
      : temperature
        ? "temperature"
        : isYear
          ? "year"
          : decimals.every((d) => d === 0)
            ? "count"
            : "amount";

  const low = Math.min(...written);
  const high = Math.max(...written);
  let above = high > 0 && low >= 0 ? 0 : Number.NEGATIVE_INFINITY;
  let below = high < 0 ? 0 : Number.POSITIVE_INFINITY;
  if (measure === "year") {
    // A year the article looks forward to stays in its future; any other stays in its past (a range
    // reaching past the article has only its order to keep).
    if (high <= latestYear) below = latestYear + 1;
    else if (low > latestYear) above = latestYear;
  }
  if (measure === "percent" && high < 100) below = 100;
  return {
    measure,
    written,
    decimals,
    neighbours,
    above,
    below,
    latestYear,
    isDecade: measure === "year" && /^s\b/.test(after),
    ...(measure === "temperature" && temperature
      ? {
          suffix: temperature
            .replace(/\s+/g, "")
            .replace(/^(?:º|degrees?)/i, "°")
            .toUpperCase(),
        }
      : {}),
  };
}

/** The mentions a mention makes a range with: "30–60%", "75 to 200 million", "between 5 and 10". */
function rangeNeighbours(mention: Mention, sentence: string, others: readonly Mention[]): Mention[] {
  const self = escapeRegExp(mention.text);
  return others.filter((o) => {
    if (o === mention || o.id === mention.id || !NUMERIC_KINDS.has(o.kind) || o.value === undefined)
      return false;
    if (digitGroups(o.text).length !== 1) return false;
    const other = escapeRegExp(o.text);
    const join = (a: string, b: string) =>
      new RegExp(`(?:^|(between\\s+)|[^\\d.,])${a}(${RANGE_JOIN})${b}(?![\\d.,])`, "i").exec(sentence);
    return [join(other, self), join(self, other)].some(
      (m) => m !== null && (!/\band\b/i.test(m[2] ?? "") || m[1] !== undefined),
    );
  });
}

/**
 * A round step near `size` (1, 2, 2.5 or 5 times a power of ten), never finer than `unit`; or, for
 * `roundUp`, the smallest of 1, 2 or 5 times a power of ten not under it.
 */
function niceStep(size: number, unit: number, roundUp = false): number {
  if (!(size > 0)) return unit;
  const power = 10 ** Math.floor(Math.log10(size));
  const steps = (roundUp ? [1, 2, 5, 10] : [1, 2, 2.5, 5, 10])
    .map((f) => f * power)
    .filter((s) => Math.abs(s / unit - Math.round(s / unit)) < 1e-9);
  const best = roundUp
    ? (steps.find((s) => s >= size - 1e-9) ?? 10 * power)
    : steps.reduce(
        (a, b) => (Math.abs(Math.log(b / size)) < Math.abs(Math.log(a / size)) ? b : a),
        steps[0] ?? unit,
      );
  return Math.max(best, unit);
}

/** How far apart a key's wrong numbers stand: a year by its age, anything else by about 30%. */
export function stepOf(reading: NumberReading): number {
  if (reading.measure === "year") {
    const age = Math.max(...reading.written.map((y) => Math.abs(reading.latestYear - y)));
    // A fifteenth of its age, rounded up: 50 years for 1450, 20 for 1760, one for last year.
    const step = niceStep(age / 15, 1, true);
    return reading.isDecade ? Math.max(10, Math.round(step / 10) * 10) : step;
  }
  const unit = 10 ** -Math.max(...reading.decimals);
  return niceStep(0.3 * Math.min(...reading.written.map(Math.abs)), unit);
}

/** Whether numbers could stand in a key's place: inside its bounds, on its side of each range end, in its order. */
export function fitsReading(reading: NumberReading, values: readonly number[]): boolean {
  if (values.length !== reading.written.length) return false;
  if (values.every((v, i) => v === reading.written[i])) return false;
  if (values.some((v) => !(v > reading.above && v < reading.below))) return false;
  if (reading.measure === "year" && values.some((v) => !Number.isInteger(v))) return false;
  if (reading.measure === "count" && values.some((v) => !Number.isInteger(v))) return false;
  if (values.length === 2) {
    const [a, b] = reading.written as [number, number];
    const [x, y] = values as [number, number];
    if (Math.sign(b - a) !== Math.sign(y - x)) return false;
  }
  const [value] = values as [number];
  return reading.neighbours.every((n) => Math.sign(value - n.written) === n.side);
}

function round(value: number, decimals: number): number {
  return Number(value.toFixed(decimals));
}

/** Writes numbers into a sample's digits, keeping its decimals, commas and words: "$5.576 million" -> "$7.576 million". */
export function writeLike(sample: string, values: readonly number[], reading?: NumberReading): string {
  const groups = digitGroups(sample);
  let out = "";
  let from = 0;
  groups.forEach((g, i) => {
    const value = values[i];
    if (value === undefined) return;
    const decimals = reading?.decimals[i] ?? /\.(\d+)$/.exec(g.text)?.[1]?.length ?? 0;
    const isYear = reading?.measure === "year";
    const grouped = g.text.includes(",") || (!isYear && Math.abs(value) >= 10_000);
    const body = grouped
      ? value.toLocaleString("en-US", { minimumFractionDigits: decimals, maximumFractionDigits: decimals })
      : value.toFixed(decimals);
    out += sample.slice(from, g.index) + body;
    from = g.index + g.text.length;
  });
  return out + sample.slice(from);
}

/**
 * Three or more wrong versions of a number mention, each plausible and plainly wrong: a number
 * moved by round steps of about a third (a year by steps that suit its age), with the key at a
 * random place among them so the middle option is not the answer; a range moved whole or by one
 * end, in its order. Empty when the key cannot be varied (zero, or nothing fits its bounds).
 *
 * @example
 * numberDistractors("60%", reading, rng); // e.g. ["20%", "40%", "80%"]
 */
export function numberDistractors(text: string, reading: NumberReading, rng: Rng): string[] {
  // Bounds close to the key ("30–_____%" under 100) may leave room only for finer steps.
  const unit = reading.measure === "year" ? 1 : 10 ** -Math.max(...reading.decimals);
  let out: string[] = [];
  for (let step = stepOf(reading); out.length < 3; step = niceStep(step / 2, unit)) {
    const next = distractorsAt(text, reading, step, rng);
    if (next.length > out.length) out = next;
    if (step <= unit) break;
  }
  return out;
}

function distractorsAt(text: string, reading: NumberReading, step: number, rng: Rng): string[] {
  const decimals = reading.decimals;
  const candidates: number[][] = [];
  if (reading.written.length === 2) {
    const [a, b] = reading.written as [number, number];
    for (const k of [-2, -1, 1, 2]) candidates.push([a + k * step, b + k * step]);
    candidates.push([a - step, b], [a + step, b], [a, b - step], [a, b + step]);
  } else {
    const [key] = reading.written as [number];
    if (key === 0) return [];
    // The key's rank among the four options is random: never always the middle one.
    for (const rank of shuffleWith([0, 1, 2, 3], rng)) {
      const window = [0, 1, 2, 3].filter((i) => i !== rank).map((i) => [key + (i - rank) * step]);
      if (
        window.every((w) =>
          fitsReading(
            reading,
            w.map((v, j) => round(v, decimals[j] ?? 0)),
          ),
        )
      ) {
        candidates.push(...window);
        break;
      }
    }
    if (candidates.length === 0)
      for (const k of [-1, 1, -2, 2, -3, 3, 4, -4]) candidates.push([key + k * step]);
  }
  const fitting = candidates
    .map((values) => values.map((v, i) => round(v, decimals[i] ?? 0)))
    .filter((values) => fitsReading(reading, values));
  const written = [...new Set(fitting.map((values) => writeLike(text, values, reading)))].filter(
    (w) => w !== text,
  );
  return reading.written.length === 2 ? shuffleWith(written, rng) : written.slice(0, 3);
}

/**
 * Whether another mention may stand as a wrong answer for a key: the same measure written the same
 * way (unit, scale, whole or decimal, range or not), inside the key's bounds and range order, and of
 * its size (a year within four steps, anything else within a factor of four), not the key's value.
 */
export function isLikeNumber(
  key: NumberReading,
  keyMention: Mention,
  other: NumberReading,
  otherMention: Mention,
): boolean {
  if (other.measure !== key.measure || otherMention.kind !== keyMention.kind) return false;
  if ((otherMention.unit ?? null) !== (keyMention.unit ?? null)) return false;
  if ((otherMention.scale ?? 1) !== (keyMention.scale ?? 1)) return false;
  if (other.isDecade !== key.isDecade || other.suffix !== key.suffix) return false;
  // Written like the key ("$0.106 billion" beside "$0.1 billion" would stand out by its precision).
  const isWrittenAlike =
    other.decimals.length === key.decimals.length && other.decimals.every((d, i) => d === key.decimals[i]);
  if (!isWrittenAlike || !fitsReading(key, other.written)) return false;
  const step = stepOf(key);
  return other.written.every((v, i) => {
    const k = key.written[i] as number;
    if (key.measure === "year") return Math.abs(v - k) <= 4 * step;
    return Math.abs(v - k) > 0.15 * Math.abs(k) && v / k <= 4 && k / v <= 4;
  });
}

/**
 * Other years for a date written with one year ("1343", "Around 1450", "the 1760s"), as
 * `numberDistractors` moves a year: round steps by its age, never after the article (or, for a year
 * after it, never before). Empty when the label holds no year.
 *
 * @example
 * yearDistractors("Around 1450", 2024, rng); // e.g. ["Around 1400", "Around 1500", "Around 1550"]
 */
export function yearDistractors(label: string, latestYear: number, rng: Rng): string[] {
  const year = /\b(\d{4})(s?)\b/.exec(label);
  if (!year?.[1]) return [];
  const value = Number(year[1]);
  const sample = year[1] + (year[2] ?? "");
  const reading: NumberReading = {
    measure: "year",
    written: [value],
    decimals: [0],
    neighbours: [],
    above: value <= latestYear ? 0 : latestYear,
    below: value <= latestYear ? latestYear + 1 : Number.POSITIVE_INFINITY,
    latestYear,
    isDecade: year[2] === "s",
  };
  return numberDistractors(sample, reading, rng).map(
    (y) => label.slice(0, year.index) + y + label.slice(year.index + sample.length),
  );
}
