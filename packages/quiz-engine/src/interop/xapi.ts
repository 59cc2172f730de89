import { QuizValidationError } from "../errors.ts";
import type { GradeResult, Question, Response } from "../schemas.ts";

/**
 * xAPI 1.0.3 statements for answered questions and completed attempts, and a validator of the
 * statement rules these builders rely on. Pure: ids are UUID v5 derived from names the caller
 * gives (an attempt id and a question id), and time is a parameter.
 */

export const XAPI_VERSION = "1.0.3";
export const XAPI_VERBS = {
  answered: "http://adlnet.gov/expapi/verbs/answered",
  completed: "http://adlnet.gov/expapi/verbs/completed",
} as const;
const ACTIVITY_TYPES = {
  interaction: "http://adlnet.gov/expapi/activities/cmi.interaction",
  assessment: "http://adlnet.gov/expapi/activities/assessment",
  course: "http://adlnet.gov/expapi/activities/course",
  passage: "http://id.tincanapi.com/activitytype/source",
} as const;

export type LanguageMap = Record<string, string>;

export type XapiActor =
  | { objectType?: "Agent"; name?: string; mbox: string }
  | { objectType?: "Agent"; name?: string; account: { homePage: string; name: string } };

export interface XapiActivity {
  objectType: "Activity";
  id: string;
  definition?: {
    type?: string;
    name?: LanguageMap;
    description?: LanguageMap;
    interactionType?: string;
    correctResponsesPattern?: string[];
    choices?: { id: string; description: LanguageMap }[];
    source?: { id: string; description: LanguageMap }[];
    target?: { id: string; description: LanguageMap }[];
  };
}

export interface XapiStatement {
  id: string;
  actor: XapiActor;
  verb: { id: string; display: LanguageMap };
  object: XapiActivity;
  result?: {
    score?: { scaled?: number; raw?: number; min?: number; max?: number };
    success?: boolean;
    completion?: boolean;
    response?: string;
    duration?: string;
  };
  context?: {
    registration?: string;
    platform?: string;
    language?: string;
    contextActivities?: { parent?: XapiActivity[]; grouping?: XapiActivity[]; other?: XapiActivity[] };
  };
  timestamp: string;
  version?: string;
}

/** Where statements point: the IRI base of activities and the course they belong to. */
export interface XapiCourse {
  /** Absolute IRI under which Groundwork names its activities, e.g. "https://groundwork.example/xapi". */
  activityBase: string;
  id: string;
  title: string;
  /** RFC 5646 tag of the course text; default "en". */
  language?: string;
}

// --- UUID v5 (RFC 4122, SHA-1 name-based): deterministic ids without randomness or node:crypto.

function sha1(bytes: Uint8Array): Uint8Array {
  const length = bytes.length;
  const words = new Uint32Array((((length + 8) >> 6) + 1) * 16);
  for (let i = 0; i < length; i++)
    words[i >> 2] = (words[i >> 2] as number) | ((bytes[i] as number) << (24 - (i % 4) * 8));
  words[length >> 2] = (words[length >> 2] as number) | (0x80 << (24 - (length % 4) * 8));
  words[words.length - 1] = length * 8;
  const h = [0x67452301, 0xefcdab89, 0x98badcfe, 0x10325476, 0xc3d2e1f0];
  const w = new Uint32Array(80);
  for (let block = 0; block < words.length; block += 16) {
    for (let t = 0; t < 80; t++) {
      if (t < 16) w[t] = words[block + t] as number;
      else {
        const x = (w[t - 3] as number) ^ (w[t - 8] as number) ^ (w[t - 14] as number) ^ (w[t - 16] as number);
        w[t] = (x << 1) | (x >>> 31);
      }
    }
    let [a, b, c, d, e] = h as [number, number, number, number, number];
    for (let t = 0; t < 80; t++) {
      const f =
        t < 20 ? (b & c) | (~b & d) : t < 40 ? b ^ c ^ d : t < 60 ? (b & c) | (b & d) | (c & d) : b ^ c ^ d;
      const k = t < 20 ? 0x5a827999 : t < 40 ? 0x6ed9eba1 : t < 60 ? 0x8f1bbcdc : 0xca62c1d6;
      const temp = (((a << 5) | (a >>> 27)) + f + e + k + (w[t] as number)) >>> 0;
      e = d;
      d = c;
      c = ((b << 30) | (b >>> 2)) >>> 0;
      b = a;
      a = temp;
    }
    h[0] = ((h[0] as number) + a) >>> 0;
    h[1] = ((h[1] as number) + b) >>> 0;
    h[2] = ((h[2] as number) + c) >>> 0;
    h[3] = ((h[3] as number) + d) >>> 0;
    h[4] = ((h[4] as number) + e) >>> 0;
  }
  const out = new Uint8Array(20);
  h.forEach((v, i) => {
    out[i * 4] = v >>> 24;
    out[i * 4 + 1] = (v >>> 16) & 0xff;
    out[i * 4 + 2] = (v >>> 8) & 0xff;
    out[i * 4 + 3] = v & 0xff;
  });
  return out;
}

/** The RFC 4122 URL namespace. */
export const URL_NAMESPACE = "6ba7b811-9dad-11d1-80b4-00c04fd430c8";

/**
 * A name-based UUID (version 5): the same name gives the same id, so a statement retried or rebuilt
 * keeps its id and the LRS can deduplicate it.
 *
 * @example
 * uuidV5("www.example.com", "6ba7b810-9dad-11d1-80b4-00c04fd430c8"); // "2ed6657d-e927-568b-95e1-2665a8aea6a2"
 */
export function uuidV5(name: string, namespace: string = URL_NAMESPACE): string {
  const ns = namespace.replace(/-/g, "");
  if (!/^[0-9a-f]{32}$/i.test(ns)) throw new QuizValidationError(`namespace ${namespace} is not a UUID`);
  const nameBytes = new TextEncoder().encode(name);
  const bytes = new Uint8Array(16 + nameBytes.length);
  for (let i = 0; i < 16; i++) bytes[i] = Number.parseInt(ns.slice(i * 2, i * 2 + 2), 16);
  bytes.set(nameBytes, 16);
  const hash = sha1(bytes).slice(0, 16);
  hash[6] = ((hash[6] as number) & 0x0f) | 0x50;
  hash[8] = ((hash[8] as number) & 0x3f) | 0x80;
  const hex = [...hash].map((b) => b.toString(16).padStart(2, "0")).join("");
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/**
 * ISO 8601 duration of a number of milliseconds, to xAPI's 0.01 s precision.
 *
 * @example
 * formatDuration(3_723_450); // "PT1H2M3.45S"
 */
export function formatDuration(milliseconds: number): string {
  if (!Number.isFinite(milliseconds) || milliseconds < 0) {
    throw new QuizValidationError(
      `duration must be a non-negative number of milliseconds, got ${milliseconds}`,
    );
  }
  const centis = Math.round(milliseconds / 10);
  const hours = Math.floor(centis / 360000);
  const minutes = Math.floor((centis % 360000) / 6000);
  const seconds = (centis % 6000) / 100;
  return `PT${hours > 0 ? `${hours}H` : ""}${minutes > 0 ? `${minutes}M` : ""}${seconds > 0 || (hours === 0 && minutes === 0) ? `${seconds}S` : ""}`;
}

function iri(base: string, ...parts: string[]): string {
  return `${base.replace(/\/+$/, "")}/${parts.map((p) => encodeURIComponent(p)).join("/")}`;
}

const en = (language: string, text: string): LanguageMap => ({ [language]: text });

function components(list: { id: string; text: string }[], language: string) {
  return list.map((o) => ({ id: o.id, description: en(language, o.text) }));
}

/** The interaction definition of a question: type, correct response patterns and components. */
export function interactionOf(
  question: Question,
  course: XapiCourse,
): NonNullable<XapiActivity["definition"]> {
  const language = course.language ?? "en";
  const common = {
    type: ACTIVITY_TYPES.interaction,
    name: en(language, question.stem.length > 120 ? `${question.stem.slice(0, 119)}…` : question.stem),
    description: en(language, question.stem),
  };
  switch (question.type) {
    case "single_choice":
      return {
        ...common,
        interactionType: "choice",
        correctResponsesPattern: [question.key],
        choices: components(question.options, language),
      };
    case "multiple_choice":
      return {
        ...common,
        interactionType: "choice",
        correctResponsesPattern: [question.key.join("[,]")],
        choices: components(question.options, language),
      };
    case "true_false":
      return { ...common, interactionType: "true-false", correctResponsesPattern: [String(question.key)] };
    case "cloze":
    case "short_answer":
      return {
        ...common,
        interactionType: "fill-in",
        // Each accepted answer is a whole correct response; the grader ignores case.
        correctResponsesPattern: question.key.accepted.map(
          (a) => `{case_matters=false}${escapeDelimiters(a)}`,
        ),
      };
    case "numeric": {
      const { value, tolerance } = question.key;
      const spread = tolerance.mode === "absolute" ? tolerance.amount : tolerance.amount * Math.abs(value);
      return {
        ...common,
        interactionType: "numeric",
        correctResponsesPattern: [spread === 0 ? String(value) : `${value - spread}[:]${value + spread}`],
      };
    }
    case "ordering":
      return {
        ...common,
        interactionType: "sequencing",
        correctResponsesPattern: [question.key.join("[,]")],
        choices: components(question.options, language),
      };
    case "matching":
      return {
        ...common,
        interactionType: "matching",
        correctResponsesPattern: [question.left.map((l) => `${l.id}[.]${question.key[l.id]}`).join("[,]")],
        source: components(question.left, language),
        target: components(question.right, language),
      };
  }
}

/** `[,]`-style delimiters cannot appear inside a fill-in answer. */
function escapeDelimiters(text: string): string {
  return text.replace(/\[([,.:])\]/g, "($1)");
}

/** A student's response in the interaction's response syntax. */
export function formatXapiResponse(question: Question, response: Response): string {
  switch (question.type) {
    case "multiple_choice":
    case "ordering":
      return Array.isArray(response) ? response.join("[,]") : String(response);
    case "matching":
      return typeof response === "object" && response !== null && !Array.isArray(response)
        ? Object.entries(response)
            .map(([l, r]) => `${l}[.]${r}`)
            .join("[,]")
        : String(response);
    case "cloze":
    case "short_answer":
      return escapeDelimiters(String(response));
    default:
      return String(response);
  }
}

function courseActivity(course: XapiCourse): XapiActivity {
  return {
    objectType: "Activity",
    id: iri(course.activityBase, "courses", course.id),
    definition: { type: ACTIVITY_TYPES.course, name: en(course.language ?? "en", course.title) },
  };
}

export interface AnsweredInput {
  actor: XapiActor;
  course: XapiCourse;
  /** The attempt (or review session) the answer belongs to: it names the statement and the registration. */
  attemptId: string;
  question: Question;
  response: Response;
  grade: GradeResult;
  /** Time spent on the question. */
  durationMs: number;
  timestamp: Date;
}

/**
 * Builds the `answered` statement of one graded question: a `cmi.interaction` activity with its
 * interaction type and correct responses, the scaled score and success, the duration, and in
 * context the course (parent, grouping) and the cited passages (other).
 *
 * @example
 * const statement = buildAnsweredStatement({ actor: { mbox: "mailto:ada@example.org" }, course,
 *   attemptId: "att-1", question, response: "b", grade: gradeResponse(question, "b"),
 *   durationMs: 12_000, timestamp: new Date("2026-01-01T10:00:00Z") });
 */
export function buildAnsweredStatement(input: AnsweredInput): XapiStatement {
  const { course, question } = input;
  const language = course.language ?? "en";
  const passages = [...new Map(question.sourceRefs.map((r) => [r.passageId, r])).values()];
  return {
    id: uuidV5(`groundwork:answered:${course.id}:${input.attemptId}:${question.id}`),
    actor: input.actor,
    verb: { id: XAPI_VERBS.answered, display: { "en-US": "answered" } },
    object: {
      objectType: "Activity",
      id: iri(course.activityBase, "courses", course.id, "questions", question.id),
      definition: interactionOf(question, course),
    },
    result: {
      score: { scaled: input.grade.score, raw: input.grade.score, min: 0, max: 1 },
      success: input.grade.correct,
      completion: true,
      response: formatXapiResponse(question, input.response),
      duration: formatDuration(input.durationMs),
    },
    context: {
      registration: uuidV5(`groundwork:attempt:${course.id}:${input.attemptId}`),
      platform: "Groundwork",
      language,
      contextActivities: {
        parent: [courseActivity(course)],
        grouping: [courseActivity(course)],
        other: passages.map((r) => ({
          objectType: "Activity",
          id: iri(
            course.activityBase,
            "courses",
            course.id,
            "articles",
            r.articleId,
            "passages",
            r.passageId,
          ),
          definition: {
            type: ACTIVITY_TYPES.passage,
            name: en(language, r.quote.length > 120 ? `${r.quote.slice(0, 119)}…` : r.quote),
          },
        })),
      },
    },
    timestamp: input.timestamp.toISOString(),
    version: XAPI_VERSION,
  };
}

export interface CompletedInput {
  actor: XapiActor;
  course: XapiCourse;
  attemptId: string;
  /** The quiz or assignment attempted: names the assessment activity. */
  assessmentId: string;
  assessmentTitle: string;
  /** Score from 0 to 1. */
  score: number;
  passed: boolean;
  durationMs: number;
  timestamp: Date;
}

/**
 * Builds the `completed` statement of a finished attempt.
 *
 * @example
 * buildCompletedStatement({ actor, course, attemptId: "att-1", assessmentId: "quiz-1",
 *   assessmentTitle: "Week 1", score: 0.8, passed: true, durationMs: 600_000, timestamp });
 */
export function buildCompletedStatement(input: CompletedInput): XapiStatement {
  const { course } = input;
  const language = course.language ?? "en";
  return {
    id: uuidV5(`groundwork:completed:${course.id}:${input.attemptId}`),
    actor: input.actor,
    verb: { id: XAPI_VERBS.completed, display: { "en-US": "completed" } },
    object: {
      objectType: "Activity",
      id: iri(course.activityBase, "courses", course.id, "assessments", input.assessmentId),
      definition: { type: ACTIVITY_TYPES.assessment, name: en(language, input.assessmentTitle) },
    },
    result: {
      score: { scaled: input.score, raw: input.score, min: 0, max: 1 },
      success: input.passed,
      completion: true,
      duration: formatDuration(input.durationMs),
    },
    context: {
      registration: uuidV5(`groundwork:attempt:${course.id}:${input.attemptId}`),
      platform: "Groundwork",
      language,
      contextActivities: { parent: [courseActivity(course)], grouping: [courseActivity(course)] },
    },
    timestamp: input.timestamp.toISOString(),
    version: XAPI_VERSION,
  };
}

// --- Validation

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[1-8][0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/i;
const IRI = /^[a-z][a-z0-9+.-]*:[^\s<>"{}|\\^`]+$/i;
const LANGUAGE_TAG =
  /^(?:[a-z]{2,3}(?:-[a-z]{3}){0,3}|[a-z]{4,8})(?:-[a-z]{4})?(?:-(?:[a-z]{2}|\d{3}))?(?:-(?:[a-z\d]{5,8}|\d[a-z\d]{3}))*$/i;
const DURATION =
  /^P(?!$)(?:\d+(?:\.\d+)?Y)?(?:\d+(?:\.\d+)?M)?(?:\d+(?:\.\d+)?W)?(?:\d+(?:\.\d+)?D)?(?:T(?=\d)(?:\d+(?:\.\d+)?H)?(?:\d+(?:\.\d+)?M)?(?:\d+(?:\.\d+)?S)?)?$/;
const TIMESTAMP = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d+)?(?:Z|[+-]\d{2}:\d{2})$/;
const INTERACTION_TYPES = new Set([
  "true-false",
  "choice",
  "fill-in",
  "long-fill-in",
  "matching",
  "performance",
  "sequencing",
  "likert",
  "numeric",
  "other",
]);
const COMPONENTS_ALLOWED: Record<string, string[]> = {
  choice: ["choices"],
  sequencing: ["choices"],
  likert: ["scale"],
  matching: ["source", "target"],
  performance: ["steps"],
};
const NUMBER_TEXT = /^-?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;

type Issues = string[];
const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === "object" && v !== null && !Array.isArray(v);

function checkKeys(value: Record<string, unknown>, allowed: string[], path: string, issues: Issues) {
  for (const key of Object.keys(value))
    if (!allowed.includes(key)) issues.push(`${path}.${key} is not an xAPI property`);
}

function checkLanguageMap(value: unknown, path: string, issues: Issues) {
  if (!isObject(value)) return void issues.push(`${path} must be a language map`);
  for (const [tag, text] of Object.entries(value)) {
    if (!LANGUAGE_TAG.test(tag)) issues.push(`${path} key "${tag}" is not an RFC 5646 language tag`);
    if (typeof text !== "string") issues.push(`${path}["${tag}"] must be a string`);
  }
}

function checkActor(actor: unknown, issues: Issues) {
  if (!isObject(actor)) return void issues.push("actor is required");
  checkKeys(actor, ["objectType", "name", "mbox", "mbox_sha1sum", "openid", "account"], "actor", issues);
  if (actor.objectType !== undefined && actor.objectType !== "Agent")
    issues.push('actor.objectType must be "Agent"');
  const ifis = ["mbox", "mbox_sha1sum", "openid", "account"].filter((k) => actor[k] !== undefined);
  if (ifis.length !== 1)
    issues.push(`actor needs exactly one inverse functional identifier, has ${ifis.length}`);
  if (
    actor.mbox !== undefined &&
    (typeof actor.mbox !== "string" || !/^mailto:[^@\s]+@[^@\s]+$/.test(actor.mbox))
  ) {
    issues.push('actor.mbox must be "mailto:" and an email address');
  }
  if (actor.mbox_sha1sum !== undefined && !/^[0-9a-f]{40}$/i.test(String(actor.mbox_sha1sum))) {
    issues.push("actor.mbox_sha1sum must be 40 hex digits");
  }
  if (actor.account !== undefined) {
    const account = actor.account;
    if (!isObject(account) || typeof account.name !== "string" || typeof account.homePage !== "string") {
      issues.push("actor.account needs homePage and name");
    } else {
      checkKeys(account, ["homePage", "name"], "actor.account", issues);
      if (!IRI.test(account.homePage)) issues.push("actor.account.homePage must be an IRL");
    }
  }
  if (actor.name !== undefined && typeof actor.name !== "string") issues.push("actor.name must be a string");
}

function checkPattern(
  type: string,
  pattern: string,
  ids: Record<string, Set<string>>,
  path: string,
  issues: Issues,
) {
  const has = (set: string, id: string) => ids[set]?.has(id) ?? false;
  switch (type) {
    case "true-false":
      if (pattern !== "true" && pattern !== "false") issues.push(`${path} must be "true" or "false"`);
      break;
    case "choice":
    case "sequencing":
      for (const id of pattern === "" ? [] : pattern.split("[,]")) {
        if (!has("choices", id)) issues.push(`${path}: "${id}" is not a choice id`);
      }
      if (type === "sequencing" && pattern === "") issues.push(`${path} must list the sequence`);
      break;
    case "matching":
      for (const pair of pattern.split("[,]")) {
        const [s, t, extra] = pair.split("[.]");
        if (s === undefined || t === undefined || extra !== undefined)
          issues.push(`${path}: "${pair}" is not source[.]target`);
        else {
          if (!has("source", s)) issues.push(`${path}: "${s}" is not a source id`);
          if (!has("target", t)) issues.push(`${path}: "${t}" is not a target id`);
        }
      }
      break;
    case "numeric": {
      const parts = pattern.split("[:]");
      const isValid =
        parts.length === 1
          ? NUMBER_TEXT.test(pattern)
          : parts.length === 2 &&
            parts.some((p) => p !== "") &&
            parts.every((p) => p === "" || NUMBER_TEXT.test(p));
      if (!isValid) {
        issues.push(`${path}: "${pattern}" is not a number or min[:]max`);
      } else if (
        parts.length === 2 &&
        parts[0] !== "" &&
        parts[1] !== "" &&
        Number(parts[0]) > Number(parts[1])
      ) {
        issues.push(`${path}: range ${pattern} runs backwards`);
      }
      break;
    }
    case "fill-in":
    case "long-fill-in": {
      const body = pattern.replace(/^(?:\{(?:case_matters|order_matters)=(?:true|false)\})+/, "");
      if (/^\{(case_matters|order_matters)=/.test(body))
        issues.push(`${path}: malformed {…=true|false} prefix`);
      break;
    }
    default:
      break;
  }
}

function checkActivity(activity: unknown, path: string, issues: Issues) {
  if (!isObject(activity)) return void issues.push(`${path} must be an Activity`);
  checkKeys(activity, ["objectType", "id", "definition"], path, issues);
  if (activity.objectType !== undefined && activity.objectType !== "Activity") {
    issues.push(`${path}.objectType must be "Activity" (this validator covers activities only)`);
  }
  if (typeof activity.id !== "string" || !IRI.test(activity.id)) issues.push(`${path}.id must be an IRI`);
  const definition = activity.definition;
  if (definition === undefined) return;
  if (!isObject(definition)) return void issues.push(`${path}.definition must be an object`);
  checkKeys(
    definition,
    [
      "name",
      "description",
      "type",
      "moreInfo",
      "extensions",
      "interactionType",
      "correctResponsesPattern",
      "choices",
      "scale",
      "source",
      "target",
      "steps",
    ],
    `${path}.definition`,
    issues,
  );
  if (definition.type !== undefined && (typeof definition.type !== "string" || !IRI.test(definition.type))) {
    issues.push(`${path}.definition.type must be an IRI`);
  }
  if (definition.name !== undefined) checkLanguageMap(definition.name, `${path}.definition.name`, issues);
  if (definition.description !== undefined)
    checkLanguageMap(definition.description, `${path}.definition.description`, issues);
  const type = definition.interactionType;
  const componentKeys = ["choices", "scale", "source", "target", "steps"].filter(
    (k) => definition[k] !== undefined,
  );
  if (type === undefined) {
    if (definition.correctResponsesPattern !== undefined || componentKeys.length > 0) {
      issues.push(`${path}.definition has interaction properties without interactionType`);
    }
    return;
  }
  if (typeof type !== "string" || !INTERACTION_TYPES.has(type)) {
    return void issues.push(
      `${path}.definition.interactionType "${String(type)}" is not an xAPI interaction type`,
    );
  }
  const allowed = COMPONENTS_ALLOWED[type] ?? [];
  const ids: Record<string, Set<string>> = {};
  for (const key of componentKeys) {
    if (!allowed.includes(key)) issues.push(`${path}.definition.${key} is not allowed for ${type}`);
    const list = definition[key];
    if (!Array.isArray(list)) {
      issues.push(`${path}.definition.${key} must be an array`);
      continue;
    }
    const seen = new Set<string>();
    list.forEach((c, i) => {
      if (!isObject(c) || typeof c.id !== "string" || c.id === "" || /\s/.test(c.id)) {
        issues.push(`${path}.definition.${key}[${i}].id must be a string without white space`);
        return;
      }
      if (seen.has(c.id)) issues.push(`${path}.definition.${key} repeats id "${c.id}"`);
      seen.add(c.id);
      if (/\[[,.:]\]/.test(c.id))
        issues.push(`${path}.definition.${key}[${i}].id contains a response delimiter`);
      if (c.description !== undefined)
        checkLanguageMap(c.description, `${path}.definition.${key}[${i}].description`, issues);
    });
    ids[key] = seen;
  }
  const patterns = definition.correctResponsesPattern;
  if (patterns !== undefined) {
    if (!Array.isArray(patterns) || patterns.some((p) => typeof p !== "string")) {
      issues.push(`${path}.definition.correctResponsesPattern must be an array of strings`);
    } else {
      patterns.forEach((p, i) => {
        checkPattern(type, p, ids, `${path}.definition.correctResponsesPattern[${i}]`, issues);
      });
    }
  }
}

/**
 * Checks a statement against the xAPI 1.0.3 rules these builders rely on: required properties and
 * no unknown ones, an Agent with exactly one identifier (`mbox` as `mailto:`), IRI verbs and
 * activity ids, language maps, UUID ids and registrations, interaction types with components and
 * correct response patterns in their syntax, a scaled score in [-1, 1] and raw within min..max,
 * ISO 8601 durations and timestamps. Returns readable issues, empty when valid.
 *
 * @example
 * validateStatement(buildCompletedStatement(input)); // []
 */
export function validateStatement(statement: unknown): string[] {
  const issues: Issues = [];
  if (!isObject(statement)) return ["a statement must be an object"];
  checkKeys(
    statement,
    [
      "id",
      "actor",
      "verb",
      "object",
      "result",
      "context",
      "timestamp",
      "stored",
      "authority",
      "version",
      "attachments",
    ],
    "statement",
    issues,
  );
  if (statement.id !== undefined && (typeof statement.id !== "string" || !UUID.test(statement.id))) {
    issues.push("id must be a UUID");
  }
  checkActor(statement.actor, issues);
  const verb = statement.verb;
  if (!isObject(verb)) issues.push("verb is required");
  else {
    checkKeys(verb, ["id", "display"], "verb", issues);
    if (typeof verb.id !== "string" || !IRI.test(verb.id)) issues.push("verb.id must be an IRI");
    if (verb.display !== undefined) checkLanguageMap(verb.display, "verb.display", issues);
  }
  if (statement.object === undefined) issues.push("object is required");
  else checkActivity(statement.object, "object", issues);
  const result = statement.result;
  if (result !== undefined) {
    if (!isObject(result)) issues.push("result must be an object");
    else {
      checkKeys(
        result,
        ["score", "success", "completion", "response", "duration", "extensions"],
        "result",
        issues,
      );
      const score = result.score;
      if (score !== undefined) {
        if (!isObject(score)) issues.push("result.score must be an object");
        else {
          checkKeys(score, ["scaled", "raw", "min", "max"], "result.score", issues);
          for (const k of ["scaled", "raw", "min", "max"]) {
            if (score[k] !== undefined && (typeof score[k] !== "number" || !Number.isFinite(score[k]))) {
              issues.push(`result.score.${k} must be a number`);
            }
          }
          const { scaled, raw, min, max } = score as Record<string, number | undefined>;
          if (scaled !== undefined && (scaled < -1 || scaled > 1))
            issues.push("result.score.scaled must be in [-1, 1]");
          if (min !== undefined && max !== undefined && min >= max)
            issues.push("result.score.min must be below max");
          if (raw !== undefined && ((min !== undefined && raw < min) || (max !== undefined && raw > max))) {
            issues.push("result.score.raw must lie between min and max");
          }
        }
      }
      for (const k of ["success", "completion"]) {
        if (result[k] !== undefined && typeof result[k] !== "boolean")
          issues.push(`result.${k} must be a boolean`);
      }
      if (result.response !== undefined && typeof result.response !== "string")
        issues.push("result.response must be a string");
      if (
        result.duration !== undefined &&
        (typeof result.duration !== "string" || !DURATION.test(result.duration))
      ) {
        issues.push("result.duration must be an ISO 8601 duration");
      }
    }
  }
  const context = statement.context;
  if (context !== undefined) {
    if (!isObject(context)) issues.push("context must be an object");
    else {
      checkKeys(
        context,
        [
          "registration",
          "instructor",
          "team",
          "contextActivities",
          "revision",
          "platform",
          "language",
          "statement",
          "extensions",
        ],
        "context",
        issues,
      );
      if (
        context.registration !== undefined &&
        (typeof context.registration !== "string" || !UUID.test(context.registration))
      ) {
        issues.push("context.registration must be a UUID");
      }
      if (
        context.language !== undefined &&
        (typeof context.language !== "string" || !LANGUAGE_TAG.test(context.language))
      ) {
        issues.push("context.language must be an RFC 5646 language tag");
      }
      if (context.platform !== undefined && typeof context.platform !== "string")
        issues.push("context.platform must be a string");
      const activities = context.contextActivities;
      if (activities !== undefined) {
        if (!isObject(activities)) issues.push("context.contextActivities must be an object");
        else {
          checkKeys(
            activities,
            ["parent", "grouping", "category", "other"],
            "context.contextActivities",
            issues,
          );
          for (const [key, list] of Object.entries(activities)) {
            const items = Array.isArray(list) ? list : [list];
            items.forEach((a, i) => {
              checkActivity(a, `context.contextActivities.${key}[${i}]`, issues);
            });
          }
        }
      }
    }
  }
  if (typeof statement.timestamp !== "string" || !TIMESTAMP.test(statement.timestamp)) {
    if (statement.timestamp !== undefined)
      issues.push("timestamp must be an ISO 8601 date-time with a time zone");
  }
  if (
    statement.version !== undefined &&
    (typeof statement.version !== "string" || !/^1\.0(\.\d+)?$/.test(statement.version))
  ) {
    issues.push('version must be "1.0.x"');
  }
  return issues;
}
