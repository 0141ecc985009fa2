// What the end-to-end tests need before they start: the built UI, and for those that score a
// film, the atlas radiographs and the trained models; and the two-hand film they upload.
import { execFileSync } from "node:child_process";
import { existsSync } from "node:fs";
import { join } from "node:path";
import { ATLAS, FRONTEND, LOCALIZER, REPO, SCORER } from "./paths.mjs";

/** Why a test of the built UI cannot run here, or null. */
export function uiNotBuilt() {
  return existsSync(join(FRONTEND, "dist/index.html"))
    ? null
    : "the UI is not built (frontend/dist); run `make build-frontend` or `make e2e`";
}

/** Why a test that uploads and scores a film cannot run here, or null. */
export function reasonNotToScore() {
  if (!existsSync(join(ATLAS, "images")))
    return `the hand-atlas radiographs are not at ${ATLAS}; the end-to-end test needs one to upload`;
  for (const [model, path] of [["localization", LOCALIZER], ["scoring", SCORER]])
    if (!existsSync(path)) return `no trained ${model} model at ${path}; the service cannot score a radiograph without it`;
  return uiNotBuilt();
}

/** A two-hand film (an atlas hand and its mirror image) written into `folder`; returns its path. */
export function composeTwoHands(folder) {
  const path = join(folder, "two-hands.png");
  execFileSync(join(REPO, ".venv/bin/python"), [join(FRONTEND, "e2e/support/two_hand_image.py"), ATLAS, path], {
    stdio: "inherit",
  });
  return path;
}

/** The same hands on a later visit's film: smaller and elsewhere on it; returns its path. */
export function composeLaterFilm(film, folder) {
  const path = join(folder, "later-film.png");
  execFileSync(join(REPO, ".venv/bin/python"), [join(FRONTEND, "e2e/support/later_film.py"), film, path], {
    stdio: "inherit",
  });
  return path;
}
