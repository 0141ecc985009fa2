import { dirname, resolve } from "node:path";
import { fileURLToPath } from "node:url";

export const FRONTEND = resolve(dirname(fileURLToPath(import.meta.url)), "../..");
export const REPO = resolve(FRONTEND, "..");
export const ARTIFACTS = resolve(FRONTEND, "e2e-artifacts");
export const ATLAS = resolve(REPO, "../shared/data/hand-atlas");
export const LOCALIZER = resolve(REPO, "models/weights/localizer.onnx");
export const SCORER = resolve(REPO, "models/weights/scorer.onnx");
