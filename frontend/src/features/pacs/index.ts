export { PacsPage } from "./PacsPage";
export { SendToPacs } from "./SendToPacs";
