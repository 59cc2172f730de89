import { readdirSync, readFileSync } from "node:fs";
import { analyzeArticle } from "./src/analyze.ts";
import { its, nlp } from "./src/nlp.ts";
import { normalizeText } from "./src/normalize.ts";
import { segmentArticle } from "./src/segment.ts";

const dir = "/work/main/content/deepseek-moment/articles/";
const texts = readdirSync(dir).map((f) => readFileSync(dir + f, "utf8"));
const arts = Array.from({ length: 20 }, (_, i) => texts.join("\n").slice(0, 40000) + i);
for (let r = 0; r < 3; r++) {
  let t = performance.now();
  const ns = arts.map((a) => normalizeText(a));
  const tn = performance.now() - t;
  t = performance.now();
  const ss = ns.map((n) => segmentArticle("a", n));
  const ts = performance.now() - t;
  t = performance.now();
  ss.map((s) => analyzeArticle(s));
  const ta = performance.now() - t;
  t = performance.now();
  for (const a of arts) {
    const d = nlp.readDoc(a);
    d.tokens().out(its.pos);
    d.entities().out(its.detail);
    d.sentences().out();
  }
  const tw = performance.now() - t;
  console.log(
    `normalize ${tn.toFixed(0)} segment ${ts.toFixed(0)} analyze ${ta.toFixed(0)} wink ${tw.toFixed(0)} ratio ${((tn + ts + ta) / tw).toFixed(2)}`,
  );
}
