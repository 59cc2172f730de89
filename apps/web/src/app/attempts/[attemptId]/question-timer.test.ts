import { describe, expect, it } from "vitest";
import { QuestionTimer } from "./question-timer";

describe("QuestionTimer", () => {
  it("gives each question its own time, not the time since the page opened", () => {
    const timer = new QuestionTimer(0);
    timer.touch("q1", 5_000); // read and answered q1 in 5 s
    timer.touch("q2", 12_000); // then 7 s on q2
    timer.touch("q3", 15_000); // and 3 s on q3
    expect([timer.timeOn("q1"), timer.timeOn("q2"), timer.timeOn("q3")]).toEqual([5_000, 7_000, 3_000]);
  });

  it("adds up returns to a question and caps an idle gap", () => {
    const timer = new QuestionTimer(0, 60_000);
    timer.touch("q1", 4_000);
    timer.touch("q2", 6_000);
    timer.touch("q1", 7_000);
    expect(timer.timeOn("q1")).toBe(5_000);
    timer.touch("q2", 3_600_000); // an hour away from the tab
    expect(timer.timeOn("q2")).toBe(2_000 + 60_000);
    expect(timer.timeOn("never")).toBe(0);
    timer.pause(3_700_000);
    expect(timer.touch("q3", 3_703_000)).toBe(3_000);
  });
});
