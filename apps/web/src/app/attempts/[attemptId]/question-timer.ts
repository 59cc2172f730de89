/**
 * Time on each question of a quiz, as the player measures it: the time from one interaction to the
 * next (a focus, a change) goes to the question of the later one, so reading a question before the
 * first click counts towards it, and the time spent on earlier questions does not. A gap longer than
 * `idleCapMs` (a tab left open) counts as that cap.
 */
export class QuestionTimer {
  private last: number;
  private readonly totals = new Map<string, number>();

  constructor(
    now: number,
    private readonly idleCapMs = 120_000,
  ) {
    this.last = now;
  }

  /** Records an interaction with a question at `now`; returns its time so far. */
  touch(questionId: string, now: number): number {
    const gap = Math.min(Math.max(0, now - this.last), this.idleCapMs);
    this.last = Math.max(this.last, now);
    const total = (this.totals.get(questionId) ?? 0) + gap;
    this.totals.set(questionId, total);
    return total;
  }

  /** Counts the time until `now` towards no question (reading feedback, say). */
  pause(now: number): void {
    this.last = Math.max(this.last, now);
  }

  /** The time on a question so far (0 when never touched). */
  timeOn(questionId: string): number {
    return this.totals.get(questionId) ?? 0;
  }
}
