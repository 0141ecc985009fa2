export { FolderImportPage } from "./FolderImportPage";
