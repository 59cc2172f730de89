/**
 * Upload during an exam: while a class takes a quiz on one API process (SQLite), an author uploads
 * a zip bomb, a valid package of about 20 MB and the demo package. Builds run on the API's build
 * worker, so students' saves must not notice: p99 save stays under 200 ms. The bomb must be refused
 * at the inflate limit, the large package stored or refused with a reason (its CPU-time limit), never
 * a 5xx, and the demo package stored. Bounded; exits non-zero when a check fails.
 *
 *   tsx load/upload-during-exam.ts --students 200 --duration 60 [--no-uploads for the baseline]
 */
import { parseArgs } from "node:util";
import { demoPackageDir, demoPassword, readPackageDir, zipBomb, zipPackage } from "@groundwork/api/testing";
import { ApiClient, percentile } from "../lib/client.ts";
import {
  checkLines,
  createRunDatabase,
  type ExamConfig,
  prepareExam,
  runExam,
  summarize,
  verifyExam,
} from "../lib/exam.ts";
import { generatedPackage } from "../lib/packages.ts";
import { startApi, stop } from "../lib/servers.ts";

export interface UploadDuringExamConfig extends ExamConfig {
  /** Bytes of articles in the large package. */
  packageBytes: number;
  /** Bytes the zip bomb inflates to. */
  bombBytes: number;
  /** The API's PACKAGE_BUILD_CPU_SECONDS. */
  buildCpuSeconds: number;
  /** false: the same exam with no uploads, as a baseline. */
  uploads: boolean;
}

interface UploadResult {
  name: string;
  status: number;
  ms: number;
  outcome: string;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, Math.max(0, ms)));

async function upload(author: ApiClient, name: string, zipBase64: string): Promise<UploadResult> {
  const started = performance.now();
  try {
    const result = await author.mutate<{ ok: boolean; questions?: number; problems?: unknown[] }>(
      "authoring.upload",
      { zipBase64 },
    );
    return {
      name,
      status: 200,
      ms: performance.now() - started,
      outcome: result.ok
        ? `stored, ${result.questions} questions`
        : `problems: ${JSON.stringify(result.problems)}`,
    };
  } catch (error) {
    const status = (error as { status?: number }).status ?? 0;
    return { name, status, ms: performance.now() - started, outcome: (error as Error).message.slice(0, 160) };
  }
}

export async function uploadDuringExam(
  config: UploadDuringExamConfig,
): Promise<{ passed: boolean; text: string }> {
  const database = await createRunDatabase(config.provider);
  const examStart = new Date(Date.now() + 25_000 + config.students * 60);
  const prepared = await prepareExam(database.url, config, examStart);
  const port = 4321;
  const origin = `http://127.0.0.1:${port}`;
  let api: Awaited<ReturnType<typeof startApi>> | undefined;
  try {
    api = await startApi({
      port,
      databaseUrl: database.url,
      core: 0,
      env: { PACKAGE_BUILD_CPU_SECONDS: String(config.buildCpuSeconds) },
    });
    const large = generatedPackage({ courseId: "large-course", totalBytes: config.packageBytes });
    const largeZip = zipPackage(large);
    const largeBytes = [...large.values()].reduce((sum, bytes) => sum + bytes.byteLength, 0);
    const bomb = Buffer.from(await zipBomb(config.bombBytes)).toString("base64");
    const demo = readPackageDir(demoPackageDir());
    const manifest = new TextDecoder().decode(demo.get("course.yaml"));
    demo.set("course.yaml", new TextEncoder().encode(manifest.replace(/^id:.*$/m, "id: uploaded-demo")));
    const author = new ApiClient(origin, "10.8.0.1");
    await author.signIn("author@groundwork.test", demoPassword);

    const exam = runExam([origin], prepared, config, examStart.getTime());
    const uploads: UploadResult[] = [];
    const uploading = (async () => {
      if (!config.uploads) return;
      // Once the class has started and is answering.
      await sleep(examStart.getTime() + (config.startWindowSeconds + 1) * 1000 - Date.now());
      uploads.push(
        await upload(author, `zip bomb (${Math.round(config.bombBytes / 1048576)} MiB inflated)`, bomb),
      );
      uploads.push(
        await upload(
          author,
          `valid package (${(largeBytes / 1048576).toFixed(1)} MB, ${large.size} files, ${(largeZip.length / 1048576).toFixed(1)} MB base64)`,
          largeZip,
        ),
      );
      uploads.push(await upload(author, "demo package", zipPackage(demo)));
    })();
    const outcome = await exam;
    await sleep(examStart.getTime() + config.durationSeconds * 1000 + 8_000 - Date.now());
    await uploading;

    const verdict = await verifyExam(prepared, outcome, config.students);
    const summary = summarize(
      `upload during exam on ${config.provider}, 1 API process, ${config.questions} questions, ${config.durationSeconds} s${config.uploads ? "" : " (baseline, no uploads)"}`,
      outcome,
      verdict,
    );
    const p99Save = percentile(outcome.saveLatencies, 99);
    const [bombResult, largeResult, demoResult] = uploads;
    const checks: Record<string, boolean> = { "p99 save < 200 ms": p99Save < 200 };
    if (config.uploads) {
      checks["zip bomb refused at the inflate limit (400)"] =
        bombResult?.status === 400 && /unpacks to more than/.test(bombResult.outcome);
      checks["large package stored, or refused with its reason (never a 5xx)"] =
        largeResult !== undefined &&
        (largeResult.status === 200 ||
          (largeResult.status === 400 && /CPU time|memory|larger/.test(largeResult.outcome)));
      checks["demo package stored"] = demoResult?.status === 200 && demoResult.outcome.startsWith("stored");
    }
    const lines = [
      summary.text,
      ...uploads.map(
        (u) => `  upload ${u.name}: ${u.status} after ${(u.ms / 1000).toFixed(1)} s: ${u.outcome}`,
      ),
      ...checkLines(checks),
    ];
    return { passed: summary.passed && Object.values(checks).every(Boolean), text: lines.join("\n") };
  } finally {
    await stop(api);
    await prepared.db.close();
    await database.drop();
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const { values } = parseArgs({
    options: {
      students: { type: "string", default: "200" },
      questions: { type: "string", default: "10" },
      duration: { type: "string", default: "60" },
      "package-mb": { type: "string", default: "20" },
      "build-cpu-seconds": { type: "string", default: "120" },
      "no-uploads": { type: "boolean", default: false },
    },
  });
  const result = await uploadDuringExam({
    provider: "sqlite",
    students: Number(values.students),
    questions: Number(values.questions),
    durationSeconds: Number(values.duration),
    startWindowSeconds: 5,
    submitWindowSeconds: 10,
    packageBytes: Number(values["package-mb"]) * 1024 * 1024,
    bombBytes: 1024 * 1024 * 1024,
    buildCpuSeconds: Number(values["build-cpu-seconds"]),
    uploads: !values["no-uploads"],
  });
  console.log(result.text);
  process.exit(result.passed ? 0 : 1);
}
