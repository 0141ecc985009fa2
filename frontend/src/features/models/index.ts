export { ModelsPage } from "./ModelsPage";
