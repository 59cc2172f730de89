import type { Stance } from "./bundle.ts";
import type { SegmentedArticle } from "./segment.ts";
import { startsUpper } from "./word-classes.ts";

/** The author argues against something: doubt, disagreement, or calling a claim wrong. */
const rejectionCue =
  /\b(?:i (?:am|'m|remain) (?:skeptical|sceptical|doubtful|unconvinced)|i doubt|i disagree|i reject|(?:is|are|was|were) (?:simply |plainly |clearly )?(?:wrong|false|untrue|a myth|myths|nonsense|misleading|baseless|unfounded|overblown)|there is no evidence|a (?:common )?misconception|the myth that|debunk(?:ed|s)?|it is not true|contrary to (?:popular belief|what|claims)|mistakenly|wrongly (?:believe|claim|assume)d?|far-fetched|(?:premature|too early|wrong|misleading) to (?:claim|say|conclude|declare|assume))\b/i;
/** What the author's doubt is about: claims, takes, theories. A rejection of these reaches the next sentence. */
const rejectedObject =
  /\b(?:claims?|takes?|theor(?:y|ies)|stor(?:y|ies)|ideas?|notions?|views?|narratives?|rumou?rs?|reports?|speculation|suggestions?)\b/i;
/** Verbs of saying and believing, in every tense a report uses ("some economists maintain", "she maintained"). */
const reportVerb = [
  ...[
    "claim",
    "report",
    "insist",
    "contend",
    "assert",
    "maintain",
    "warn",
    "fear",
    "suggest",
    "expect",
    "predict",
    "reckon",
  ].flatMap((v) => [v, `${v}s`, `${v}ed`]),
  ...["state", "note", "believe", "argue", "allege", "speculate", "assume", "estimate", "hope"].flatMap(
    (v) => [v, `${v}s`, `${v}d`],
  ),
  ..."said|says|say|denied|denies|deny|thought|think|thinks|told|wrote|writes|write".split("|"),
].join("|");
/** One verb of the list as a whole word, compiled once: it is looked for in every report cue. */
const reportVerbWord = new RegExp(`\\b(?:${reportVerb})\\b`, "iu");
const reportCue = new RegExp(
  `\\baccording to ([^,.;:]+)|(?:^|[,;:]\\s+|\\bthat\\s+)((?:[\\p{Lu}][\\p{L}'’.-]*|some|many|several|critics|analysts|experts|observers|skeptics|sceptics|investors|researchers|officials|they|he|she|watchers|people|others)(?:\\s+[\\p{L}'’.-]+){0,4}?)\\s+(?:have\\s+|had\\s+|has\\s+|were\\s+|was\\s+)?(?:initially\\s+|also\\s+|publicly\\s+|\\p{L}+ly\\s+)?(?:${reportVerb})\\b|\\bclaims? (?:made )?by ([^,.;:]+)|\\b(?:reportedly|allegedly|supposedly|rumou?red)\\b`,
  "iu",
);
/** A report that names no one: "it is said", "it has been estimated that …". */
const impersonalReport =
  /\bit (?:is|was|has been|had been) (?:said|claimed|reported|believed|alleged|rumou?red|estimated|thought|argued|suggested)\b/i;
/**
 * Words one of which every report cue holds: a cheap test first, since the cue pattern is tried at
 * every position of a sentence that has none.
 */
const reportWord = new RegExp(
  `\\b(?:according|${reportVerb}|reportedly|allegedly|supposedly|rumou?red)\\b`,
  "i",
);
const hedgeCue =
  /\b(?:perhaps|probably|possibly|maybe|might|could|likely|unlikely|seems?|seemed|appears? to|apparently|arguably|presumably|potentially|it is possible|may(?! \d))\b/i;
const negationCue =
  /\b(?:not(?! only)|never|no longer|neither|nor|cannot|nobody|nothing|none|no one)\b|n['’]t\b/i;
/** A sentence that turns back to the author's own voice ends a report or rejection frame. */
const authorTurn =
  /^(?:however|but|yet|still|nevertheless|nonetheless|eventually|in fact|actually,|i |we |my |our )/i;
const hedgeOpener = /^(?:perhaps|probably|possibly|maybe|presumably|or (?:perhaps|maybe))\b/i;
/**
 * The writer's own belief as the frame of a sentence: "I think …", "we suspect …", "In my view, …",
 * "I'm not sure …", "The gap, I believe, is closing." What follows is the author's opinion, not a fact
 * to learn; a report of what the writer found, measured or saw is no belief and stays asserted.
 * A belief verb counts only where it frames the sentence: at its start (after openers such as
 * "However," or a leading clause "If this holds,") or set off by commas; "the results we expect"
 * inside a clause frames nothing.
 */
const beliefVerb =
  "(?:(?:believed?|think|thought|suspect(?:ed)?|guess(?:ed)?|reckon(?:ed)?|expect(?:ed)?|doubt(?:ed)?|suppose|imagine)(?!\\s+(?:of|about)\\b)|fe(?:el|lt)(?: strongly)? (?:that|like|as if|as though)|(?:am|['’]m|are|['’]re) (?:not (?:sure|certain|convinced)|unsure|uncertain|convinced|confident|inclined to think))";
const beliefSubject = `(?:i|we)(?:(?:\\s+|(?=['’]))(?:also|still|really|honestly|genuinely|truly|personally|firmly|strongly|do|would|['’]d|tend to|(?:have|['’]ve) (?:always|long)|always|long|now|rather))*(?:\\s+|(?=['’]))${beliefVerb}`;
const opinionOpeners =
  "(?:(?:however|but|yet|still|and|also|so|now|then|besides|moreover|furthermore|finally|again|instead|personally|frankly|honestly|overall|ultimately|nevertheless|nonetheless|actually|indeed|that said|even so|in (?:the end|short|sum|fact)|of course|all in all|for now|at (?:this point|the moment|present))\\b,?\\s+)*";
const leadClause =
  "(?:(?:if|when|although|though|while|whereas|given|as|because|since|after|before|unless|despite|with|for|on|at|in|from|looking)\\b[^,;:]*,\\s*)?";
const opinionCue = new RegExp(
  `^[\\s"“'‘(]*${opinionOpeners}${leadClause}${opinionOpeners}(${beliefSubject})\\b|,\\s*(${beliefSubject})\\s*(?:[,.;:!?]|$)|\\b(in (?:my|our) (?:own )?(?:opinion|view)|to my mind|(?:it )?(?:seems|appears) to (?:me|us)|my (?:own )?(?:sense|guess|hunch|feeling|belief|view|opinion|bet) is)\\b`,
  "i",
);
/** The holder of a claim in the writer's own voice. */
export const AUTHOR_HOLDER = "the author";

function cleanHolder(holder: string | undefined): string | undefined {
  const cleaned = holder
    ?.replace(/^(?:and|but|so|also|then|that|,)\s+/i, "")
    .replace(/[\s,]+$/, "")
    .trim();
  // "…, the founder of DeepSeek, humbly stated": an adverb alone is no holder.
  return cleaned && cleaned.length > 0 && !/^\p{L}+ly$/iu.test(cleaned) ? cleaned : undefined;
}

/**
 * Marks each sentence with the stance it takes: asserted by the author, reported (someone else's:
 * "according to", "X said", "some claim"), hedged ("perhaps", "may"), rejected (the author argues
 * against it) or negated, with the cue words and the holder where the text names one.
 *
 * Stance carries across sentences in two ways: a doubt aimed at claims ("I am skeptical of … claims
 * made by one investor.") marks the claim that follows as rejected; and a report ("they thought that
 * …") runs on through sentences that open with a hedge ("Perhaps …", "Probably …"), which voice the
 * same holder's speculation. Either frame ends when the author turns back ("However, I think …").
 *
 * @example
 * markStances(article).get(sentenceId); // { kind: "reported", cues: ["according to"], holder: "Reuters" }
 */
export function markStances(article: SegmentedArticle): Map<string, Stance> {
  const stances = new Map<string, Stance>();
  let frame:
    | { kind: "rejected" | "reported"; holder?: string; cue: string; passageId: string; left: number }
    | undefined;
  for (const sentence of article.sentences) {
    const s = sentence.text;
    if (frame && (frame.passageId !== sentence.passageId || authorTurn.test(s) || frame.left <= 0))
      frame = undefined;
    const own = stanceOf(s);
    let stance = own;
    if (frame && (own.kind === "asserted" || own.kind === "hedged" || own.kind === "negated")) {
      const continues = frame.kind === "rejected" || hedgeOpener.test(s);
      if (continues) {
        stance = {
          kind: frame.kind,
          cues: [...new Set([frame.cue, ...own.cues])],
          ...(frame.holder ? { holder: frame.holder } : {}),
        };
        frame.left--;
      } else frame = undefined;
    }
    stances.set(sentence.id, stance);
    // "I am skeptical of … claims made by X" points at the claim that follows; "in my view, it's
    // premature to claim a shift" holds its claim itself.
    if (
      own.kind === "rejected" &&
      rejectedObject.test(s.replace(/\bto\s+claim\b|\b(?:my|our)\s+views?\b/gi, ""))
    ) {
      const holder = cleanHolder(
        /\b(?:claims?|takes?|theor(?:y|ies)|views?) (?:made |put forward |spread )?by ([^,.;:]+)/i.exec(
          s,
        )?.[1],
      );
      frame = {
        kind: "rejected",
        cue: own.cues[0] ?? "",
        ...(holder ? { holder } : {}),
        passageId: sentence.passageId,
        left: 1,
      };
    } else if (own.kind === "reported") {
      frame = {
        kind: "reported",
        cue: own.cues[0] ?? "",
        ...(own.holder ? { holder: own.holder } : {}),
        passageId: sentence.passageId,
        left: 3,
      };
    }
  }
  return stances;
}

/**
 * True when the report verb a cue matched is a word of a name: capitalised inside the sentence
 * ("the United States has …", "of the United States").
 */
function isNamePart(sentence: string, report: RegExpExecArray): boolean {
  if (report[2] === undefined) return false;
  const verb = reportVerbWord.exec(report[0]);
  if (!verb || !startsUpper(verb[0])) return false;
  // A capitalised "States" or "Says" inside a sentence names something; at its start it is a verb.
  return sentence.slice(0, report.index + verb.index).trim().length > 0;
}

/** A law, rule or definition as the subject of a verb of saying: the author states it, nobody reports it. */
const ruleHolder =
  /^(?:the\s+)?(?:[\p{L}'’-]+\s+){0,3}?(?:law|laws|principle|principles|rule|rules|theorem|definition|formula|equation)(?:\s+of\b.*)?\s*(?:states?|says?|holds?)?$/iu;
/** "X is said to be elastic if …": the name a condition gives, which is a definition, not hearsay. */
const namingCondition = /\b(?:is|are)\s+said\s+to\s+be\s+(?:[\p{L}-]+\s+){1,3}?(?:if|when|whenever)\b/iu;

/**
 * Whether a report cue only introduces what a law or a definition says ("The law of demand states
 * that …", "Demand is said to be elastic if …"): the author's own statement of it.
 */
function isStatementOfRule(sentence: string, report: RegExpExecArray): boolean {
  if (namingCondition.test(sentence)) return true;
  const holder = report[2]?.trim();
  return holder !== undefined && ruleHolder.test(holder);
}

/** Verbs of estimating and expecting: a report in the active voice only ("analysts expect"). */
const estimateVerb = /^(?:assum|estimat|expect|predict|hop|reckon)/i;

/**
 * "The Black Death is estimated to have killed …", "Growth is expected to slow": the passive of a
 * verb of estimating presents the figure as the text's own, with no one holding it.
 */
function isPassiveEstimate(report: RegExpExecArray): boolean {
  const holder = report[2]?.trim();
  if (holder === undefined) return false;
  const verb = reportVerbWord.exec(report[0].slice(report[0].indexOf(holder) + holder.length))?.[0];
  return (
    verb !== undefined && estimateVerb.test(verb) && /\b(?:is|are|was|were|be|been|being)$/i.test(holder)
  );
}

/**
 * The stance of one sentence on its own words.
 *
 * @example
 * stanceOf("According to Reuters, the deal failed."); // { kind: "reported", cues: ["according to"], holder: "Reuters" }
 * stanceOf("The deal may fail."); // { kind: "hedged", cues: ["may"] }
 */
export function stanceOf(sentence: string): Stance {
  const rejection = rejectionCue.exec(sentence);
  if (rejection) return { kind: "rejected", cues: [rejection[0].toLowerCase()] };
  const impersonal = impersonalReport.exec(sentence);
  if (impersonal) return { kind: "reported", cues: [impersonal[0].toLowerCase()] };
  const report = reportWord.test(sentence) ? reportCue.exec(sentence) : null;
  if (
    report &&
    !isNamePart(sentence, report) &&
    !isStatementOfRule(sentence, report) &&
    !isPassiveEstimate(report)
  ) {
    const holder = cleanHolder(report[1] ?? report[2] ?? report[3]);
    const cue = (report[1] ? "according to" : report[0]).toLowerCase().trim();
    // The author's own voice ("I must say", "I've always believed", "it is more accurate to say")
    // reports nobody else's claim.
    // "The results we expect": the writer's own, wherever the pronoun stands in the subject.
    const isWriter = holder !== undefined && /(?:^|\s)(?:i|we)$/i.test(holder);
    if (
      !holder ||
      (!isWriter && !/^(?:i|i've|i'd|we|we've|my|our|this|that|it|it's|there)(?:\s|$)/i.test(holder))
    ) {
      const verb = report[2] ? (reportVerbWord.exec(report[0])?.[0] ?? cue) : cue;
      return { kind: "reported", cues: [verb.toLowerCase()], ...(holder ? { holder } : {}) };
    }
  }
  const opinion = opinionCue.exec(sentence);
  if (opinion) {
    const cue = (opinion[1] ?? opinion[2] ?? opinion[3] ?? opinion[0]).replace(/\s+/g, " ").toLowerCase();
    return { kind: "hedged", cues: [cue], holder: AUTHOR_HOLDER };
  }
  const hedge = hedgeCue.exec(sentence);
  if (hedge) return { kind: "hedged", cues: [hedge[0].toLowerCase()] };
  const negation = negationCue.exec(sentence);
  if (negation) return { kind: "negated", cues: [negation[0].toLowerCase()] };
  return { kind: "asserted", cues: [] };
}
