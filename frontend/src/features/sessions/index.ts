export { AdjudicationPage } from "./AdjudicationPage";
export { ReadingPage, type FilmProps, type GradesProps } from "./ReadingPage";
export { ReportPage } from "./ReportPage";
export { SessionPage } from "./SessionPage";
export { SessionsPage } from "./SessionsPage";
