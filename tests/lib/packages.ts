import { demoPackageDir, readPackageDir } from "@groundwork/api/testing";
import { createRng } from "@groundwork/quiz-engine";

const encoder = new TextEncoder();

/**
 * A valid content package of about `totalBytes` of articles, each about `articleBytes`, made of the
 * demo articles' lines shuffled with a seeded generator (so every run uploads the same package), with
 * the demo's concept cards. The size an author's largest real upload may reach.
 */
export function generatedPackage(options: {
  courseId: string;
  totalBytes: number;
  articleBytes?: number;
  seed?: number;
}): Map<string, Uint8Array> {
  const demo = readPackageDir(demoPackageDir());
  const lines = [...demo]
    .filter(([path]) => path.startsWith("articles/"))
    .flatMap(([, bytes]) => new TextDecoder().decode(bytes).split("\n"))
    .filter((line) => line.trim().length > 0);
  const rng = createRng(options.seed ?? 42);
  const articleBytes = options.articleBytes ?? 64 * 1024;
  const files = new Map<string, Uint8Array>();
  const entries: string[] = [];
  for (let n = 0, written = 0; written < options.totalBytes; n++) {
    const picked: string[] = [];
    for (let size = 0; size < articleBytes; ) {
      const line = lines[Math.floor(rng() * lines.length)] ?? "";
      picked.push(line);
      size += line.length + 1;
    }
    const bytes = encoder.encode(picked.join("\n"));
    const file = `articles/part-${String(n).padStart(4, "0")}.txt`;
    files.set(file, bytes);
    entries.push(
      `  - file: ${file}\n    title: Part ${n + 1}\n    source: a seeded shuffle of the demo articles\n    date: 2025-02-01`,
    );
    written += bytes.length;
  }
  const manifest = `id: ${options.courseId}\ntitle: A large course\ndescription: Generated for the upload-during-exam test.\nlanguage: en\nversion: 1.0.0\nauthors: [Load Test]\nlicense: CC0-1.0\narticles:\n${entries.join("\n")}\n`;
  files.set("course.yaml", encoder.encode(manifest));
  const concepts = demo.get("concepts.yaml");
  if (concepts) files.set("concepts.yaml", concepts);
  return files;
}
