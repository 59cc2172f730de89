import { describe, expect, it } from "vitest";
import type { Question } from "../schemas.ts";
import { exportGift, importGift } from "./gift.ts";

/**
 * Every example of Moodle's "GIFT format" documentation page (docs.moodle.org/en/GIFT_format) and of
 * the comment block of Moodle's question/format/gift/format.php, imported one by one. A source
 * line is added so that each can become a cited question without a bundle (`// groundwork:` refs).
 */
const REF = {
  passageId: "p1",
  articleId: "a1",
  rawStart: 0,
  rawEnd: 5,
  quote: "Grant",
};
const cited = (gift: string) => `// groundwork: ${JSON.stringify({ sourceRefs: [REF] })}\n${gift}`;

/**
 * The question with its option ids replaced by letters in written order (a, b, ...; la/ra for
 * matching), so expectations read like the file. The stored ids carry no order (see gift.test.ts).
 */
function lettered(question: Question): Question {
  const letters = (ids: string[], prefix = "") =>
    new Map(ids.map((id, i) => [id, `${prefix}${"abcdefghij"[i]}`]));
  const swap = (map: Map<string, string>, id: string) => map.get(id) ?? id;
  const copy = structuredClone(question);
  const remapFeedback = (map: Map<string, string>) => {
    for (const f of copy.feedback ?? []) f.optionId = swap(map, f.optionId);
  };
  if (copy.type === "single_choice" || copy.type === "multiple_choice" || copy.type === "ordering") {
    const map = letters(copy.options.map((o) => o.id));
    for (const o of copy.options) o.id = swap(map, o.id);
    remapFeedback(map);
    if (copy.type === "single_choice") copy.key = swap(map, copy.key);
    else copy.key = copy.key.map((id) => swap(map, id));
    if (copy.type !== "ordering" && copy.weights)
      copy.weights = Object.fromEntries(Object.entries(copy.weights).map(([id, w]) => [swap(map, id), w]));
  }
  if (copy.type === "matching") {
    const left = letters(
      copy.left.map((o) => o.id),
      "l",
    );
    const right = letters(
      copy.right.map((o) => o.id),
      "r",
    );
    for (const o of copy.left) o.id = swap(left, o.id);
    for (const o of copy.right) o.id = swap(right, o.id);
    copy.key = Object.fromEntries(Object.entries(copy.key).map(([l, r]) => [swap(left, l), swap(right, r)]));
    remapFeedback(left);
  }
  return copy;
}

function one(gift: string) {
  const result = importGift(cited(gift));
  const errors = result.problems.filter((p) => p.severity === "error");
  expect(errors).toEqual([]);
  expect(result.questions).toHaveLength(1);
  return { question: lettered(result.questions[0] as Question), result };
}

describe("GIFT: Moodle documentation examples", () => {
  it("multiple choice: Who's buried in Grant's tomb?", () => {
    const { question } = one(
      "Who's buried in Grant's tomb?{=Grant ~no one ~Napoleon ~Churchill ~Mother Teresa }",
    );
    expect(question).toMatchObject({
      type: "single_choice",
      stem: "Who's buried in Grant's tomb?",
      key: "a",
      options: [
        { id: "a", text: "Grant" },
        { id: "b", text: "no one" },
        { id: "c", text: "Napoleon" },
        { id: "d", text: "Churchill" },
        { id: "e", text: "Mother Teresa" },
      ],
    });
  });

  it("multiple choice over several lines, with per-answer feedback", () => {
    const { question } = one(`Who is buried in Grant's tomb in New York City? {
=Grant
~No one
#Was true for 12 years, but Grant's remains were buried in the tomb in 1897
~Napoleon
#He was buried in France
~Churchill
#He was buried in England
~Mother Teresa
#She was buried in India
}`);
    expect(question.type).toBe("single_choice");
    expect(question.feedback).toEqual([
      {
        optionId: "b",
        text: "Was true for 12 years, but Grant's remains were buried in the tomb in 1897",
        sourceRefs: [],
      },
      { optionId: "c", text: "He was buried in France", sourceRefs: [] },
      { optionId: "d", text: "He was buried in England", sourceRefs: [] },
      { optionId: "e", text: "She was buried in India", sourceRefs: [] },
    ]);
  });

  it("the comment line and title example", () => {
    const { result, question } = one(`//Comment line
::Question title
:: Question {
     =A correct answer
     ~Wrong answer1
     #A response to wrong answer1
     ~Wrong answer2
     #A response to wrong answer2
     ~Wrong answer3
     #A response to wrong answer3
     ~Wrong answer4
     #A response to wrong answer4
}`);
    expect(question.stem).toBe("Question");
    expect(question.type).toBe("single_choice");
    expect(result.problems).toEqual([]);
  });

  it("missing word: Moodle costs {~lots of money =nothing ~a small amount} to download", () => {
    const { question } = one(
      "Moodle costs {~lots of money =nothing ~a small amount} to download from moodle.org.",
    );
    expect(question).toMatchObject({
      type: "single_choice",
      stem: "Moodle costs _____ to download from moodle.org.",
      key: "b",
    });
  });

  it("missing word: Grant is {~buried =entombed ~living} in Grant's tomb.", () => {
    const { question } = one("Grant is {~buried =entombed ~living} in Grant's tomb.");
    expect(question.stem).toBe("Grant is _____ in Grant's tomb.");
  });

  it("missing word with answers on separate lines (Thanksgiving)", () => {
    const { question } = one(`The American holiday of Thanksgiving is celebrated on the {
    ~second
    ~third
    =fourth
} Thursday of November.`);
    expect(question).toMatchObject({
      stem: "The American holiday of Thanksgiving is celebrated on the _____ Thursday of November.",
      key: "c",
    });
  });

  it("answers indented, brace closing the last line (Japanese characters)", () => {
    const { question } = one(`Japanese characters originally came from what country? {
    ~India
    =China
    ~Korea
    ~Egypt}`);
    expect(question).toMatchObject({ type: "single_choice", key: "b" });
    expect(question.stem).toBe("Japanese characters originally came from what country?");
  });

  it("the Gandhi and Hastings missing-word examples", () => {
    expect(
      one("Mahatma Gandhi's birthday is an Indian holiday on  {~15th ~3rd =2nd} of October.").question.stem,
    ).toBe("Mahatma Gandhi's birthday is an Indian holiday on  _____ of October.");
    const { question } = one(
      'Since {~495 AD =1066 AD ~1215 AD ~ 43 AD} the town of Hastings England has been "famous with visitors".',
    );
    expect(question).toMatchObject({
      key: "b",
      stem: 'Since _____ the town of Hastings England has been "famous with visitors".',
    });
  });

  it("multiple answers with negative weights: What two people are entombed in Grant's tomb?", () => {
    const { question, result } = one(`What two people are entombed in Grant's tomb? {
   ~%-100%No one
   ~%50%Grant
   ~%50%Grant's wife
   ~%-100%Grant's father
}`);
    expect(question).toMatchObject({ type: "multiple_choice", key: ["b", "c"] });
    expect(result.problems).toEqual([]);
  });

  it("true/false: {T}, {TRUE}, {F}, {FALSE}", () => {
    expect(one("Grant is buried in Grant's tomb.{F}").question).toMatchObject({
      type: "true_false",
      key: false,
    });
    expect(one("The sun rises in the east.{T}").question).toMatchObject({ type: "true_false", key: true });
    expect(one("Grant was buried in a tomb in New York City.{TRUE}").question).toMatchObject({ key: true });
    expect(one("Grant is buried in Grant's tomb.{FALSE}").question).toMatchObject({ key: false });
  });

  it("true/false feedback: first for a wrong answer, second for a right one", () => {
    const { question } = one(
      "Grant is buried in Grant's tomb.{FALSE#No one is buried in Grant's tomb.#You got it!}",
    );
    expect(question.feedback).toEqual([
      { optionId: "true", text: "No one is buried in Grant's tomb.", sourceRefs: [] },
      { optionId: "false", text: "You got it!", sourceRefs: [] },
    ]);
  });

  it("short answer: all answers right", () => {
    const { question } = one("Who's buried in Grant's tomb?{=Grant =Ulysses S. Grant =Ulysses Grant}");
    expect(question).toMatchObject({
      type: "short_answer",
      key: { accepted: ["Grant", "Ulysses S. Grant", "Ulysses Grant"] },
    });
  });

  it("short answer as missing word: Two plus two equals {=four =4}.", () => {
    const { question } = one("Two plus two equals {=four =4}.");
    expect(question).toMatchObject({
      type: "cloze",
      stem: "Two plus two equals _____.",
      key: { accepted: ["four", "4"] },
    });
    expect(one("Two plus {=two =2} equals four.").question).toMatchObject({ type: "cloze" });
  });

  it("short answer with feedback: =no one#excellent answer!", () => {
    const { question, result } = one(`Who's buried in Grant's tomb?{
=no one#excellent answer!
=nobody#excellent answer too!}`);
    expect(question).toMatchObject({
      type: "short_answer",
      key: { accepted: ["no one", "nobody"] },
      answers: [
        { text: "no one", weight: 1, feedback: "excellent answer!" },
        { text: "nobody", weight: 1, feedback: "excellent answer too!" },
      ],
    });
    expect(result.problems).toEqual([]);
  });

  it("matching, with general feedback", () => {
    const { question } = one(`Match the following countries with their corresponding capitals. {
   =Canada -> Ottawa
   =Italy  -> Rome
   =Japan  -> Tokyo
   =India  -> New Delhi
   ####It's good to know the capitals
   }`);
    expect(question).toMatchObject({ type: "matching", explanation: "It's good to know the capitals" });
    if (question.type !== "matching") throw new Error("not matching");
    expect(question.left.map((l) => l.text)).toEqual(["Canada", "Italy", "Japan", "India"]);
    expect(question.right.map((r) => r.text)).toEqual(["Ottawa", "Rome", "Tokyo", "New Delhi"]);
    expect(question.key).toEqual({ la: "ra", lb: "rb", lc: "rc", ld: "rd" });
  });

  it("matching written on one line: Which animal eats which food?", () => {
    const { question } = one("::Q4:: Which animal eats which food? { =cat -> cat food =dog -> dog food }");
    expect(question).toMatchObject({ type: "matching", key: { la: "ra", lb: "rb" } });
  });

  it("matching from format.php: Canada->Ottawa without spaces", () => {
    const { question } = one(
      "Match the following countries with their corresponding\ncapitals.{=Canada->Ottawa =Italy->Rome =Japan->Tokyo}",
    );
    expect(question).toMatchObject({
      type: "matching",
      stem: "Match the following countries with their corresponding\ncapitals.",
    });
  });

  it("numerical with tolerance and with a range", () => {
    expect(one("When was Ulysses S. Grant born?{#1822:5}").question).toMatchObject({
      type: "numeric",
      key: { value: 1822, tolerance: { mode: "absolute", amount: 5 }, unit: null },
    });
    const pi = one("What is the value of pi (to 3 decimal places)? {#3.14159:0.0005}.").question;
    expect(pi).toMatchObject({
      stem: "What is the value of pi (to 3 decimal places)? _____.",
      key: { value: 314159 / 100000 },
    });
    const range = one("What is the value of pi (to 3 decimal places)? {#3.141..3.142}.").question;
    if (range.type !== "numeric") throw new Error("not numeric");
    expect(range.key.value).toBeCloseTo(31415 / 10000, 10);
    expect(range.key.tolerance.amount).toBeCloseTo(0.0005, 10);
  });

  it("numerical with several answers and weights: the first full-credit one is the key", () => {
    const { question, result } = one(`When was Ulysses S. Grant born? {#
         =1822:0      # Correct! Full credit.
         =%50%1822:2  # He was born in 1822. Half credit for being close.
}`);
    expect(question).toMatchObject({
      key: { value: 1822, tolerance: { amount: 0 } },
      answers: [
        {
          value: 1822,
          tolerance: { mode: "absolute", amount: 0 },
          weight: 1,
          feedback: "Correct! Full credit.",
        },
        {
          value: 1822,
          tolerance: { mode: "absolute", amount: 2 },
          weight: 0.5,
          feedback: "He was born in 1822. Half credit for being close.",
        },
      ],
    });
    expect(result.problems).toEqual([]);
  });

  it("the quick examples Q1-Q8 (with an essay skipped)", () => {
    const text = `// true/false
::Q1:: 1+1=2 {T}

// multiple choice with specified feedback for right and wrong answers
::Q2:: What's between orange and green in the spectrum?
{ =yellow # right; good! ~red # wrong, it's yellow ~blue # wrong, it's yellow }

// fill-in-the-blank
::Q3:: Two plus {=two =2} equals four.

// matching
::Q4:: Which animal eats which food? { =cat -> cat food =dog -> dog food }

// math range question
::Q5:: What is a number from 1 to 5? {#3:2}

// math range specified with interval end points
::Q6:: What is a number from 1 to 5? {#1..5}
// translated on import to the same as Q5, but unavailable from Moodle question interface

// multiple numeric answers with partial credit and feedback
::Q7:: When was Ulysses S. Grant born? {#
    =1822:0      # Correct! Full credit.
    =%50%1822:2  # He was born in 1822. Half credit for being close.
}

// essay
::Q8:: How are you? {}`;
    const result = importGift(text);
    expect(result.drafts.map((d) => [d.title, d.question.type])).toEqual([
      ["Q1", "true_false"],
      ["Q2", "single_choice"],
      ["Q3", "cloze"],
      ["Q4", "matching"],
      ["Q5", "numeric"],
      ["Q6", "numeric"],
      ["Q7", "numeric"],
    ]);
    expect(result.drafts[0]?.question.stem).toBe("1+1=2");
    expect(result.drafts[4]?.question).toMatchObject({ key: { value: 3, tolerance: { amount: 2 } } });
    expect(result.drafts[5]?.question).toMatchObject({ key: { value: 3, tolerance: { amount: 2 } } });
    expect(result.skipped).toEqual([
      expect.objectContaining({ kind: "essay", title: "Q8", line: 28, column: 1 }),
    ]);
  });

  it("essay: Write a short biography of Dag Hammarskjöld. {}", () => {
    const result = importGift("Write a short biography of Dag Hammarskjöld. {}");
    expect(result.questions).toEqual([]);
    expect(result.skipped).toMatchObject([{ kind: "essay", line: 1, column: 1 }]);
    expect(result.problems[0]?.message).toMatch(/essay/);
  });

  it("percentage weights: partial credit in a single choice is kept as weights", () => {
    const { question, result } = one(`::Jesus' hometown::Jesus Christ was from {
    ~Jerusalem#This was an important city, but the wrong answer.
    ~%25%Bethlehem#He was born here, but not raised here.
    ~%50%Galilee#You need to be more specific.
    =Nazareth#Yes! That's right!
}.`);
    expect(question).toMatchObject({
      type: "single_choice",
      key: "d",
      stem: "Jesus Christ was from _____.",
      weights: { b: 0.25, c: 0.5, d: 1 },
    });
    expect(question.feedback?.map((f) => f.optionId)).toEqual(["a", "b", "c", "d"]);
    expect(result.problems).toEqual([]);
  });

  it("percentage weights in a short answer: misspellings with partial credit are kept with their feedback", () => {
    const { question, result } = one(`::Jesus' hometown:: Jesus Christ was from {
    =Nazareth#Yes! That's right!
    =%75%Nazereth#Right, but misspelled.
    =%25%Bethlehem#He was born here, but not raised here.
}`);
    expect(question).toMatchObject({
      type: "short_answer",
      key: { accepted: ["Nazareth"] },
      answers: [
        { text: "Nazareth", weight: 1, feedback: "Yes! That's right!" },
        { text: "Nazereth", weight: 0.75, feedback: "Right, but misspelled." },
        { text: "Bethlehem", weight: 0.25, feedback: "He was born here, but not raised here." },
      ],
    });
    expect(result.problems).toEqual([]);
  });

  it("special characters: escaped = in answers", () => {
    const { question } = one(`Which answer equals 5? {
    ~ \\= 2 + 2
    = \\= 2 + 3
    ~ \\= 2 + 4
}`);
    expect(question).toMatchObject({
      key: "b",
      options: [{ text: "= 2 + 2" }, { text: "= 2 + 3" }, { text: "= 2 + 4" }],
    });
  });

  it("GIFT control characters, with an escaped backslash and a feedback over two lines", () => {
    const { question } = one(`::GIFT Control Characters::
Which of the following is NOT a control character for the GIFT import format? {
   ~ \\~     # \\~ is a control character.
   ~ \\=     # \\= is a control character.
   ~ \\#     # \\# is a control character.
   ~ \\{     # \\{ is a control character.
   ~ \\}     # \\} is a control character.
   = \\\\     # Correct! \\\\ (backslash) is not a control character. BUT,
              it is used to escape the control characters.
}`);
    if (question.type !== "single_choice") throw new Error("not single choice");
    expect(question.options.map((o) => o.text)).toEqual(["~", "=", "#", "{", "}", "\\"]);
    expect(question.key).toBe("f");
    expect(question.feedback?.[5]?.text).toBe(
      "Correct! \\ (backslash) is not a control character. BUT,\n              it is used to escape the control characters.",
    );
  });

  it("escaped colon in a title and \\n in text", () => {
    const { question, result } = one("::Time\\: 12\\:30::Line one\\nline two {T}");
    expect(question.stem).toBe("Line one\nline two");
    expect(importGift(cited("::Time\\: 12\\:30::x {T}")).questions[0]?.id).toMatch(/^gift-/);
    expect(result.questions).toHaveLength(1);
  });

  it("$CATEGORY lines set a category and are not questions", () => {
    const result = importGift(`$CATEGORY: tom/dick/harry\n\n${cited("::Q1:: 1+1=2 {T}")}`);
    expect(result.questions).toHaveLength(1);
    // Groundwork has no categories: that is said, not dropped silently.
    expect(result.problems.map((p) => [p.severity, p.message])).toEqual([
      ["warning", expect.stringMatching(/^category “tom\/dick\/harry” is not kept/)],
    ]);
  });

  it("formats: [markdown], [html], [plain], [moodle]", () => {
    expect(one("[markdown]Is **this** bold? {T}").question).toMatchObject({
      stem: "Is this bold?",
      stemMarkup: { format: "markdown", text: "Is **this** bold?" },
    });
    expect(one("[html]<p>Is <b>this</b> &amp; that bold?</p>{T}").question).toMatchObject({
      stem: "Is this & that bold?",
      stemMarkup: { format: "html", text: "<p>Is <b>this</b> &amp; that bold?</p>" },
    });
    const unsafe = one(
      '[html]<p onclick="steal()">Safe?<script>steal()</script><img src=x onerror=steal()></p>{T}',
    );
    expect(unsafe.question).toMatchObject({ stem: "Safe?" });
    expect(unsafe.question.stemMarkup).toBeUndefined();
    expect(unsafe.result.problems.map((p) => p.message)).toEqual([
      expect.stringMatching(/removed from the question's HTML.*script.*img/),
    ]);
    expect(one("[plain]Plain {T}").question.stem).toBe("Plain");
    expect(one("[moodle]Moodle {=a ~b}").question.stem).toBe("Moodle");
    const { question, result } = one("::Q::[html]Pick one {=[markdown]*a* ~b}");
    // An answer's own format: its plain reading is kept (answers have no markup of their own), and said so.
    expect(question).toMatchObject({ options: [{ text: "a" }, { text: "b" }] });
    expect(result.problems.map((p) => p.message)).toEqual([expect.stringMatching(/kept as plain text/)]);
    expect(one("[notaformat] stays {T}").question.stem).toBe("[notaformat] stays");
  });

  it("a choice key written =%100%…: kept as Moodle reads it (the text starts with %100%), and said so", () => {
    const { question, result } = one("What is 2+2? {=%100%4 ~5}");
    expect(question).toMatchObject({ type: "single_choice", options: [{ text: "%100%4" }, { text: "5" }] });
    expect(result.problems.map((p) => [p.severity, p.message])).toEqual([
      ["warning", expect.stringMatching(/^an answer written “=%100%…”: after “=” Moodle reads no weight/)],
    ]);
  });

  it("HTML in Moodle's own format (no marker, or [moodle]) is read as HTML, as Moodle shows it", () => {
    // A hand-written bank: Moodle renders these tags, so a student must not see them as text.
    const scenario = one(
      "::Exam::<p/><h3>Final exam</h3>\nRead the <b>scenario</b>.<hr>Did you copy it? {=Yes ~No}",
    );
    expect(scenario.question).toMatchObject({
      stem: expect.stringMatching(/^Final exam\s+Read the scenario\.\s+Did you copy it\?$/),
      stemMarkup: { format: "html", text: expect.stringContaining("<b>scenario</b>") },
    });
    expect(one("[moodle]Is <i>this</i> italic? {T}").question).toMatchObject({
      stem: "Is this italic?",
      stemMarkup: { format: "html" },
    });
    // A comparison is not a tag.
    const comparison = one("Is 3 < 5 and 7 > 2? {T}").question;
    expect(comparison.stem).toBe("Is 3 < 5 and 7 > 2?");
    expect(comparison.stemMarkup).toBeUndefined();
  });

  it("general feedback with ####", () => {
    expect(one("What is 2+2? {=4 ~3 ####Two and two make four.}").question).toMatchObject({
      explanation: "Two and two make four.",
    });
  });

  it("percentage weights: Difficult question {~wrong answer ~%50%half credit answer =full credit answer}", () => {
    const { question, result } = one(
      "Difficult question. {~wrong answer ~%50%half credit answer =full credit answer}",
    );
    expect(question).toMatchObject({ type: "single_choice", key: "c", weights: { b: 0.5, c: 1 } });
    expect(result.problems).toEqual([]);
  });

  it("the Options examples with titles (Kanji origins, Thanksgiving date)", () => {
    expect(
      one(
        "::Kanji Origins::Japanese characters originally came from what country? {~India =China ~Korea ~Egypt}",
      ).question,
    ).toMatchObject({ key: "b" });
    expect(
      one(
        "::Thanksgiving Date::The American holiday of Thanksgiving is celebrated on the {~second ~third =fourth} Thursday of November.",
      ).question.stem,
    ).toBe("The American holiday of Thanksgiving is celebrated on the _____ Thursday of November.");
  });

  it("feedback on a multiple choice: What's the answer to this multiple-choice question?", () => {
    const { question } = one(`What's the answer to this multiple-choice question? {
~wrong answer#feedback comment on the wrong answer
~another wrong answer#feedback comment on this wrong answer
=right answer#Very good!}`);
    expect(question.feedback?.map((f) => [f.optionId, f.text])).toEqual([
      ["a", "feedback comment on the wrong answer"],
      ["b", "feedback comment on this wrong answer"],
      ["c", "Very good!"],
    ]);
  });

  it("$CATEGORY with $course$ and $module$ contexts", () => {
    const result = importGift(
      `$CATEGORY: $course$/top/Default for course\n\n$CATEGORY: $module$/top/Quiz\n\n${cited("Q {T}")}`,
    );
    expect(result.questions).toHaveLength(1);
    // Moodle's default category is no structure of the author's; a named one is reported as not kept.
    expect(result.problems.map((p) => [p.line, p.message])).toEqual([
      [3, expect.stringMatching(/^category “\$module\$\/top\/Quiz” is not kept/)],
    ]);
  });

  it("an essay with general feedback is still an essay", () => {
    expect(importGift("::E::Describe Grant. {####Look for his two terms.}").skipped).toMatchObject([
      { kind: "essay", title: "E" },
    ]);
  });

  it("a file as Moodle's own GIFT export writes it (html format, =%100% weights, empty # feedback, tab-indented answers)", () => {
    const moodle = `// question: 0  name: Switch category to $course$/top/Default for Course
$CATEGORY: $course$/top/Default for Course

// question: 12  name: Grant
${cited("::Grant::[html]<p>Who's buried in Grant's tomb?</p>{\n\t=Grant\n\t~No one#<p>Was true for 12 years</p>\n\t~%50%Grant's wife\n}")}

// question: 13  name: Names
${cited("::Names::[html]<p>Name the president.</p>{\n\t=%100%Grant#\n\t=%100%Ulysses Grant#\n}")}

// question: 14  name: Born
${cited("::Born::[html]When was Grant born?{#\n\t=%100%1822:0#\n\t=%50%1822:2#\n}")}

// question: 15  name: TF
${cited("::TF::[html]<p>Grant was a general.</p>{TRUE#<p>He was.</p>#<p>Right.</p>}")}`;
    const result = importGift(moodle);
    expect(result.problems.filter((p) => p.severity === "error")).toEqual([]);
    expect(result.questions.map((q) => [q.type, q.stem])).toEqual([
      ["single_choice", "Who's buried in Grant's tomb?"],
      ["short_answer", "Name the president."],
      ["numeric", "When was Grant born?"],
      ["true_false", "Grant was a general."],
    ]);
    expect(lettered(result.questions[0] as Question).feedback).toEqual([
      { optionId: "b", text: "Was true for 12 years", sourceRefs: [] },
    ]);
    expect(result.questions[1]).toMatchObject({ key: { accepted: ["Grant", "Ulysses Grant"] } });
    expect(result.questions[3]?.feedback?.map((f) => f.text)).toEqual(["Right.", "He was."]);
    // And back out: HTML questions stay HTML, with their answers escaped for it, and read back the same.
    const html = `${cited("::B::[html]<p>Is <b>5 &lt; 6</b>?</p>{=yes & sure#<b>no</b> tags ~no}")}`;
    const first = importGift(html).questions;
    const out = exportGift(first).text;
    expect(out).toContain("[html]<p>Is <b>5 &lt; 6</b>?</p>");
    expect(out).toContain("yes &amp; sure");
    const moodleOnly = out
      .split("\n")
      .filter((l) => !l.startsWith("// groundwork:"))
      .join("\n");
    const again = importGift(`// groundwork: ${JSON.stringify({ sourceRefs: [REF] })}\n${moodleOnly}`)
      .questions[0];
    expect(again).toMatchObject({
      stem: first[0]?.stem,
      stemMarkup: first[0]?.stemMarkup,
      options: first[0]?.type === "single_choice" ? first[0].options.map((o) => ({ text: o.text })) : [],
    });
  });

  it("a description (no answers) is skipped with a reason", () => {
    const result = importGift("::Intro:: The next questions are about Grant.");
    expect(result.skipped).toMatchObject([{ kind: "description", title: "Intro", line: 1, column: 1 }]);
  });
});
