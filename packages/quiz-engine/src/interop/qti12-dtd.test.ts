import { readFileSync } from "node:fs";
import { DtdValidator, XmlDocument, XmlDtd } from "libxml2-wasm";
import { afterAll, describe, expect, it } from "vitest";
import { generateQuestions } from "../generate.ts";
import { makeSampleBundle } from "../testing/sample-bundle.ts";
import { exportQti12, importQti } from "./qti12.ts";

/**
 * The second, independent reader of our QTI 1.2 export: libxml2 (compiled to WebAssembly) validating
 * against IMS's own QTI 1.2.1 DTD. The IMS XSD is in no npm or Debian package; the DTD is the same
 * version's normative binding (tests/fixtures/interop/qti12-dtd/README.md).
 */
const fixtures = new URL("../../../../tests/fixtures/interop/", import.meta.url);
const dtd = XmlDtd.fromString(readFileSync(new URL("qti12-dtd/ims_qtiasiv1p2p1.dtd", fixtures), "utf8"));
const validator = new DtdValidator(dtd);
afterAll(() => validator.dispose());

/**
 * libxml2's verdict, or null when valid. The DTD predates XML namespaces, so the root's namespace
 * and schema-location attributes (the XSD binding's) are taken off first; nothing else is touched.
 */
function dtdErrors(xml: string): string | null {
  const doc = XmlDocument.fromString(xml.replace(/<questestinterop\b[^>]*>/, "<questestinterop>"));
  try {
    validator.validate(doc);
    return null;
  } catch (error) {
    return error instanceof Error ? error.message : String(error);
  } finally {
    doc.dispose();
  }
}

describe("QTI 1.2 export against the IMS QTI 1.2.1 DTD (libxml2)", () => {
  const bundle = makeSampleBundle();
  const { questions } = generateQuestions(bundle, { seed: 3 });
  const { files } = exportQti12(questions, { bundle, title: "Sample" });
  const assessments = [...files].filter(([path]) => path !== "imsmanifest.xml");

  it("every assessment file is valid, with every question type the export writes", () => {
    expect(assessments).toHaveLength(1);
    expect(new Set(questions.map((q) => q.type)).size).toBeGreaterThanOrEqual(6);
    for (const [path, xml] of assessments) expect(dtdErrors(xml), path).toBeNull();
  });

  it("and re-imports through our own importer equal", () => {
    expect(importQti(files, { bundle }).questions).toEqual(questions);
  });

  it("the validator is strict: it rejects what the DTD forbids, and accepts Canvas's and text2qti's own files", () => {
    const [, xml] = assessments[0] as [string, string];
    expect(dtdErrors(xml.replace("<resprocessing>", "<resprocessing><bogus/>"))).toMatch(/bogus/);
    expect(dtdErrors(xml.replace(/rcardinality="Single"/, 'rcardinality="One"'))).toMatch(/rcardinality/);
    expect(
      dtdErrors(
        xml.replace(
          /<\/presentation>\s*<resprocessing>/,
          '</presentation><itemfeedback ident="x"><material><mattext>x</mattext></material></itemfeedback><resprocessing>',
        ),
      ),
    ).toMatch(/item/);
    for (const file of [
      "canvas/classic-quiz-format/ClassicQuestionsExport/gba68ca5141956320bac396a5d1170a39/gba68ca5141956320bac396a5d1170a39.xml",
      "canvas/canvas-lms/multiple_choice_html.xml",
      "text2qti/assessment.xml",
    ])
      expect(dtdErrors(readFileSync(new URL(file, fixtures), "utf8")), file).toBeNull();
  });
});
