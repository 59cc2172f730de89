/** Learning data: mastery per concept and review cards, written once an attempt's result is shown. */
export { getMastery } from "./mastery.ts";
export { drainLearningOutbox, type LearningWriter, outboxRow, startLearningWriter } from "./outbox.ts";
export { releaseLearningData } from "./release.ts";
export { answerReview, listDueReviews, reviveCard } from "./review-cards.ts";
