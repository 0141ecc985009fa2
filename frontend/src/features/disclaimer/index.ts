export { DisclaimerGate } from "./DisclaimerGate";
export { ResearchBanner } from "./ResearchBanner";
