import { isMap, LineCounter, parseDocument } from "yaml";
import type { z } from "zod";
import { checkConceptQuotes } from "./concepts.ts";
import type { ContentProblem } from "./errors.ts";
import {
  articleIdOf,
  type ConceptCard,
  ConceptCardsFileSchema,
  type CourseManifest,
  CourseManifestSchema,
  type GlossaryEntry,
  GlossaryFileSchema,
  type ManifestArticle,
} from "./manifest.ts";
import { isBoilerplateLine, normalizeText } from "./normalize.ts";

/** Largest article file accepted, in bytes. */
export const maxArticleBytes = 5 * 1024 * 1024;
/** Largest YAML file accepted, in bytes. */
export const maxYamlBytes = 1024 * 1024;
/**
 * Most alias expansions a YAML file may cost (the `yaml` package's measure): far above what a real
 * manifest uses, and far below what a "billion laughs" file needs to exhaust memory.
 */
export const maxYamlAliasCount = 100;

export const manifestPath = "course.yaml";

/** A content package that passed validation, decoded and ready to build. */
export interface ContentPackage {
  manifest: CourseManifest;
  articles: Array<{ id: string; meta: ManifestArticle; bytes: Uint8Array; rawText: string }>;
  conceptCards: ConceptCard[];
  /** Where the concept cards came from, to point problems at their lines. */
  conceptCardsFile?: { path: string; text: string };
  glossary: GlossaryEntry[];
  questionFiles: Array<{ file: string; format: string; text: string }>;
}

const strictUtf8 = new TextDecoder("utf-8", { fatal: true });

/** Byte offset of the first invalid UTF-8 sequence, or -1. */
function firstInvalidUtf8(bytes: Uint8Array): number {
  let i = 0;
  while (i < bytes.length) {
    const b = bytes[i] ?? 0;
    const need =
      b < 0x80
        ? 0
        : b >= 0xc2 && b <= 0xdf
          ? 1
          : b >= 0xe0 && b <= 0xef
            ? 2
            : b >= 0xf0 && b <= 0xf4
              ? 3
              : -1;
    if (need < 0) return i;
    for (let k = 1; k <= need; k++) if (((bytes[i + k] ?? 0) & 0xc0) !== 0x80) return i;
    i += need + 1;
  }
  return -1;
}

function lineAtByte(bytes: Uint8Array, offset: number): number {
  let line = 1;
  for (let i = 0; i < offset && i < bytes.length; i++) if (bytes[i] === 0x0a) line++;
  return line;
}

function looksBinary(bytes: Uint8Array): boolean {
  const sample = bytes.subarray(0, 8192);
  let control = 0;
  for (const b of sample) {
    if (b === 0) return true;
    if (b < 0x09 || (b > 0x0d && b < 0x20)) control++;
  }
  return sample.length > 0 && control / sample.length > 0.1;
}

/** Decodes a text file, reporting encoding problems; undefined when it cannot be used. */
function decodeText(
  path: string,
  bytes: Uint8Array,
  maxBytes: number,
  problems: ContentProblem[],
): string | undefined {
  if (bytes.length > maxBytes) {
    problems.push({
      path,
      message: `file is ${(bytes.length / 1048576).toFixed(1)} MB, over the ${maxBytes / 1048576} MB limit: split it into smaller files`,
    });
    return undefined;
  }
  if ((bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff)) {
    problems.push({ path, line: 1, message: "file is UTF-16 encoded: re-save it as UTF-8" });
    return undefined;
  }
  if (looksBinary(bytes)) {
    problems.push({ path, message: "file is binary, not text: export it as UTF-8 plain text or Markdown" });
    return undefined;
  }
  const invalid = firstInvalidUtf8(bytes);
  if (invalid >= 0) {
    problems.push({
      path,
      line: lineAtByte(bytes, invalid),
      message: `invalid UTF-8 at byte ${invalid}: re-save the file with UTF-8 encoding`,
    });
    return undefined;
  }
  return strictUtf8.decode(bytes).replace(/^\uFEFF/, "");
}

/** Parses YAML and checks it against a schema, turning every issue into a problem with a line. */
function parseYaml<T extends z.ZodType>(
  path: string,
  text: string,
  schema: T,
  problems: ContentProblem[],
): z.infer<T> | undefined {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: false });
  const lineOf = (offset: number | undefined) =>
    offset === undefined ? undefined : lineCounter.linePos(offset).line;
  if (doc.errors.length > 0) {
    for (const error of doc.errors) {
      problems.push({
        path,
        line: lineOf(error.pos[0]),
        message: `YAML syntax error: ${error.message.split("\n")[0]}; fix the syntax`,
      });
    }
    return undefined;
  }
  let value: unknown;
  try {
    value = doc.toJS({ maxAliasCount: maxYamlAliasCount });
  } catch (error) {
    // The yaml package throws a ReferenceError when aliases would expand past the limit.
    if (!(error instanceof ReferenceError)) throw error;
    problems.push({
      path,
      message: `YAML aliases (*name) expand too far (over ${maxYamlAliasCount} expansions, as in a "billion laughs" file): write the values out instead`,
    });
    return undefined;
  }
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  for (const issue of result.error.issues) {
    const path_ = issue.path as Array<string | number>;
    const where = path_.length > 0 ? path_.join(".") : "(top level)";
    if (issue.code === "unrecognized_keys") {
      const node = path_.length > 0 ? doc.getIn(path_, true) : doc.contents;
      for (const key of issue.keys) {
        let offset: number | undefined;
        if (isMap(node)) {
          const pair = node.items.find((p) => (p.key as { value?: unknown } | null)?.value === key);
          offset = (pair?.key as { range?: [number, number, number] } | null)?.range?.[0];
        }
        problems.push({
          path,
          line: lineOf(offset),
          message: `unknown field "${key}"${path_.length > 0 ? ` in ${where}` : ""}: remove it or check its spelling`,
        });
      }
      continue;
    }
    let node = doc.getIn(path_, true) as { range?: [number, number, number] } | undefined;
    // A missing field: point at the map that should hold it.
    for (let cut = path_.length - 1; !node?.range && cut >= 0; cut--) {
      node = (cut === 0 ? doc.contents : doc.getIn(path_.slice(0, cut), true)) as typeof node;
    }
    const missing = issue.code === "invalid_type" && issue.input === undefined;
    problems.push({
      path,
      line: lineOf(node?.range?.[0]),
      message: missing ? `missing required field "${where}": add it` : `${where}: ${issue.message}`,
    });
  }
  return undefined;
}

/**
 * Reads and checks a content package given as package-relative POSIX paths and their bytes.
 * Returns the decoded package, or the problems that prevent building it.
 *
 * @example
 * const { problems, contentPackage } = readContentPackage(files);
 * if (contentPackage) contentPackage.articles[0]?.rawText;
 */
export function readContentPackage(
  files: ReadonlyMap<string, Uint8Array>,
  options: { checkQuotes?: boolean } = {},
): {
  problems: ContentProblem[];
  contentPackage?: ContentPackage;
} {
  const problems: ContentProblem[] = [];
  const manifestBytes = files.get(manifestPath);
  if (!manifestBytes) {
    problems.push({
      path: manifestPath,
      message:
        "missing course manifest: add a course.yaml at the package root (id, title, description, language, version, authors, license, articles)",
    });
    return { problems };
  }
  const manifestText = decodeText(manifestPath, manifestBytes, maxYamlBytes, problems);
  const manifest =
    manifestText === undefined
      ? undefined
      : parseYaml(manifestPath, manifestText, CourseManifestSchema, problems);
  if (!manifest) return { problems };

  const articles: ContentPackage["articles"] = [];
  const seenIds = new Map<string, string>();
  const seenFiles = new Set<string>();
  const manifestLines = manifestText?.split("\n") ?? [];
  const manifestLineOf = (needle: string) => {
    const index = manifestLines.findIndex((line) => line.includes(needle));
    return index < 0 ? undefined : index + 1;
  };
  for (const meta of manifest.articles) {
    const id = articleIdOf(meta);
    const line = manifestLineOf(meta.file);
    if (seenFiles.has(meta.file)) {
      problems.push({
        path: manifestPath,
        line,
        message: `article "${meta.file}" is listed twice: remove one entry`,
      });
      continue;
    }
    seenFiles.add(meta.file);
    const other = seenIds.get(id);
    if (other) {
      problems.push({
        path: manifestPath,
        line,
        message: `article id "${id}" is used by "${other}" too: give one an explicit unique id`,
      });
      continue;
    }
    seenIds.set(id, meta.file);
    const bytes = files.get(meta.file);
    if (!bytes) {
      problems.push({
        path: manifestPath,
        line,
        message: `article file "${meta.file}" not found in the package: add it or fix the path`,
      });
      continue;
    }
    const rawText = decodeText(meta.file, bytes, maxArticleBytes, problems);
    if (rawText === undefined) continue;
    if (!/[\p{L}\p{N}]/u.test(rawText)) {
      problems.push({
        path: meta.file,
        message: "article is empty: add its text or remove it from course.yaml",
      });
      continue;
    }
    if (rawText.split("\n").every((line) => line.trim() === "" || isBoilerplateLine(line))) {
      problems.push({
        path: meta.file,
        line: 1,
        message:
          'article holds only web-page boilerplate ("Advertisements", "Leave a Reply"...): paste the article\'s own text',
      });
      continue;
    }
    articles.push({ id, meta, bytes, rawText });
  }

  const optionalYaml = <T extends z.ZodType>(
    declared: string | undefined,
    fallback: string,
    schema: T,
  ): z.infer<T> | undefined => {
    const path = declared ?? fallback;
    const bytes = files.get(path);
    if (!bytes) {
      if (declared)
        problems.push({
          path: manifestPath,
          line: manifestLineOf(declared),
          message: `file "${declared}" not found: add it or remove the field`,
        });
      return undefined;
    }
    const text = decodeText(path, bytes, maxYamlBytes, problems);
    if (text !== undefined) yamlTexts.set(path, text);
    return text === undefined ? undefined : parseYaml(path, text, schema, problems);
  };
  const yamlTexts = new Map<string, string>();
  const conceptCards =
    optionalYaml(manifest.concepts, "concepts.yaml", ConceptCardsFileSchema)?.concepts ?? [];
  const conceptCardsPath = manifest.concepts ?? "concepts.yaml";
  const conceptCardsText = yamlTexts.get(conceptCardsPath);
  const conceptCardsFile =
    conceptCardsText === undefined ? undefined : { path: conceptCardsPath, text: conceptCardsText };
  if (options.checkQuotes && conceptCardsFile && conceptCards.some((card) => card.definedBy.length > 0)) {
    const normalized = articles.map((article) => normalizeText(article.rawText));
    problems.push(...checkConceptQuotes(conceptCards, normalized, conceptCardsFile));
  }
  const glossary = optionalYaml(manifest.glossary, "glossary.yaml", GlossaryFileSchema)?.glossary ?? [];

  const questionPaths =
    manifest.questions ?? [...files.keys()].filter((p) => p.startsWith("questions/")).sort();
  const questionFiles: ContentPackage["questionFiles"] = [];
  for (const file of questionPaths) {
    const bytes = files.get(file);
    if (!bytes) {
      problems.push({
        path: manifestPath,
        line: manifestLineOf(file),
        message: `question file "${file}" not found: add it or remove it from questions`,
      });
      continue;
    }
    const text = decodeText(file, bytes, maxYamlBytes, problems);
    if (text !== undefined)
      questionFiles.push({ file, format: file.split(".").pop()?.toLowerCase() ?? "txt", text });
  }

  if (problems.length > 0) return { problems };
  return {
    problems,
    contentPackage: {
      manifest,
      articles,
      conceptCards,
      ...(conceptCardsFile ? { conceptCardsFile } : {}),
      glossary,
      questionFiles,
    },
  };
}

/**
 * Checks a content package without building it: the manifest against its schema (unknown fields,
 * missing fields), every listed file present, articles non-empty, text not binary, valid UTF-8, not
 * oversized; concept cards' `definedBy` quotes found in the articles. Pure: the files come in as bytes.
 *
 * @example
 * const files = new Map([["course.yaml", new TextEncoder().encode("id: x\n")]]);
 * validateContentPackage(files); // [{ path: "course.yaml", line: 1, message: 'missing required field "title": add it' }, ...]
 */
export function validateContentPackage(files: ReadonlyMap<string, Uint8Array>): ContentProblem[] {
  return readContentPackage(files, { checkQuotes: true }).problems;
}
