import { describe, expect, it } from "vitest";
import { renderMarkup } from "../render-markup.ts";
import { importGift } from "./gift.ts";

/** Payloads that run script, load something or escape the element, each in Markdown and in HTML. */
const HOSTILE = [
  "<script>alert(1)</script>",
  '<img src=x onerror="alert(1)">',
  '<svg onload="alert(1)"><circle r="1"/></svg>',
  '<iframe src="https://evil.example/"></iframe>',
  '<a href="javascript:alert(1)">click</a>',
  '<a href="//evil.example/">protocol-relative</a>',
  '<p style="position:fixed;inset:0">cover</p>',
  '<form action="https://evil.example/"><input name="password"></form>',
  "<object data=x></object><embed src=x>",
  '<b onmouseover="alert(1)">hover</b>',
  "</legend></fieldset><script>alert(1)</script>",
  "[link](javascript:alert(1))",
  "![pixel](https://evil.example/track.png)",
];

/** What must never reach the page. */
function unsafeParts(html: string): string[] {
  const patterns = [
    /<script/i,
    /<img/i,
    /<svg/i,
    /<iframe/i,
    /<object/i,
    /<embed/i,
    /<form/i,
    /<input/i,
    /\son\w+=/i,
    /href="?\s*javascript:/i,
    /style=/i,
    /href="\/\//i,
    /<\/legend/i,
    /<\/fieldset/i,
  ];
  return patterns.filter((p) => p.test(html)).map(String);
}

describe("renderMarkup: question text as safe HTML", () => {
  it("renders Markdown formatting, lists and links", () => {
    expect(renderMarkup({ format: "markdown", text: "Who's buried in **Grant's tomb**?" })).toBe(
      "Who's buried in <strong>Grant's tomb</strong>?",
    );
    expect(renderMarkup({ format: "markdown", text: "Pick:\n\n- *one*\n- `two`" })).toBe(
      "<p>Pick:</p>\n<ul>\n<li><em>one</em></li>\n<li><code>two</code></li>\n</ul>",
    );
    expect(renderMarkup({ format: "markdown", text: "[docs](https://moodle.org/)" })).toBe(
      '<a href="https://moodle.org/" rel="noopener noreferrer nofollow" target="_blank">docs</a>',
    );
    expect(renderMarkup({ format: "html", text: "<p>H<sub>2</sub>O is <i>water</i></p>" })).toBe(
      "H<sub>2</sub>O is <i>water</i>",
    );
  });

  it("no hostile payload survives, in Markdown or HTML, and the text around it stays", () => {
    for (const payload of HOSTILE)
      for (const format of ["markdown", "html"] as const) {
        const html = renderMarkup({ format, text: `Before ${payload} after` });
        expect(unsafeParts(html), `${format}: ${payload}`).toEqual([]);
        expect(html).toContain("Before");
        expect(html).toContain("after");
      }
  });

  it("a hostile [markdown] GIFT question: plain stem without the HTML, a warning, and safe rendering", () => {
    const result = importGift(
      `::H::[markdown]The **tide mill** stored water.<img src=x onerror="window.pwned=1"><script>window.pwned=2</script> {T}`,
    );
    const question = result.drafts[0]?.question;
    expect(question?.stem).toBe("The tide mill stored water.");
    expect(result.problems.map((p) => p.message)).toEqual([
      "HTML in the question's Markdown that is never shown, as unsafe: img, script",
    ]);
    if (!question?.stemMarkup) throw new Error("no markup kept");
    expect(renderMarkup(question.stemMarkup)).toBe("The <strong>tide mill</strong> stored water.");
  });

  it("a hostile GIFT question imports with a plain stem and renders harmless", () => {
    const gift = `::Hostile::[html]<p>Which <b>gas</b>?<img src=x onerror="alert(document.cookie)"><script>fetch('/steal')</script></p>{=oxygen ~helium}`;
    const [draft] = importGift(gift).drafts;
    expect(draft?.question.stem).toBe("Which gas?");
    const markup = draft?.question.stemMarkup;
    if (!markup) throw new Error("no markup kept");
    expect(renderMarkup(markup)).toBe("Which <b>gas</b>?");
    // Even a payload stored without the import's sanitiser (an older row, a direct write) renders safe.
    const raw = {
      format: "html" as const,
      text: `<p>Which <b>gas</b>?<img src=x onerror="alert(1)"><script>x()</script></p>`,
    };
    expect(renderMarkup(raw)).toBe("Which <b>gas</b>?");
  });
});
