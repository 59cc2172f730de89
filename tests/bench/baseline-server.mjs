// The baselines the API is measured against: a bare node:http server answering the same JSON as a
// trivial tRPC query, and doing the same insert as an answer save with better-sqlite3 directly
// (WAL, one prepared statement, no framework, no ORM).

import { randomUUID } from "node:crypto";
import { createServer } from "node:http";
import Database from "better-sqlite3";

const port = Number(process.env.PORT ?? 4102);
const db = new Database(process.env.BASELINE_DB ?? ":memory:");
db.pragma("journal_mode = WAL");
db.exec(`CREATE TABLE IF NOT EXISTS "AttemptResponse" (
  "id" TEXT NOT NULL PRIMARY KEY, "attemptId" TEXT NOT NULL, "attemptQuestionId" TEXT NOT NULL UNIQUE,
  "value" JSONB NOT NULL, "revision" INTEGER NOT NULL DEFAULT 1, "savedAt" DATETIME NOT NULL,
  "timeOnQuestionMs" INTEGER NOT NULL DEFAULT 0, "score" REAL, "correct" BOOLEAN, "feedback" TEXT)`);
const insert = db.prepare(
  `INSERT INTO "AttemptResponse" ("id","attemptId","attemptQuestionId","value","revision","savedAt","timeOnQuestionMs") VALUES (?,?,?,?,1,?,?)`,
);
const trivial = JSON.stringify({ result: { data: null } });

createServer((req, res) => {
  if (req.url === "/json") {
    res.writeHead(200, { "content-type": "application/json", "content-length": Buffer.byteLength(trivial) });
    res.end(trivial);
    return;
  }
  if (req.url === "/insert" && req.method === "POST") {
    const chunks = [];
    req.on("data", (c) => chunks.push(c));
    req.on("end", () => {
      const input = JSON.parse(Buffer.concat(chunks).toString("utf8"));
      insert.run(
        randomUUID(),
        input.attemptId,
        `${input.attemptQuestionId}-${randomUUID()}`,
        JSON.stringify(input.response),
        new Date().toISOString(),
        input.timeOnQuestionMs ?? 0,
      );
      const body = JSON.stringify({
        result: { data: { revision: 1, savedAt: new Date().toISOString(), result: null } },
      });
      res.writeHead(200, { "content-type": "application/json", "content-length": Buffer.byteLength(body) });
      res.end(body);
    });
    return;
  }
  res.writeHead(404).end();
}).listen(port, "127.0.0.1", () => console.log(`baseline on ${port}`));
