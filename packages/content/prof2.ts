import { readdirSync, readFileSync } from "node:fs";
import { normalizeText, passTimes } from "./src/normalize.ts";

const dir = "/work/main/content/deepseek-moment/articles/";
const texts = readdirSync(dir).map((f) => readFileSync(dir + f, "utf8"));
const arts = Array.from({ length: 20 }, (_, i) => texts.join("\n").slice(0, 40000) + i);
for (let r = 0; r < 3; r++) {
  passTimes.length = 0;
  const t = performance.now();
  arts.map((a) => normalizeText(a));
  console.log((performance.now() - t).toFixed(0), passTimes.map((x) => x?.toFixed(0)).join(" "));
}
