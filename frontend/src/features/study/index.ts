export { ComparePage } from "./ComparePage";
export { StudyPage } from "./StudyPage";
export { setSignedInReader } from "./useStudyOutbox";
