export { DatasetsPage } from "./DatasetsPage";
