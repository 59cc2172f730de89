import type { CourseBundle } from "./course.ts";
import { measureBankQuality, pickByStrategy, type TestWiseStrategy } from "./gates.ts";
import { answerTexts, isOneSided, statementOf } from "./quality.ts";
import type { Question, QuestionType } from "./schemas.ts";
import { extractNumbers, isSamePhraseInNumber, normalizeAnswer } from "./text.ts";

/** A scored item the set is chosen from: the question, the fact it tests and its score. */
export interface ScoredItem {
  question: Question;
  /** The fact the item tests: items on one fact are variants of each other. */
  fact: string;
  score: number;
  testsConcepts: string[];
}

const MIN_SET = 8;
/** Course-wide balancing never takes a lesson's set below this: every lesson that can be quizzed is. */
const MIN_LESSON_SET = 3;
const MAX_SET = 15;
/** No question type above this share of a set. */
const TYPE_CAP = 0.35;
/** Kinds worth having in a set wherever the lesson has them. */
const WANTED: QuestionType[] = ["ordering", "matching", "numeric"];
/** What a retry takes off an item whose fact it cannot ask with a new answer. */
const STALE_PENALTY = 0.3;
/** How many attempts back a retry's selection replays to learn what the attempt before it asked. */
const LOOKBACK = 2;

/** The lesson an item belongs to: the one holding its first cited passage. */
export function lessonOf(bundle: CourseBundle, question: Question): string | undefined {
  const passageId = question.sourceRefs[0]?.passageId;
  return bundle.lessons.find((l) => passageId !== undefined && l.passageIds.includes(passageId))?.id;
}

function spanOf(q: Question): string {
  const ref = q.sourceRefs[0];
  return `${ref?.articleId}:${ref?.rawStart}`;
}

/** What a student answers: a number is one answer however it is written ("$5.576 million" = 5576000). */
function answerKey(q: Question): string {
  if (q.type === "true_false") return `tf:${q.key}`;
  return answerTexts(q)
    .map((t) => {
      const number = extractNumbers(t)[0];
      return number ? String(number.value) : normalizeAnswer(t);
    })
    .join("|");
}

/**
 * Whether two items ask one answer: the same words in either number ("antigen", "antigens") or one
 * answer the head of the other ("downturn", "economic downturn"), or the same number however written.
 * A true/false, a select-all, an ordering or a matching asks no one answer.
 */
function asksSameAnswer(a: Question, b: Question): boolean {
  const single = (q: Question) => !["true_false", "multiple_choice", "ordering", "matching"].includes(q.type);
  if (!single(a) || !single(b)) return false;
  if (answerKey(a) === answerKey(b)) return true;
  return answerTexts(a).some((x) =>
    answerTexts(b).some((y) => {
      if (/\d/.test(x) || /\d/.test(y)) return false;
      const [short, long] = [normalizeAnswer(x), normalizeAnswer(y)].sort((m, n) => m.length - n.length);
      const head = (long ?? "")
        .split(" ")
        .slice(-(short ?? "").split(" ").length)
        .join(" ");
      return isSamePhraseInNumber(short ?? "", head);
    }),
  );
}

/**
 * Whether `shown` gives `asked`'s answer away: its stem or options say it ("Hepatitis refers to
 * inflammation of the liver" beside "Name the term for: inflammation of the liver").
 */
function givesAway(shown: Question, asked: Question, sidesFlipped = false): boolean {
  if (asked.type === "true_false" || asked.type === "ordering" || asked.type === "matching") return false;
  const text = ` ${normalizeAnswer([shownText(shown, sidesFlipped), ...("options" in shown ? shown.options.map((o) => o.text) : [])].join(" "))} `;
  return answerTexts(asked).some((a) => {
    const answer = normalizeAnswer(a);
    return answer.length >= 4 && text.includes(` ${answer} `);
  });
}

/**
 * What an item shows. A statement of both sides changes side with every variant (the generators'
 * truthFor), so a replay of the variant before (`sidesFlipped`) sees the other side: a false
 * statement's true version (its correction), or, for a true one, a false version this bank does not
 * hold, which swaps the fact's answer out.
 */
function shownText(q: Question, sidesFlipped: boolean): string {
  if (q.type !== "true_false" || !sidesFlipped || isOneSided(q)) return q.stem;
  return q.key ? "" : (q.correction ?? "");
}

/** The facts of one passage of the source (every blank of one sentence) are one fact with several answers. */
function passageFact(q: Question): string {
  return q.sourceRefs.map((r) => `${r.articleId}:${r.rawStart}:${r.rawEnd}`).join(",");
}

/** A fact's answer as a retry tells answers apart: a true/false statement is one, whichever side it states. */
function factAnswer(q: Question): string {
  return q.type === "true_false" ? "tf" : answerKey(q);
}

/** An item a lesson's set may take. */
interface PoolItem extends ScoredItem {
  /** A retry's one form of a fact's fresh answer: it may pass the lesson's type cap. */
  isSoleFresh?: boolean;
}

/** What a set asked, by `${passageFact}|${factAnswer}`: the types it asked that answer in. */
type Asked = Map<string, Set<QuestionType>>;

/**
 * For each fact, the items a given variant may show: the best-scored items of its distinct answers,
 * taken in turns that rotate with the variant, so that a retry asks each fact for a different answer.
 * `asked` is what the attempt before asked: a retry turns first to answers it did not ask, asks an
 * answer it did in another type where it has one, and ranks a fact with nothing fresh last.
 */
function pickPerFact(
  items: readonly ScoredItem[],
  variant: number,
  asked: Asked,
  sidesFlipped: boolean,
): PoolItem[] {
  // The facts of one passage of the source (every blank of one sentence) rotate together: a retry
  // that blanks another number of the same sentence asks something new of it.
  const byFact = new Map<string, ScoredItem[]>();
  for (const item of items) {
    const key = passageFact(item.question);
    byFact.set(key, [...(byFact.get(key) ?? []), item]);
  }
  const picked: PoolItem[] = [];
  // The facts with a true statement on a term in use, in the source's order: every other one starts
  // on its statement, so a set asks half of them as true/false and half by their blanks.
  const termFacts = [...byFact]
    .filter(([, members]) => members.some((m) => m.question.generator === "claim.term"))
    .map(([fact]) => fact)
    .sort();
  for (const [fact, members] of byFact) {
    // From here on the passage is the fact: its items are variants of one another.
    const group = members.map((item) => ({ ...item, fact }));
    const sorted = [...group].sort((a, b) => b.score - a.score || a.question.id.localeCompare(b.question.id));
    // A fact's answers in an order every variant shares (a true/false statement is one answer,
    // whichever side a variant states), paired into turns of two answers asked by items of two types.
    const keyOf = (i: ScoredItem) => factAnswer(i.question);
    // A one-sided statement (isOneSided) comes last: the fact's blanks are asked first.
    const oneSidedTf =
      sorted.some((i) => keyOf(i) === "tf") &&
      sorted.filter((i) => keyOf(i) === "tf").every((i) => isOneSided(i.question));
    const remaining = [...new Set(sorted.map(keyOf))]
      .sort()
      .sort((a, b) => Number(oneSidedTf && a === "tf") - Number(oneSidedTf && b === "tf"));
    const typeOf = (key: string) => sorted.find((i) => keyOf(i) === key)?.question.type;
    const hasOtherType = (key: string, type: string | undefined) =>
      sorted.some((i) => keyOf(i) === key && i.question.type !== type);
    // Two answers asked together must not give each other away: some item of one beside some of the other.
    const leaks = (a: ScoredItem, b: ScoredItem) =>
      givesAway(a.question, b.question, sidesFlipped) || givesAway(b.question, a.question, sidesFlipped);
    // A true/false statement may pair with anything: which side a variant states decides whether it
    // gives the other answer away, and the pick below takes the side that does not.
    // A statement with only a true side (isOneSided: a sentence whose blank is the fact's other
    // answer) is a turn of its own: asked beside the blank it would be one answer asked twice.
    const sides = (k: string) => sorted.filter((i) => keyOf(i) === k && k === "tf");
    const isTermStatement = (k: string) =>
      sides(k).length > 0 && sides(k).every((i) => isOneSided(i.question));
    const canPair = (first: string, key: string) =>
      !isTermStatement(first) &&
      !isTermStatement(key) &&
      (key === "tf" ||
        first === "tf" ||
        sorted.some((a) => keyOf(a) === first && sorted.some((b) => keyOf(b) === key && !leaks(a, b))));
    const turns: string[][] = [];
    while (remaining.length > 0) {
      const first = remaining.shift() as string;
      const other = remaining.findIndex((k) => hasOtherType(k, typeOf(first)) && canPair(first, k));
      turns.push(other < 0 ? [first] : [first, ...remaining.splice(other, 1)]);
    }
    // A statement of both sides changes side with every variant: asked again, it asks the other version.
    const isFresh = (key: string | undefined) =>
      key !== undefined && (!asked.has(`${fact}|${key}`) || (key === "tf" && !oneSidedTf));
    // One turn of two: a retry asks its second answer alone, which the first set asked least.
    const only = turns[0] ?? [];
    // A fact whose true/false statement is a turn of its own (it would give the blank away) starts
    // where its place among those facts says, and a retry still moves each to its next turn.
    const ownTurn = turns.some((t) => t.length === 1 && t[0] === "tf");
    const start = ownTurn ? (termFacts.indexOf(fact) + 1) % turns.length : 0;
    // Unless its statement states both sides: a retry then asks the turn whole, the statement on its
    // other side and the blank in a type the attempt before did not ask it in.
    const newForm = (key: string) =>
      sorted.some((i) => keyOf(i) === key && !asked.get(`${fact}|${key}`)?.has(i.question.type));
    const askedWhole =
      only.includes("tf") &&
      !oneSidedTf &&
      only.every((k) => k === "tf" || newForm(k)) &&
      sorted.some((a) => keyOf(a) !== "tf" && sorted.some((b) => keyOf(b) === "tf" && !leaks(a, b)));
    const rotated =
      turns.length === 1 && variant > 0 && only.length === 2 && !askedWhole
        ? [only[variant % 2] as string]
        : (turns[(start + variant) % turns.length] ?? []);
    // Where the rotation lands on answers the attempt before asked, the next turn with a fresh one;
    // within a turn, a fresh answer leads.
    const wanted = [
      ...(variant === 0 || rotated.some(isFresh) ? rotated : (turns.find((t) => t.some(isFresh)) ?? rotated)),
    ].sort((a, b) => Number(!isFresh(a)) - Number(!isFresh(b)));
    // An answer the attempt before asked cannot be asked afresh: a retry takes it last, after fresh facts.
    const staleOf = (key: string | undefined) => (variant > 0 && !isFresh(key) ? STALE_PENALTY : 0);
    const stale = staleOf(wanted[0]);
    // Asked again, an answer is asked in a type it was not asked in where it has one (the cloze the
    // first set asked becomes a choice); else its best-scored type.
    const forms = [...new Set(sorted.filter((i) => keyOf(i) === wanted[0]).map((i) => i.question.type))];
    const before = asked.get(`${fact}|${wanted[0]}`);
    const form = (before && forms.find((t) => !before.has(t))) ?? forms[0];
    const primary = sorted.find((i) => keyOf(i) === wanted[0] && i.question.type === form);
    const twinOf = (p: ScoredItem) =>
      sorted.find((i) => keyOf(i) === wanted[0] && i.question.type !== p.question.type);
    const first: PoolItem | undefined = primary && { ...primary, score: primary.score - stale };
    if (first) picked.push(first);
    // The same answer in another type stands by, should the set's type cap refuse the primary:
    // the fact is then still asked for this turn's answer, not only for its second one.
    const twin = primary && twinOf(primary);
    // It ranks below the primary, which a retry may have taken in its lower-scored type.
    if (twin && primary) picked.push({ ...twin, score: Math.min(twin.score, primary.score) - 0.2 - stale });
    // Two blanks in one quoted sentence test that sentence twice: one of them is enough.
    const quotes = (q: Question) => q.type !== "true_false" && statementOf(q) !== null;
    // It too takes a type the attempt before did not ask it in, where it has one.
    const askedAs = asked.get(`${fact}|${wanted[1]}`);
    const secondary = [...sorted]
      .sort(
        (a, b) =>
          Number(askedAs?.has(a.question.type) ?? false) - Number(askedAs?.has(b.question.type) ?? false),
      )
      .find(
        (i) =>
          wanted[1] !== undefined &&
          keyOf(i) === wanted[1] &&
          i.question.type !== primary?.question.type &&
          !(primary && quotes(primary.question) && quotes(i.question)) &&
          !(primary && leaks(primary, i)),
      );
    if (secondary) picked.push({ ...secondary, score: secondary.score - 0.15 - staleOf(wanted[1]) });
    // A retry's fresh answer in one form only, beside an answer the attempt before asked: were the
    // lesson's type cap to refuse it, the fact would be asked only for what the student has met.
    if (first && secondary && stale === 0 && staleOf(wanted[1]) > 0 && !twinOf(first))
      first.isSoleFresh = true;
  }
  return picked;
}

/**
 * Chooses each lesson's default quiz set from scored items: about 8 to 15 of the best, covering the
 * lesson's concepts (two items of two types each where it can), ordering, matching and numeric items
 * wherever the lesson has them, no type above 35%, one item per fact and answer. Returns the chosen
 * question ids per lesson.
 *
 * @example
 * const sets = selectQuizSets(bundle, scored, 0);
 * sets.get(lessonId) // ["q-…", …]
 */
export function selectQuizSets(
  bundle: CourseBundle,
  items: readonly ScoredItem[],
  variant: number,
): Map<string, string[]> {
  // A retry avoids what the attempt before it asked: the sets the variants before choose from these
  // items, each avoiding its own predecessor, from at most LOOKBACK variants back (a retry costs
  // LOOKBACK + 1 selections, however many attempts came before).
  let asked: Asked = new Map();
  // How many items the set before held: the type cap takes a retry's set no smaller.
  let askedCount = 0;
  const byId = new Map(items.map((i) => [i.question.id, i.question]));
  for (let before = Math.max(0, variant - LOOKBACK); before < variant; before++) {
    const next: Asked = new Map();
    const ids = [
      ...chooseSets(bundle, items, before, {
        asked,
        askedCount,
        sidesFlipped: (variant - before) % 2 === 1,
      }).values(),
    ].flat();
    for (const id of ids) {
      const q = byId.get(id);
      if (!q) continue;
      const key = `${passageFact(q)}|${factAnswer(q)}`;
      next.set(key, new Set([...(next.get(key) ?? []), q.type]));
    }
    asked = next;
    askedCount = ids.length;
  }
  return chooseSets(bundle, items, variant, { asked, askedCount, sidesFlipped: false });
}

/** What a selection knows of the set before it. */
interface Before {
  asked: Asked;
  /** The size of the set before (0 for a first set). */
  askedCount: number;
  /** A replay of a variant whose statements stand on the other side (see shownText). */
  sidesFlipped: boolean;
}

function chooseSets(
  bundle: CourseBundle,
  items: readonly ScoredItem[],
  variant: number,
  { asked, askedCount, sidesFlipped }: Before,
): Map<string, string[]> {
  const sets = new Map<string, string[]>();
  const scoreOf = new Map<string, { type: QuestionType; score: number; lesson: string }>();
  const byLesson = new Map<string, ScoredItem[]>();
  for (const item of items) {
    const lesson = lessonOf(bundle, item.question);
    if (lesson) byLesson.set(lesson, [...(byLesson.get(lesson) ?? []), item]);
  }
  /** Good items no set took, by lesson: what can join a set to dilute a type over its cap. */
  const reserve: { item: ScoredItem; lesson: string }[] = [];
  for (const lesson of bundle.lessons) {
    const pool = pickPerFact(byLesson.get(lesson.id) ?? [], variant, asked, sidesFlipped).sort(
      (a, b) => b.score - a.score || a.question.id.localeCompare(b.question.id),
    );
    const facts = new Set(pool.map((p) => p.fact)).size;
    const target = Math.min(MAX_SET, Math.max(MIN_SET, facts));
    // "About 35%": three of eight, not two, or a lesson of few forms could never fill its set.
    const cap = Math.max(2, Math.round(TYPE_CAP * target));
    const chosen: PoolItem[] = [];
    const answers = new Set<string>();
    const count = (type: QuestionType) => chosen.filter((c) => c.question.type === type).length;
    const take = (item: PoolItem, anyType = false): boolean => {
      const key = `${item.fact}|${answerKey(item.question)}`;
      const sameFact = chosen.filter((c) => c.fact === item.fact).length;
      if (chosen.length >= target || chosen.includes(item) || answers.has(key)) return false;
      // A set asks an answer once, in whichever type: the bank keeps the rest for retries.
      if (chosen.some((c) => asksSameAnswer(c.question, item.question))) return false;
      if ((!anyType && !item.isSoleFresh && count(item.question.type) >= cap) || sameFact >= 2) return false;
      // One item per source sentence: three blanks in one sentence test one sentence three times.
      const span = spanOf(item.question);
      if (chosen.some((c) => c.fact !== item.fact && spanOf(c.question) === span)) return false;
      if (
        sameFact === 1 &&
        chosen.some(
          (c) =>
            c.fact === item.fact &&
            (c.question.type === item.question.type ||
              givesAway(c.question, item.question, sidesFlipped) ||
              givesAway(item.question, c.question, sidesFlipped)),
        )
      )
        return false;
      chosen.push(item);
      answers.add(key);
      return true;
    };
    // Kinds a set should have wherever the lesson has them (they span several sentences), then the
    // lesson's concepts: the two best items of two types on each.
    for (const type of WANTED) {
      if (count(type) === 0) pool.find((p) => p.question.type === type && take(p));
    }
    for (const conceptId of lesson.conceptIds) {
      // A select-all holds the idea as one statement of several, cited by its first: it would take
      // the sentence from the items that ask the idea itself (its meaning, its likeness), so it comes after them.
      const on = pool
        .filter((p) => p.testsConcepts.includes(conceptId))
        .sort((a, b) => Number(isSelectAll(a)) - Number(isSelectAll(b)));
      const first = on.find((p) => take(p));
      if (first) on.find((p) => p.question.type !== first.question.type && take(p));
    }
    // The gates and the flaw checks decide what may be asked; the score only ranks what passed them.
    for (const p of pool) if (chosen.filter((c) => c.fact === p.fact).length === 0) take(p);
    for (const p of pool) take(p);
    // A lesson with few facts may have them all in one type: a set of eight with one type over its
    // share beats a set of three, so the set fills to MIN_SET with its other facts in any type.
    for (const p of pool)
      if (chosen.length < MIN_SET && chosen.filter((c) => c.fact === p.fact).length === 0) take(p, true);
    sets.set(
      lesson.id,
      chosen.map((c) => c.question.id),
    );
    for (const c of chosen)
      scoreOf.set(c.question.id, { type: c.question.type, score: c.score, lesson: lesson.id });
    const shown = new Set(chosen.map((c) => c.fact));
    const spans = new Set(chosen.map((c) => spanOf(c.question)));
    for (const p of pool)
      if (!shown.has(p.fact) && !spans.has(spanOf(p.question))) reserve.push({ item: p, lesson: lesson.id });
  }
  // Balancing removes items, which can tip a type over its cap again: cap, balance, cap.
  const byId = new Map(items.map((i) => [i.question.id, i]));
  limitRepeats(sets, byId, asked);
  capTypes(sets, scoreOf, byId, reserve, { asked, askedCount, sidesFlipped });
  balanceSets(sets, byId);
  capTypes(sets, scoreOf, byId, reserve, { asked, askedCount, sidesFlipped });
  return sets;
}

function isSelectAll(item: ScoredItem): boolean {
  return item.question.type === "multiple_choice" && item.question.sourceRefs.length > 1;
}

/** A form that asks about an idea itself (its definition, likeness, cause), not a blank in a sentence naming it. */
const ON_THE_IDEA = /^(?:definition|analogy|cause|claims)/;

/**
 * Whether an item keeps a concept at two items of two types in the sets: without it, the concept
 * would be asked once, or in one form only. An item on the idea itself counts only the others on it:
 * a blank on the concept's name in some sentence does not stand in for asking what it means.
 */
function keepsConcept(id: string, inSets: readonly string[], byId: Map<string, ScoredItem>): boolean {
  const onIdea = ON_THE_IDEA.test(byId.get(id)?.question.generator ?? "");
  return (byId.get(id)?.testsConcepts ?? []).some((concept) => {
    const others = inSets.filter((x) => {
      const other = byId.get(x);
      return (
        x !== id &&
        other?.testsConcepts.includes(concept) &&
        (!onIdea || ON_THE_IDEA.test(other.question.generator))
      );
    });
    const types = new Set(others.map((x) => byId.get(x)?.question.type));
    return others.length < 2 || types.size < 2;
  });
}

/** Whether every concept `id` keeps at two items of two types is still kept so once `twin` stands in for it. */
function keepsAfterSwap(id: string, twin: string, inSets: readonly string[], byId: Map<string, ScoredItem>) {
  const after = inSets.map((x) => (x === id ? twin : x));
  return (byId.get(id)?.testsConcepts ?? []).every((concept) => {
    const on = after.filter((x) => byId.get(x)?.testsConcepts.includes(concept));
    return on.length >= 2 && new Set(on.map((x) => byId.get(x)?.question.type)).size >= 2;
  });
}

/**
 * Whether an item asks what the attempt before asked: the same fact, answer and type. A statement
 * of both sides does not: it changes side with every variant (the generators' truthFor), so a retry
 * states the fact's other version and keys the other answer.
 */
function isRepeat(id: string, byId: Map<string, ScoredItem>, asked: Asked): boolean {
  const q = byId.get(id)?.question;
  if (!q || (q.type === "true_false" && !isOneSided(q))) return false;
  return asked.get(`${passageFact(q)}|${factAnswer(q)}`)?.has(q.type) === true;
}

/**
 * A retry asks at most this share of its set again (an item of the attempt before: the same fact,
 * answer and type): past it, the weakest repeats leave, a lesson keeping at least MIN_LESSON_SET.
 */
const MAX_REPEAT_SHARE = 1 / 3;

function limitRepeats(sets: Map<string, string[]>, byId: Map<string, ScoredItem>, asked: Asked): void {
  const score = (id: string) => byId.get(id)?.score ?? 0;
  for (;;) {
    const ids = [...sets.values()].flat();
    const repeats = ids.filter((id) => isRepeat(id, byId, asked));
    if (repeats.length <= MAX_REPEAT_SHARE * ids.length) return;
    const weakest = repeats
      .filter(
        (id) =>
          ([...sets.values()].find((set) => set.includes(id))?.length ?? 0) > MIN_LESSON_SET &&
          !keepsConcept(id, ids, byId),
      )
      .sort((a, b) => score(a) - score(b))[0];
    if (!weakest) return;
    for (const [lesson, set] of sets)
      if (set.includes(weakest))
        sets.set(
          lesson,
          set.filter((x) => x !== weakest),
        );
  }
}

/**
 * Whether a true/false statement may stand in for `question`, an item on the same sentence, and ask
 * the fact afresh: a statement of both sides that no item of the sets on the fact gives away or
 * repeats, and that the attempt before did not ask, or asked on its other side (a two-sided statement
 * changes side with every variant, so a retry states the other version of the fact and keys the
 * other answer).
 */
function isFreshStatement(
  statement: Question,
  question: Question,
  inSets: readonly string[],
  byId: Map<string, ScoredItem>,
  asked: Asked,
  sidesFlipped: boolean,
): boolean {
  if (statement.type !== "true_false" || question.type === "true_false") return false;
  const fact = passageFact(statement);
  if (fact !== passageFact(question)) return false;
  if (isOneSided(statement) && asked.has(`${fact}|tf`)) return false;
  return inSets.every((id) => {
    const other = byId.get(id)?.question;
    if (!other || other.id === question.id || passageFact(other) !== fact) return true;
    return (
      other.type !== "true_false" &&
      !givesAway(statement, other, sidesFlipped) &&
      !givesAway(other, statement, sidesFlipped)
    );
  });
}

/**
 * Across the course's sets, no type above its cap: the weakest items of a type over it leave, but
 * never one that keeps a concept at two items.
 */
function capTypes(
  sets: Map<string, string[]>,
  scoreOf: Map<string, { type: QuestionType; score: number; lesson: string }>,
  byId: Map<string, ScoredItem>,
  reserve: { item: ScoredItem; lesson: string }[],
  { asked, askedCount, sidesFlipped }: Before,
): void {
  // A share means little in a handful of items, and a retry's set stays the size of the set before:
  // below either, nothing more leaves (the mix then stays as it is).
  const floor = Math.max(MIN_SET, askedCount);
  for (;;) {
    const ids = [...sets.values()].flat();
    const counts = new Map<QuestionType, number>();
    for (const id of ids) {
      const type = scoreOf.get(id)?.type;
      if (type) counts.set(type, (counts.get(type) ?? 0) + 1);
    }
    const over = [...counts].find(([, n]) => n > TYPE_CAP * ids.length);
    if (!over) break;
    // First dilute: the best reserve item of a type that stays within its cap joins its lesson's set.
    const inSets = new Set(ids);
    const factsIn = new Set(ids.map((id) => byId.get(id)?.fact));
    const joiner = reserve.find(
      ({ item, lesson }) =>
        !inSets.has(item.question.id) &&
        !factsIn.has(item.fact) &&
        (sets.get(lesson)?.length ?? 0) < MAX_SET &&
        !(sets.get(lesson) ?? []).some((id) => {
          const q = byId.get(id)?.question;
          return q !== undefined && asksSameAnswer(q, item.question);
        }) &&
        (counts.get(item.question.type) ?? 0) + 1 <= TYPE_CAP * (ids.length + 1),
    );
    if (joiner) {
      sets.set(joiner.lesson, [...(sets.get(joiner.lesson) ?? []), joiner.item.question.id]);
      scoreOf.set(joiner.item.question.id, {
        type: joiner.item.question.type,
        score: joiner.item.score,
        lesson: joiner.lesson,
      });
      continue;
    }
    // Then drop the weakest of the type that keeps no concept at two items of two types: a concept
    // asked twice matters more than a share, so when every item of the type keeps one, the type stays.
    const ofType = ids
      .filter(
        (id) =>
          scoreOf.get(id)?.type === over[0] &&
          // The course's mix is not worth a lesson's set: none goes below MIN_SET for it.
          (sets.get(scoreOf.get(id)?.lesson ?? "")?.length ?? 0) > MIN_SET,
      )
      .sort((a, b) => (scoreOf.get(a)?.score ?? 0) - (scoreOf.get(b)?.score ?? 0));
    // Or swap: an item of the type over its cap gives way to its twin on the same sentence and answer
    // in a type within its cap (the cloze of a blank the set asks with options): no lesson shrinks.
    const swap = ids
      .filter((id) => scoreOf.get(id)?.type === over[0])
      .sort((a, b) => (scoreOf.get(a)?.score ?? 0) - (scoreOf.get(b)?.score ?? 0))
      .flatMap((id) => {
        const question = byId.get(id)?.question;
        const twin = [...byId.values()].find(
          (t) =>
            question !== undefined &&
            !inSets.has(t.question.id) &&
            !isRepeat(t.question.id, byId, asked) &&
            spanOf(t.question) === spanOf(question) &&
            // The same answer, so a retry's rotation of answers per fact stays as it was; or the
            // fact's true/false statement where it asks something new (see isFreshStatement).
            (answerKey(t.question) === answerKey(question) ||
              isFreshStatement(t.question, question, ids, byId, asked, sidesFlipped)) &&
            (counts.get(t.question.type) ?? 0) + 1 <= TYPE_CAP * ids.length &&
            // An item that keeps a concept at two items of two types may give way only to a twin
            // that keeps it so.
            (!keepsConcept(id, ids, byId) || keepsAfterSwap(id, t.question.id, ids, byId)),
        );
        return twin ? [{ id, twin }] : [];
      })[0];
    const swapLesson = swap ? scoreOf.get(swap.id)?.lesson : undefined;
    if (swap && swapLesson) {
      sets.set(
        swapLesson,
        (sets.get(swapLesson) ?? []).map((x) => (x === swap.id ? swap.twin.question.id : x)),
      );
      scoreOf.set(swap.twin.question.id, {
        type: swap.twin.question.type,
        score: swap.twin.score,
        lesson: swapLesson,
      });
      continue;
    }
    // What must leave, a retry takes first from what the attempt before asked in the same type and
    // answer: the student has met it.
    const repeat = ofType.find((id) => isRepeat(id, byId, asked) && !keepsConcept(id, ids, byId));
    const repeatLesson = repeat ? scoreOf.get(repeat)?.lesson : undefined;
    if (repeat && repeatLesson && ids.length > floor) {
      sets.set(
        repeatLesson,
        (sets.get(repeatLesson) ?? []).filter((id) => id !== repeat),
      );
      continue;
    }
    const weakest = ofType.find((id) => !keepsConcept(id, ids, byId));
    const lesson = weakest ? scoreOf.get(weakest)?.lesson : undefined;
    if (!weakest || !lesson || ids.length <= floor) break;
    sets.set(
      lesson,
      (sets.get(lesson) ?? []).filter((id) => id !== weakest),
    );
  }
}

/**
 * Within the course's sets as a whole, no surface strategy beats chance by more than 10 points and
 * true/false answers stay near half and half: the weakest item that tips the balance leaves its set.
 */
function balanceSets(sets: Map<string, string[]>, byId: Map<string, ScoredItem>): void {
  const remove = (id: string) => {
    for (const [lesson, ids] of sets)
      if (ids.includes(id))
        sets.set(
          lesson,
          ids.filter((x) => x !== id),
        );
  };
  // Items that test a concept by name go last: they are what the set is for.
  const rank = (id: string) => (byId.get(id)?.testsConcepts.length ? 1 : 0) + (byId.get(id)?.score ?? 0) / 2;
  // Never the item that keeps a concept at two items in the sets.
  const weakest = (ids: string[]) => {
    const inSets = [...sets.values()].flat();
    const lessonSize = (id: string) => [...sets.values()].find((set) => set.includes(id))?.length ?? 0;
    return [...ids]
      .filter((id) => lessonSize(id) > MIN_LESSON_SET && !keepsConcept(id, inSets, byId))
      .sort((a, b) => rank(a) - rank(b))[0];
  };
  for (let round = 0; round < 50; round++) {
    const questions = [...sets.values()].flat().flatMap((id) => {
      const q = byId.get(id)?.question;
      return q ? [q] : [];
    });
    const quality = measureBankQuality(questions, 0.1);
    const worst = (Object.entries(quality.strategies) as [TestWiseStrategy, number][])
      .filter(([, score]) => score > quality.chance + 0.1)
      .sort((a, b) => b[1] - a[1])[0];
    if (worst) {
      const victims = questions
        .filter((q) => {
          const picks = pickByStrategy(q, worst[0]);
          return q.type === "single_choice" && picks.length === 1 && picks[0]?.id === q.key;
        })
        .map((q) => q.id);
      const victim = weakest(victims);
      if (victim) {
        remove(victim);
        continue;
      }
    }
    const trueFalse = questions.filter((q) => q.type === "true_false");
    const trues = trueFalse.filter((q) => q.key === true).map((q) => q.id);
    const falses = trueFalse.filter((q) => q.key === false).map((q) => q.id);
    const major = trues.length > falses.length ? trues : falses;
    const minor = major === trues ? falses : trues;
    if (major.length - minor.length > Math.max(1, 0.2 * trueFalse.length)) {
      const victim = weakest(major);
      if (victim) {
        remove(victim);
        continue;
      }
    }
    break;
  }
}

/** Words a passage may have to be shown whole beside its questions. */
const MAX_STIMULUS_WORDS = 150;

/**
 * Passage groups in the sets: where two or more items of a lesson's set are asked on one short
 * passage alone, they share it as a stimulus (shown once, with all of them). Items that quote the
 * passage to complete it stay apart: with the passage in view they would ask only to copy it.
 * Returns question id → passage id.
 *
 * @example
 * const stimuli = groupStimuli(bundle, questions, sets);
 * stimuli.get(questionId) // "article-p-3"
 */
export function groupStimuli(
  bundle: CourseBundle,
  questions: readonly Question[],
  sets: ReadonlyMap<string, readonly string[]>,
): Map<string, string> {
  const byId = new Map(questions.map((q) => [q.id, q]));
  const words = new Map(bundle.passages.map((p) => [p.id, p.text.split(/\s+/).length]));
  const stimuli = new Map<string, string>();
  for (const ids of sets.values()) {
    const byPassage = new Map<string, string[]>();
    for (const id of ids) {
      const q = byId.get(id);
      const passages = new Set(q?.sourceRefs.map((r) => r.passageId));
      const [passage] = passages;
      if (!q || passages.size !== 1 || passage === undefined || q.stem.includes("“")) continue;
      if ((words.get(passage) ?? Number.POSITIVE_INFINITY) > MAX_STIMULUS_WORDS) continue;
      byPassage.set(passage, [...(byPassage.get(passage) ?? []), id]);
    }
    for (const [passage, members] of byPassage)
      if (members.length >= 2) for (const id of members) stimuli.set(id, passage);
  }
  return stimuli;
}
