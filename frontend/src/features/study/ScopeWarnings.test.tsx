import { screen, within } from "@testing-library/react";
import type { Study, StudyJoint } from "@/lib/api";
import { makeJoints } from "@/test/fixtures";
import { renderWithProviders } from "@/test/render";
import { ScopeWarnings } from "./ScopeWarnings";
import { ScoreTable } from "./ScoreTable";

const warnings: Study["warnings"] = [
  { code: "joints_not_imaged", side: "left", params: { joints: ["DIP3", "DIP4"] } },
  { code: "partial_hand", side: "left", params: { graded: 9, total: 15 } },
  { code: "poor_exposure", side: "right", params: { problem: "too_dark" } },
  { code: "immature_skeleton", side: "right", params: { open: 13, judged: 14 } },
];

function inRussian() {
  Object.defineProperty(window.navigator, "languages", { value: ["ru-RU"], configurable: true });
}

describe("scope warnings", () => {
  afterEach(() => {
    delete (window.navigator as { languages?: unknown }).languages;
  });

  it("say which hand is out of scope and why, with the joints by name", () => {
    renderWithProviders(<ScopeWarnings warnings={warnings} />);
    const note = screen.getByRole("note", { name: "These grades may not hold" });
    expect(within(note).getAllByRole("listitem").map((item) => item.textContent)).toEqual([
      "Left hand: DIP 3, DIP 4 lie outside the film (not imaged); their grades are missing from the totals.",
      "Left hand: only 9 of 15 joints could be graded; its totals leave out the rest.",
      "Right hand: the film is too dark (over-exposed); bone margins may not be readable.",
      "Right hand: open growth plates beside 13 of 14 joints, as in a child; the grades and joint space widths assume an adult's bones.",
    ]);
  });

  it("say it in Russian too", () => {
    inRussian();
    renderWithProviders(<ScopeWarnings warnings={warnings.slice(0, 1)} />);
    expect(screen.getByRole("note")).toHaveTextContent("Левая кисть: ДМФ 3, ДМФ 4 за пределами снимка");
  });

  it("show nothing for a film in scope", () => {
    const { container } = renderWithProviders(<ScopeWarnings warnings={[]} />);
    expect(container).toBeEmptyDOMElement();
  });

  it("tell a joint cut off by the film's edge from one the model missed, in the table", () => {
    const joints: StudyJoint[] = makeJoints().map((j) =>
      j.side === "left" && (j.joint === "DIP3" || j.joint === "DIP4")
        ? { ...j, present: false, x: null, y: null, erosion: null, jsn: null, absent: j.joint === "DIP3" ? "outside_film" : "not_found" }
        : j,
    );
    renderWithProviders(
      <ScoreTable joints={joints} saves={{}} hovered={null} onHover={() => {}} onEdit={() => {}} onResetCell={() => {}} />,
    );
    expect(screen.getByTestId("cell-left-DIP3-erosion")).toHaveTextContent("not imaged: the joint lies outside the film");
    expect(screen.getByTestId("cell-left-DIP4-jsn")).toHaveTextContent("not found on the film");
  });
});
