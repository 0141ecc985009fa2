export { ComparePage } from "./ComparePage";
export { StudyPage } from "./StudyPage";
export { setSignedInReader } from "./useStudyOutbox";
export { ScoreTable } from "./ScoreTable";
export { Viewer } from "./Viewer";
