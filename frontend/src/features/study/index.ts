export { StudyPage } from "./StudyPage";
export { setSignedInReader } from "./useStudyOutbox";
