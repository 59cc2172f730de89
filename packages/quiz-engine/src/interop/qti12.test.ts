import { readFileSync } from "node:fs";
import { XMLParser, XMLValidator } from "fast-xml-parser";
import { describe, expect, it } from "vitest";
import { generateQuestions } from "../generate.ts";
import { gradeResponse } from "../grade.ts";
import type { Question } from "../schemas.ts";
import { makeSampleBundle } from "../testing/sample-bundle.ts";
import { exportQti12, importQti } from "./qti12.ts";

// biome-ignore lint/suspicious/noExplicitAny: a parsed XML tree has no static shape
type Xml = any;

const fixture = (name: string) =>
  readFileSync(new URL(`../../../../tests/fixtures/interop/text2qti/${name}`, import.meta.url), "utf8");

/** text2qti's demo package as it came out of its zip (the assessment file renamed, see the fixture README). */
function text2qtiPackage(): Map<string, string> {
  const manifest = fixture("imsmanifest.xml").replace(
    /text2qti_assessment_[0-9a-f]+\/text2qti_assessment_[0-9a-f]+\.xml/,
    "assessment.xml",
  );
  return new Map([
    ["imsmanifest.xml", manifest],
    ["assessment.xml", fixture("assessment.xml")],
  ]);
}

describe("QTI 1.2 import: a real text2qti package (Canvas flavour)", () => {
  const result = importQti(text2qtiPackage());
  const byTitle = (title: string) => result.drafts.find((d) => d.title === title)?.question;

  it("reports every item: five imported as drafts that need a source, essay and upload skipped with a reason", () => {
    expect(result.items.map((i) => [i.title, i.status])).toEqual([
      ["Multiple Choice Q", "needs_source"],
      ["Checkbox Q", "needs_source"],
      ["Numerical Q1", "needs_source"],
      ["Numerical Q2", "needs_source"],
      ["Fill in the Blank", "needs_source"],
      ["Essay Question", "skipped"],
      ["Upload a File", "skipped"],
    ]);
    expect(result.items[5]?.reason).toMatch(/essay/);
    expect(result.items[6]?.reason).toMatch(/file upload/);
  });

  it("keeps the stem, options, key, per-answer and general feedback", () => {
    const mc = byTitle("Multiple Choice Q");
    if (mc?.type !== "single_choice") throw new Error("not single choice");
    expect(mc.stem).toBe("What is 2+3?");
    expect(mc.options.map((o) => o.text)).toEqual(["6", "1", "5"]);
    expect(mc.options.find((o) => o.id === mc.key)?.text).toBe("5");
    expect(mc.feedback?.map((f) => f.text)).toEqual(Array(3).fill("Feedback for this particular answer."));
    expect(mc.explanation).toBe("General question feedback.");
    const checkbox = byTitle("Checkbox Q");
    if (checkbox?.type !== "multiple_choice") throw new Error("not multiple choice");
    expect(checkbox.key.map((id) => checkbox.options.find((o) => o.id === id)?.text)).toEqual([
      "Tyrannosaurus rex",
      "Triceratops",
    ]);
  });

  it("reads numerical tolerances and ranges, and every accepted typed answer", () => {
    expect(byTitle("Numerical Q1")).toMatchObject({
      type: "numeric",
      // biome-ignore lint/suspicious/noApproximativeNumericConstant: the value the fixture holds
      key: { value: 1.4142, tolerance: { amount: 0.0001 } },
    });
    const range = byTitle("Numerical Q2");
    if (range?.type !== "numeric") throw new Error("not numeric");
    expect(range.key.value).toBeCloseTo(1.2599, 9);
    expect(range.key.tolerance.amount).toBeCloseTo(0.0001, 9);
    expect(byTitle("Fill in the Blank")).toMatchObject({
      type: "short_answer",
      key: { accepted: ["Santa", "Santa Claus", "Father Christmas", "Saint Nicholas", "Saint Nick"] },
    });
  });
});

/** An item as a Common Cartridge export writes it: typed by `cc_profile`, scored on a 0-100 SCORE. */
function ccItem(ident: string, profile: string, stem: string, response: string, scoring: string): string {
  return `<item ident="${ident}" title="${ident}"><itemmetadata><qtimetadata><qtimetadatafield><fieldlabel>cc_profile</fieldlabel><fieldentry>${profile}</fieldentry></qtimetadatafield></qtimetadata></itemmetadata>
<presentation><material><mattext texttype="text/plain">${stem}</mattext></material>${response}</presentation>${scoring}</item>`;
}
const choices = (rcardinality: string, labels: string[]) =>
  `<response_lid ident="RESPONSE" rcardinality="${rcardinality}"><render_choice>${labels.map((l) => `<response_label ident="${l}"><material><mattext texttype="text/plain">${l}</mattext></material></response_label>`).join("")}</render_choice></response_lid>`;
const scored = (condition: string) =>
  `<resprocessing><outcomes><decvar varname="SCORE" vartype="Decimal" maxvalue="100"/></outcomes><respcondition><conditionvar>${condition}</conditionvar><setvar varname="SCORE" action="Set">100</setvar></respcondition></resprocessing>`;
const typed = '<response_str ident="RESPONSE" rcardinality="Single"><render_fib/></response_str>';

describe("QTI 1.2 import: Common Cartridge items (typed by cc_profile)", () => {
  const items = [
    ccItem(
      "mc",
      "cc.multiple_choice.v0p1",
      "Capital of France?",
      choices("Single", ["Paris", "Lyon"]),
      scored('<varequal respident="RESPONSE">Paris</varequal>'),
    ),
    ccItem(
      "tf",
      "cc.true_false.v0p1",
      "The sky is blue.",
      choices("Single", ["True", "False"]),
      scored('<varequal respident="RESPONSE">True</varequal>'),
    ),
    ccItem(
      "mr",
      "cc.multiple_response.v0p1",
      "Primary colours?",
      choices("Multiple", ["Red", "Green", "Blue"]),
      scored('<varequal respident="RESPONSE">Red</varequal><varequal respident="RESPONSE">Blue</varequal>'),
    ),
    ccItem(
      "fib",
      "cc.fib.v0p1",
      "The capital of Italy is ___.",
      typed,
      scored('<varequal respident="RESPONSE" case="No">Rome</varequal>'),
    ),
    ccItem("essay", "cc.essay.v0p1", "Discuss the causes of the war.", typed, ""),
    ccItem(
      "pattern",
      "cc.pattern_match.v0p1",
      "Type a greeting.",
      typed,
      scored('<varsubstring respident="RESPONSE" case="No">hello</varsubstring>'),
    ),
    // The same shapes without a profile: the reasons come from the scoring itself.
    ccItem("open", "", "Explain in your own words.", typed, "").replace(
      /<itemmetadata>.*<\/itemmetadata>/,
      "",
    ),
    ccItem(
      "substring",
      "",
      "Name a fruit.",
      typed,
      scored('<varsubstring respident="RESPONSE">apple</varsubstring>'),
    ).replace(/<itemmetadata>.*<\/itemmetadata>/, ""),
  ];
  const xml = `<?xml version="1.0" encoding="UTF-8"?><questestinterop xmlns="http://www.imsglobal.org/xsd/ims_qtiasiv1p2"><assessment ident="a" title="A"><section ident="root_section">${items.join("\n")}</section></assessment></questestinterop>`;
  const result = importQti(new Map([["cc.xml", xml]]));
  const question = (ident: string) => result.drafts.find((d) => d.title === ident)?.question;

  it("reads each profile as its type, true/false as true/false", () => {
    expect(question("mc")).toMatchObject({ type: "single_choice" });
    expect(question("tf")).toMatchObject({ type: "true_false", key: true });
    expect(question("mr")).toMatchObject({ type: "multiple_choice" });
    expect(question("fib")).toMatchObject({ type: "cloze", key: { accepted: ["Rome"] } });
  });

  it("skips what Groundwork cannot grade with the reason, not as a fill-in without an answer", () => {
    const reason = (ident: string) => result.items.find((i) => i.ident === ident)?.reason;
    expect(reason("essay")).toMatch(/essay/);
    expect(reason("open")).toMatch(/essay/);
    expect(reason("pattern")).toMatch(/pattern-match/);
    expect(reason("substring")).toMatch(/pattern-match/);
    expect(result.items.filter((i) => i.status === "skipped").map((i) => i.ident)).toEqual([
      "essay",
      "pattern",
      "open",
      "substring",
    ]);
  });
});

describe("QTI 1.2 export", () => {
  const bundle = makeSampleBundle();
  const { questions } = generateQuestions(bundle, { seed: 3 });
  const { files, skipped } = exportQti12(questions, { bundle, title: "Sample" });

  it("re-imports through our importer equal, citations included", () => {
    expect(skipped).toEqual([]);
    const back = importQti(files, { bundle });
    expect(back.items.filter((i) => i.status !== "imported")).toEqual([]);
    expect(back.questions).toEqual(questions);
  });

  it("without Groundwork's kept question, the body still gives the same key, and the citation comes back from metadata", () => {
    const stripped = new Map(
      [...files].map(([path, text]) => [
        path,
        text.replace(
          /<qtimetadatafield>\s*<fieldlabel>groundwork_question<\/fieldlabel>[\s\S]*?<\/qtimetadatafield>/g,
          "",
        ),
      ]),
    );
    const back = importQti(stripped, { bundle });
    expect(back.items.filter((i) => i.status === "skipped")).toEqual([]);
    const byStem = new Map(back.questions.map((q) => [q.stem, q]));
    for (const original of questions.filter((q) => q.type === "single_choice" || q.type === "true_false")) {
      const again = byStem.get(original.stem) as Question;
      expect(again?.sourceRefs).toEqual(original.sourceRefs.slice(0, 1));
      const right =
        original.type === "single_choice"
          ? original.options.find((o) => o.id === original.key)?.id
          : original.key;
      const answer =
        again?.type === "single_choice"
          ? again.options.find(
              (o) =>
                o.text ===
                (original.type === "single_choice" ? original.options.find((x) => x.id === right)?.text : ""),
            )?.id
          : original.type === "true_false"
            ? original.key
            : undefined;
      expect(gradeResponse(again, answer).correct).toBe(true);
    }
  });

  it("an independent reader (fast-xml-parser) finds well-formed XML, a Canvas manifest and items it can score", () => {
    for (const [path, text] of files) expect(XMLValidator.validate(text), path).toBe(true);
    const parser = new XMLParser({
      ignoreAttributes: false,
      attributeNamePrefix: "@",
      isArray: (name) =>
        ["item", "qtimetadatafield", "response_label", "respcondition", "varequal", "resource"].includes(
          name,
        ),
    });
    const manifest = parser.parse(files.get("imsmanifest.xml") as string);
    const [resource] = manifest.manifest.resources.resource;
    expect(resource["@type"]).toBe("imsqti_xmlv1p2");
    const assessment = parser.parse(files.get(resource.file["@href"]) as string);
    const items = assessment.questestinterop.assessment.section.item as Array<Record<string, Xml>>;
    expect(items).toHaveLength(questions.length);
    const canvasTypes = [
      "multiple_choice_question",
      "multiple_answers_question",
      "true_false_question",
      "short_answer_question",
      "numerical_question",
      "matching_question",
    ];
    let checkedKeys = 0;
    for (const item of items) {
      const fields = new Map(
        item.itemmetadata.qtimetadata.qtimetadatafield.map((f: Xml) => [f.fieldlabel, String(f.fieldentry)]),
      );
      expect(canvasTypes).toContain(fields.get("question_type"));
      expect(fields.get("groundwork_source_passage")).toBeTruthy();
      expect(fields.get("groundwork_source_quote")).toBeTruthy();
      const original = questions.find((q) => q.id === item["@ident"]);
      const lid = item.presentation.response_lid;
      if (original?.type === "single_choice" || original?.type === "multiple_choice") {
        // The full-score condition names exactly the key's choices, among those the item shows.
        const labels = new Map(
          lid.render_choice.response_label.map((l: Xml) => [l["@ident"], l.material.mattext["#text"]]),
        );
        const full = item.resprocessing.respcondition.find((rc: Xml) => Number(rc.setvar?.["#text"]) === 100);
        const named = positiveValues(full.conditionvar).map((v) => labels.get(v));
        const keyIds = original.type === "single_choice" ? [original.key] : original.key;
        expect(named.sort()).toEqual(
          keyIds.map((id) => original.options.find((o) => o.id === id)?.text).sort(),
        );
        checkedKeys++;
      }
    }
    expect(checkedKeys).toBeGreaterThan(5);
  });
});

/** The `varequal` values of a parsed condition, not counting those under a `not`. */
function positiveValues(node: unknown): string[] {
  if (!node || typeof node !== "object") return [];
  const out: string[] = [];
  for (const [key, value] of Object.entries(node as Record<string, unknown>)) {
    if (key === "not") continue;
    if (key === "varequal")
      for (const v of value as Array<{ "#text": unknown }>) out.push(String(v["#text"]));
    else for (const child of Array.isArray(value) ? value : [value]) out.push(...positiveValues(child));
  }
  return out;
}

describe("QTI 2.1 import: the IMS example items", () => {
  const names = ["choice", "choice_multiple", "order", "text_entry", "extended_text", "match"];
  const files = new Map(
    names.map((n) => [
      `${n}.xml`,
      readFileSync(new URL(`../../../../tests/fixtures/interop/qti21/${n}.xml`, import.meta.url), "utf8"),
    ]),
  );
  const result = importQti(files);
  const draft = (file: string) => {
    const ident = result.items.find((i) => i.file === file)?.ident;
    return result.drafts.find((d) => d.ident === ident)?.question;
  };

  it("reads choice, multiple choice, order and text entry; skips the rest with a reason", () => {
    expect(result.items.map((i) => [i.file, i.status])).toEqual([
      ["choice.xml", "needs_source"],
      ["choice_multiple.xml", "needs_source"],
      ["order.xml", "needs_source"],
      ["text_entry.xml", "needs_source"],
      ["extended_text.xml", "skipped"],
      ["match.xml", "skipped"],
    ]);
    for (const skipped of result.items.filter((i) => i.status === "skipped"))
      expect(skipped.reason).toMatch(/\w{10,}/);
  });

  it("keeps the key, the context, the blank and partial credit", () => {
    const choice = draft("choice.xml");
    if (choice?.type !== "single_choice") throw new Error("not single choice");
    expect(choice.stem).toContain("What does it say?");
    expect(choice.options.find((o) => o.id === choice.key)?.text).toBe(
      "You must stay with your luggage at all times.",
    );
    expect(draft("choice_multiple.xml")?.type).toBe("multiple_choice");
    const order = draft("order.xml");
    if (order?.type !== "ordering") throw new Error("not ordering");
    expect(order.key).toHaveLength(3);
    expect(draft("text_entry.xml")).toMatchObject({
      type: "cloze",
      key: { accepted: ["York"] },
      answers: [{ text: "york", weight: 0.5 }],
    });
    expect(draft("text_entry.xml")?.stem).toMatch(/sun of\s+_____/);
  });
});
