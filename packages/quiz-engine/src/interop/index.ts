export { renderMarkup } from "../render-markup.ts";
export { type AnkiCard, type AnkiExportOptions, type AnkiExportResult, exportAnki } from "./anki.ts";
export {
  escapeGift,
  exportGift,
  type GiftDraft,
  type GiftExportResult,
  type GiftImportOptions,
  type GiftImportResult,
  type GiftProblem,
  type GiftSkipped,
  importGift,
  NEEDS_SOURCE,
  type QuestionDraft,
} from "./gift.ts";
export { decodeEntities, htmlToPlain, sanitizeHtml } from "./markup.ts";
export {
  citePassage,
  type ProposalQuestion,
  proposeSources,
  type SourceProposal,
} from "./propose-sources.ts";
export {
  escapeXml,
  exportQti,
  QTI_CP_NAMESPACE,
  QTI_NAMESPACE,
  type QtiExportOptions,
  type QtiExportResult,
  toQtiIdentifier,
} from "./qti.ts";
export {
  exportQti12,
  importQti,
  QTI12_NAMESPACE,
  type Qti12ExportOptions,
  type Qti12ExportResult,
  type QtiDraft,
  type QtiImportResult,
  type QtiItemReport,
} from "./qti12.ts";
export {
  exportScorm,
  SCORM12_SUSPEND_LIMIT,
  type ScormExportOptions,
  type ScormExportResult,
  type ScormVersion,
} from "./scorm.ts";
export {
  type AnsweredInput,
  buildAnsweredStatement,
  buildCompletedStatement,
  type CompletedInput,
  formatDuration,
  formatXapiResponse,
  interactionOf,
  type LanguageMap,
  uuidV5,
  validateStatement,
  XAPI_VERBS,
  XAPI_VERSION,
  type XapiActivity,
  type XapiActor,
  type XapiCourse,
  type XapiStatement,
} from "./xapi.ts";
