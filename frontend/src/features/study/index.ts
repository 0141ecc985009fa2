export { StudyPage } from "./StudyPage";
