import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { Question } from "../schemas.ts";
import { makeSampleBundle } from "../testing/sample-bundle.ts";
import { exportQti, QTI_CP_NAMESPACE, QTI_NAMESPACE, toQtiIdentifier } from "./qti.ts";
import { arbitraryBank } from "./testing-arbitraries.ts";
import { findAll, parseXml, type XmlElement } from "./testing-xml.ts";

const ref = {
  passageId: "econ-p0",
  articleId: "econ",
  rawStart: 0,
  rawEnd: 20,
  quote: "When steam engines b",
};
const base = { sourceRefs: [ref], conceptIds: [], difficulty: 0.5, generator: "test" };
const bank: Question[] = [
  {
    ...base,
    id: "q-single",
    type: "single_choice",
    stem: "Pick <one> & only one",
    options: [
      { id: "a", text: "A" },
      { id: "b", text: "B" },
    ],
    key: "b",
  },
  {
    ...base,
    id: "q-multi",
    type: "multiple_choice",
    stem: "Pick",
    options: [
      { id: "a", text: "A" },
      { id: "b", text: "B" },
      { id: "c", text: "C" },
    ],
    key: ["a", "b"],
  },
  { ...base, id: "q-tf", type: "true_false", stem: "True?", key: false },
  {
    ...base,
    id: "q-cloze",
    type: "cloze",
    stem: "Coal use ____ when engines improved.",
    key: { accepted: ["rose", "increased"] },
  },
  { ...base, id: "q-short", type: "short_answer", stem: "Name it", key: { accepted: ["Jevons paradox"] } },
  {
    ...base,
    id: "q-num",
    type: "numeric",
    stem: "How much?",
    key: { value: 5.576, tolerance: { mode: "relative", amount: 0.02 }, unit: "USD" },
  },
  {
    ...base,
    id: "q-order",
    type: "ordering",
    stem: "Order",
    options: [
      { id: "x", text: "X" },
      { id: "y", text: "Y" },
    ],
    key: ["y", "x"],
  },
  {
    ...base,
    id: "1 bad id",
    type: "matching",
    stem: "Match",
    left: [
      { id: "l1", text: "L1" },
      { id: "l2", text: "L2" },
    ],
    right: [
      { id: "r1", text: "R1" },
      { id: "r2", text: "R2" },
      { id: "r3", text: "R3" },
    ],
    key: { l1: "r2", l2: "r1" },
  },
];

function item(files: Map<string, string>, id: string): XmlElement {
  const text = files.get(`items/${toQtiIdentifier(id)}.xml`);
  if (!text) throw new Error(`no item ${id}`);
  return parseXml(text);
}
const child = (e: XmlElement, name: string) => e.children.find((c) => c.name === name);

// The order of qti-assessment-item's children in the QTI 3.0 XSD (a sequence).
const ITEM_SEQUENCE = [
  "qti-context-declaration",
  "qti-response-declaration",
  "qti-outcome-declaration",
  "qti-template-declaration",
  "qti-template-processing",
  "qti-assessment-stimulus-ref",
  "qti-companion-materials-info",
  "qti-stylesheet",
  "qti-item-body",
  "qti-catalog-info",
  "qti-response-processing",
  "qti-modal-feedback",
];

describe("QTI 3.0 export", () => {
  const bundle = makeSampleBundle();
  const { files, skipped } = exportQti(bank, { bundle });

  it("writes a manifest, one item per question and one stimulus per cited passage, all well-formed", () => {
    expect(skipped).toEqual([]);
    expect([...files.keys()].filter((p) => p.startsWith("items/"))).toHaveLength(bank.length);
    expect([...files.keys()].filter((p) => p.startsWith("stimuli/"))).toEqual([
      "stimuli/stimulus-econ-p0.xml",
    ]);
    for (const text of files.values()) expect(() => parseXml(text)).not.toThrow();
  });

  it("items: namespace, identifiers, children in schema order, a response declaration and processing", () => {
    for (const q of bank) {
      const root = item(files, q.id);
      expect(root.name).toBe("qti-assessment-item");
      expect(root.attributes.xmlns).toBe(QTI_NAMESPACE);
      expect(root.attributes.identifier).toMatch(/^[A-Za-z_][A-Za-z0-9_.-]*$/);
      expect(root.attributes["time-dependent"]).toBe("false");
      const order = root.children.map((c) => ITEM_SEQUENCE.indexOf(c.name));
      expect(order.every((n) => n >= 0)).toBe(true);
      expect([...order].sort((a, b) => a - b)).toEqual(order);
      const declaration = child(root, "qti-response-declaration");
      expect(declaration?.attributes.identifier).toBe("RESPONSE");
      expect(findAll(declaration as XmlElement, "qti-correct-response")).toHaveLength(1);
      expect(child(root, "qti-response-processing")).toBeDefined();
      expect(child(root, "qti-assessment-stimulus-ref")?.attributes.href).toBe(
        "../stimuli/stimulus-econ-p0.xml",
      );
      // Every interaction answers the declared response.
      const body = child(root, "qti-item-body") as XmlElement;
      const interactions = body.children
        .flatMap((c) => [c, ...c.children])
        .filter((c) => c.name.endsWith("-interaction"));
      expect(interactions.map((i) => i.attributes["response-identifier"])).toEqual(["RESPONSE"]);
    }
  });

  it("declares cardinality, base type, correct response and template per type", () => {
    const expected: Record<string, [string, string, string[], string]> = {
      "q-single": ["single", "identifier", ["b"], "match_correct"],
      "q-multi": ["multiple", "identifier", ["a", "b"], "map_response"],
      "q-tf": ["single", "identifier", ["false"], "match_correct"],
      "q-cloze": ["single", "string", ["rose"], "map_response"],
      "q-short": ["single", "string", ["Jevons paradox"], "map_response"],
      "q-num": ["single", "float", ["5.576"], ""],
      "q-order": ["ordered", "identifier", ["y", "x"], "match_correct"],
      "1 bad id": ["multiple", "directedPair", ["l1 r2", "l2 r1"], "map_response"],
    };
    for (const [id, [cardinality, baseType, values, tmpl]] of Object.entries(expected)) {
      const root = item(files, id);
      const declaration = child(root, "qti-response-declaration") as XmlElement;
      expect(declaration.attributes.cardinality).toBe(cardinality);
      expect(declaration.attributes["base-type"]).toBe(baseType);
      expect(findAll(declaration, "qti-correct-response")[0]?.children.map((v) => v.text)).toEqual(values);
      const processing = child(root, "qti-response-processing") as XmlElement;
      if (tmpl) {
        expect(processing.attributes.template).toBe(
          `https://purl.imsglobal.org/spec/qti/v3p0/rptemplates/${tmpl}.xml`,
        );
        if (tmpl === "map_response") expect(findAll(declaration, "qti-mapping")).toHaveLength(1);
      } else {
        const equal = findAll(processing, "qti-equal")[0];
        expect(equal?.attributes).toMatchObject({ "tolerance-mode": "relative", tolerance: "2 2" });
      }
    }
  });

  it("multiple choice mapping mirrors the grader: +1/k right, -1/(n-k) wrong, bounded 0..1", () => {
    const mapping = findAll(item(files, "q-multi"), "qti-mapping")[0] as XmlElement;
    expect(mapping.attributes).toMatchObject({ "lower-bound": "0", "upper-bound": "1" });
    expect(mapping.children.map((e) => [e.attributes["map-key"], e.attributes["mapped-value"]])).toEqual([
      ["a", "0.5"],
      ["b", "0.5"],
      ["c", "-1"],
    ]);
  });

  it("the cloze blank becomes an inline text entry; XML specials are escaped", () => {
    const body = child(item(files, "q-cloze"), "qti-item-body") as XmlElement;
    const p = body.children[0] as XmlElement;
    expect(p.children[0]?.name).toBe("qti-text-entry-interaction");
    expect(p.text).toBe("Coal use  when engines improved.");
    expect(findAll(item(files, "q-single"), "qti-prompt")[0]?.text).toBe("Pick <one> & only one");
  });

  it("the stimulus holds the whole passage from the bundle's raw text", () => {
    const stimulus = parseXml(files.get("stimuli/stimulus-econ-p0.xml") as string);
    expect(stimulus.name).toBe("qti-assessment-stimulus");
    expect(stimulus.attributes.xmlns).toBe(QTI_NAMESPACE);
    const text = findAll(stimulus, "p")
      .map((p) => p.text)
      .join(" ");
    expect(text).toContain("This phenomenon is known as the Jevons paradox.");
  });

  it("the manifest lists items as imsqti_item_xmlv3p0 with their stimulus as a dependency", () => {
    const manifest = parseXml(files.get("imsmanifest.xml") as string);
    expect(manifest.name).toBe("manifest");
    expect(manifest.attributes.xmlns).toBe(QTI_CP_NAMESPACE);
    const resources = findAll(manifest, "resource");
    const items = resources.filter((r) => r.attributes.type === "imsqti_item_xmlv3p0");
    expect(items).toHaveLength(bank.length);
    expect(resources.filter((r) => r.attributes.type === "imsqti_stimulus_xmlv3p0")).toHaveLength(1);
    for (const r of items) {
      expect(files.has(r.attributes.href as string)).toBe(true);
      expect(findAll(r, "dependency")[0]?.attributes.identifierref).toBe("stimulus-econ-p0");
    }
    const ids = resources.map((r) => r.attributes.identifier);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it("generated banks with hostile texts always give well-formed XML", () => {
    fc.assert(
      fc.property(arbitraryBank, (generated) => {
        const out = exportQti(generated);
        for (const text of out.files.values()) parseXml(text);
        expect([...out.files.keys()].filter((p) => p.startsWith("items/"))).toHaveLength(generated.length);
      }),
      { numRuns: 150 },
    );
  }, 30_000);

  it("the checker itself rejects malformed XML", () => {
    for (const bad of [
      "<a><b></a></b>",
      "<a x=1/>",
      "<a>&nope;</a>",
      "<a/><b/>",
      "<a>",
      "<a x='1' x='2'/>",
      "<a><</a>",
    ]) {
      expect(() => parseXml(bad)).toThrow();
    }
  });
});
