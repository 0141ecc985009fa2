export { WorklistPage } from "./WorklistPage";
