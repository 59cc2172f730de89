/**
 * Lighthouse 12 performance scores of the lesson reader and the quiz player, against the production
 * build (the web origin, apps/web/server/main.mjs) and the built API over a fresh SQLite file, signed in as the demo student.
 * Uses Debian's Chromium; nothing is downloaded. Prints the scores and the main metrics.
 *   pnpm --filter @groundwork/tests bench:lighthouse
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import {
  createAuth,
  createDb,
  migrateDatabase,
  parseDatabaseUrl,
  readEnv,
  seedDemo,
} from "@groundwork/api/testing";
import * as chromeLauncher from "chrome-launcher";
import lighthouse from "lighthouse";
import desktopConfig from "lighthouse/core/config/desktop-config.js";
import { ApiClient } from "../lib/client.ts";
import { startApi, startWeb, stop } from "../lib/servers.ts";

const apiPort = 4601;
const webPort = 4600;
const web = `http://127.0.0.1:${webPort}`;
const dir = mkdtempSync(join(tmpdir(), "groundwork-lh-"));
const databaseUrl = `file:${join(dir, "lh.db")}`;
const target = parseDatabaseUrl(databaseUrl);
await migrateDatabase(target);
{
  const db = createDb(target);
  await seedDemo(db, createAuth(db, readEnv({ NODE_ENV: "test", DATABASE_URL: databaseUrl })), new Date());
  await db.close();
}
const api = await startApi({ port: apiPort, databaseUrl, env: { PUBLIC_URL: web } });
const next = await startWeb({ port: webPort, apiOrigins: [`http://127.0.0.1:${apiPort}`] });
const chrome = await chromeLauncher.launch({
  chromePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
  chromeFlags: [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
  ],
});
try {
  const student = new ApiClient(`http://127.0.0.1:${apiPort}`);
  await student.signIn("student@groundwork.test", "groundwork-demo");
  const [assignment] =
    await student.query<Array<{ id: string; lesson: { id: string } }>>("progress.assignments");
  const attempt = await student.mutate<{ id: string }>("attempt.start", { assignmentId: assignment?.id });
  const pages = [
    { name: "lesson reader", url: `${web}/lessons/${assignment?.lesson.id}` },
    { name: "quiz player", url: `${web}/attempts/${attempt.id}` },
  ];
  const lines = [
    "| page | form factor | performance | FCP ms | LCP ms | TBT ms | CLS |",
    "| --- | --- | --- | --- | --- | --- | --- |",
  ];
  for (const page of pages) {
    for (const [formFactor, config] of [
      ["mobile (simulated slow 4G, 4x CPU)", undefined],
      ["desktop", desktopConfig],
    ] as const) {
      const result = await lighthouse(
        page.url,
        {
          port: chrome.port,
          onlyCategories: ["performance"],
          extraHeaders: { Cookie: student.cookie },
          logLevel: "error",
        },
        config,
      );
      const lhr = result?.lhr;
      if (!lhr) throw new Error(`no Lighthouse result for ${page.url}`);
      if (lhr.finalDisplayedUrl.includes("/sign-in")) throw new Error(`${page.name}: redirected to sign-in`);
      const audit = (id: string) => Math.round(lhr.audits[id]?.numericValue ?? Number.NaN);
      const score = Math.round((lhr.categories.performance?.score ?? 0) * 100);
      lines.push(
        `| ${page.name} | ${formFactor} | ${score} | ${audit("first-contentful-paint")} | ${audit("largest-contentful-paint")} | ${audit("total-blocking-time")} | ${(lhr.audits["cumulative-layout-shift"]?.numericValue ?? 0).toFixed(3)} |`,
      );
    }
  }
  console.log(
    `Lighthouse 12 against the production build, signed in as the demo student (target: 95 or more)\n\n${lines.join("\n")}`,
  );
} finally {
  await chrome.kill();
  await stop(next);
  await stop(api);
  rmSync(dir, { recursive: true, force: true });
}
