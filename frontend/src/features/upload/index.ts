export { UploadPage } from "./UploadPage";
