import Link from "next/link";
import { StemText } from "../../../components/stem-text";
import { describeResponse } from "../../../lib/describe-response";
import { formatPercent } from "../../../lib/format";
import type { AttemptView } from "../../../lib/types";

/** The submitted attempt: score, each answer with its feedback and the passage it was drawn from. */
export function Results({ attempt }: { attempt: AttemptView }) {
  const correct = attempt.questions.filter((q) => q.result?.correct).length;
  return (
    <div>
      <p className="eyebrow">
        <Link href="/learn">My work</Link> · Attempt {attempt.number}
      </p>
      <h1>Results: {attempt.assignment.title}</h1>
      <section className="card spread" aria-labelledby="score-heading">
        <div>
          <h2 id="score-heading" className="eyebrow">
            Score
          </h2>
          <p className="score-big" data-testid="score">
            {attempt.score === null ? "Pending" : formatPercent(attempt.score)}
          </p>
        </div>
        {attempt.feedbackVisible ? (
          <p>
            {correct} of {attempt.questions.length} answers correct.
          </p>
        ) : (
          <p className="muted">Feedback on each answer appears after the due date.</p>
        )}
        <Link href={`/lessons/${attempt.assignment.lessonId}`} className="button secondary">
          Back to the lesson
        </Link>
      </section>
      <h2>Your answers</h2>
      <ol className="stack" aria-label="Answers with feedback">
        {attempt.questions.map((q) => {
          const result = q.result;
          return (
            <li key={q.attemptQuestionId} className="question" data-question-type={q.question.type}>
              {/* A div: a rich stem may hold a list, which a paragraph cannot. */}
              <div className="stem">
                <StemText question={q.question} />
              </div>
              <p>
                <span className="muted">Your answer: </span>
                {describeResponse(q.question, q.response?.value)}
              </p>
              {result && attempt.feedbackVisible ? (
                <div className={`result ${result.correct ? "is-correct" : "is-wrong"}`}>
                  <p>
                    <span className={result.correct ? "pill good" : "pill bad"}>
                      {result.correct
                        ? "Correct"
                        : result.score > 0
                          ? `Partly right (${formatPercent(result.score)})`
                          : "Incorrect"}
                    </span>{" "}
                    {result.feedback}
                  </p>
                  {result.sourceRefs.length > 0 || result.passageText ? (
                    <div>
                      <p className="small muted">From the source:</p>
                      {result.sourceRefs.map((ref) => (
                        <blockquote key={`${ref.passageId}-${ref.rawStart}`} className="source-quote">
                          “{ref.quote}”
                        </blockquote>
                      ))}
                      {result.passageText ? (
                        <details>
                          <summary className="small">The whole cited passage</summary>
                          <p className="small">{result.passageText}</p>
                        </details>
                      ) : null}
                      {result.sourceRefs[0] ? (
                        <Link
                          className="small"
                          href={`/lessons/${attempt.assignment.lessonId}#p-${result.sourceRefs[0].passageId}`}
                        >
                          Read it in the lesson
                        </Link>
                      ) : null}
                    </div>
                  ) : null}
                </div>
              ) : null}
            </li>
          );
        })}
      </ol>
    </div>
  );
}
