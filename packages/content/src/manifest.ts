import { z } from "zod";

const slug = z
  .string()
  .regex(/^[a-z0-9][a-z0-9-]*$/, 'use lower-case letters, digits and hyphens, like "deepseek-moment"');
const relativePath = z
  .string()
  .min(1)
  .refine(
    (p) => !p.startsWith("/") && !p.split("/").includes(".."),
    'use a path relative to the package root, without ".."',
  );
const partialDate = z
  .string()
  .regex(/^\d{4}(?:-\d{2}(?:-\d{2})?)?$/, "write the date as YYYY-MM-DD (or YYYY-MM, or YYYY)");

/** One article of a content package, as listed in `course.yaml`. */
export const ManifestArticleSchema = z.strictObject({
  /** Optional stable id; derived from the file name when absent. */
  id: slug.optional(),
  file: relativePath.refine((p) => /\.(?:txt|md|markdown)$/i.test(p), "articles must be .txt or .md files"),
  title: z.string().min(1),
  source: z.string().min(1),
  date: partialDate,
});
export type ManifestArticle = z.infer<typeof ManifestArticleSchema>;

/** `course.yaml`, the manifest at the root of a content package. */
export const CourseManifestSchema = z.strictObject({
  id: slug,
  title: z.string().min(1),
  description: z.string().min(1),
  language: z.string().regex(/^[a-z]{2}(?:-[A-Z]{2})?$/, 'use a language code such as "en"'),
  version: z.string().regex(/^\d+\.\d+\.\d+(?:[-+][\w.-]+)?$/, 'use a semantic version such as "1.0.0"'),
  authors: z.array(z.string().min(1)).min(1),
  license: z.string().min(1),
  articles: z.array(ManifestArticleSchema).min(1),
  /** Author concept cards; defaults to `concepts.yaml` when that file exists. */
  concepts: relativePath.optional(),
  /** Author glossary; defaults to `glossary.yaml` when that file exists. */
  glossary: relativePath.optional(),
  /** Hand-written question files (format arrives with GIFT interop); defaults to files under `questions/`. */
  questions: z.array(relativePath).optional(),
});
export type CourseManifest = z.infer<typeof CourseManifestSchema>;

/**
 * An author's concept card: it names a concept, its aliases, and optionally a definition of the
 * author's own and quotes of the passages that define it.
 */
export const ConceptCardSchema = z.strictObject({
  id: slug.optional(),
  name: z.string().min(1),
  aliases: z.array(z.string().min(1)).default([]),
  definition: z.string().min(1).optional(),
  /** Exact quotes from the articles (normalised text) that define the concept; the first is its citation. */
  definedBy: z.array(z.string().min(3)).default([]),
});
export type ConceptCard = z.infer<typeof ConceptCardSchema>;

export const ConceptCardsFileSchema = z.strictObject({ concepts: z.array(ConceptCardSchema) });

export const GlossaryEntrySchema = z.strictObject({ term: z.string().min(1), gloss: z.string().min(1) });
export type GlossaryEntry = z.infer<typeof GlossaryEntrySchema>;

export const GlossaryFileSchema = z.strictObject({ glossary: z.array(GlossaryEntrySchema) });

/**
 * Id of an article: its manifest id, or its file name as a slug.
 *
 * @example
 * articleIdOf({ file: "articles/000_ab.txt", title: "T", source: "S", date: "2025" }); // "000-ab"
 */
export function articleIdOf(article: ManifestArticle): string {
  if (article.id) return article.id;
  const base = article.file.split("/").pop() ?? article.file;
  return base
    .replace(/\.[^.]+$/, "")
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "");
}
