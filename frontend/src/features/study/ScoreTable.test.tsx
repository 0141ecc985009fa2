import { screen, within } from "@testing-library/react";
import { renderWithProviders } from "@/test/render";
import { grade, makeJoints } from "@/test/fixtures";
import type { StudyJoint } from "@/lib/api";
import { ScoreTable, type ScoreTableProps } from "./ScoreTable";

function renderTable(joints: StudyJoint[] = makeJoints(), props: Partial<ScoreTableProps> = {}) {
  return renderWithProviders(
    <ScoreTable
      joints={joints}
      drafts={{}}
      hovered={null}
      onHover={() => {}}
      onEdit={() => {}}
      onResetCell={() => {}}
      {...props}
    />,
  );
}

const rowLabels = () =>
  within(screen.getByTestId("score-table"))
    .getAllByRole("rowheader")
    .filter((cell) => cell.closest("tbody") && cell.getAttribute("scope") === "row")
    .map((cell) => cell.textContent);

describe("score table", () => {
  it("lays out the joints in the seed's order, grouped, with Right then Left columns", () => {
    renderTable();
    expect(rowLabels()).toEqual([
      "1st IP",
      "DIP 2", "DIP 3", "DIP 4", "DIP 5",
      "PIP 2", "PIP 3", "PIP 4", "PIP 5",
      "MCP 1", "MCP 2", "MCP 3", "MCP 4", "MCP 5",
      "1st CMC",
    ]);
    const table = screen.getByTestId("score-table");
    expect(within(table).getByText("DIP 2–5")).toBeInTheDocument();
    expect(within(table).getByText("PIP 2–5")).toBeInTheDocument();
    expect(within(table).getByText("MCP 1–5")).toBeInTheDocument();

    const headRows = table.querySelectorAll("thead tr");
    const sides = [...headRows[0].querySelectorAll("th")].map((th) => th.textContent);
    expect(sides.slice(0, 3)).toEqual(["Joint", "Right", "Left"]);
    const kinds = [...headRows[1].querySelectorAll("th")].map((th) => th.textContent);
    expect(kinds.slice(0, 4)).toEqual(["Erosion", "JSN", "Erosion", "JSN"]);

    // the four grade cells of a row follow the same order
    const pip3 = table.querySelector('tr[data-joint="PIP3"]')!;
    const selects = within(pip3 as HTMLElement).getAllByRole("combobox");
    expect(selects.map((s) => s.getAttribute("aria-label"))).toEqual([
      "Erosion, PIP 3, Right",
      "JSN, PIP 3, Right",
      "Erosion, PIP 3, Left",
      "JSN, PIP 3, Left",
    ]);
  });

  it("offers only the allowed grades and shows CMC1 JSN as ×", () => {
    renderTable();
    const options = (label: string) =>
      within(screen.getByLabelText(label)).getAllByRole("option").map((o) => o.textContent);
    expect(options("Erosion, MCP 2, Left")).toEqual(["0", "1", "2", "3", "4", "5"]);
    expect(options("JSN, MCP 2, Left")).toEqual(["0", "1", "2", "3", "4"]);

    expect(screen.queryByLabelText("JSN, 1st CMC, Right")).not.toBeInTheDocument();
    expect(screen.getByTestId("cell-right-CMC1-jsn")).toHaveTextContent("×");
    expect(screen.getByTestId("cell-left-CMC1-jsn")).toHaveTextContent("×");
    expect(screen.getByLabelText("Erosion, 1st CMC, Left")).toBeInTheDocument();
  });

  it("marks edited cells with the model's value and flags uncertain grades", () => {
    const joints = makeJoints().map((j) =>
      j.side === "right" && j.joint === "PIP2"
        ? { ...j, erosion: grade(3, { model: 1, edited: true }), jsn: grade(2, { uncertain: true, probabilities: [0.02, 0.4, 0.45, 0.13, 0] }) }
        : j,
    );
    renderTable(joints);
    const edited = screen.getByTestId("cell-right-PIP2-erosion");
    expect(edited).toHaveClass("edited");
    expect(edited).toHaveAttribute("title", "Edited — model value: 1");
    expect(within(edited).getByRole("button", { name: /Reset to model value \(1\)/ })).toBeInTheDocument();
    expect(screen.getByTestId("cell-left-PIP2-erosion")).not.toHaveClass("edited");

    const uncertain = screen.getByTestId("cell-right-PIP2-jsn");
    expect(within(uncertain).getByLabelText("The model is uncertain about this grade")).toHaveAttribute(
      "title",
      "The model is uncertain about this grade: 1: 40% · 2: 45% · 3: 13%",
    );
    expect(screen.getAllByLabelText("The model is uncertain about this grade")).toHaveLength(1);
  });

  it("sums the grades: 30 erosions of 1, SvdH-comparable leaves DIP and IP1 JSN out", () => {
    const joints = makeJoints().map((j) => (j.jsn ? { ...j, jsn: grade(1) } : j));
    renderTable(joints);
    expect(screen.getByTestId("total-erosion")).toHaveTextContent("30");
    expect(screen.getByTestId("total-jsn")).toHaveTextContent("28");
    expect(screen.getByTestId("total-total")).toHaveTextContent("58");
    // erosion: IP1, PIP2-5, MCP1-5, CMC1 = 11 per hand; JSN: PIP2-5, MCP1-5 = 9 per hand
    expect(screen.getByTestId("total-svdh")).toHaveTextContent("22 + 18 = 40");
    expect(screen.getByTestId("sum-right-erosion")).toHaveTextContent("15");
    expect(screen.getByTestId("sum-left-jsn")).toHaveTextContent("14");
  });

  it("shows joint space widths in millimetres, relative to the bone, as z-scores, and why one is missing", () => {
    const reason = "joint space unclear: two gaps of similar depth along the finger, not measured";
    const joints = makeJoints().map((j) =>
      j.joint !== "MCP3"
        ? j
        : j.side === "left"
          ? { ...j, jsw_mm: null, jsw_mm_basis: null, jsw_relative: null, jsw_reason: reason }
          : { ...j, jsw_mm: 1.23, jsw_mm_basis: "detector" as const, jsw_relative: 0.2, jsw_z: -0.65 },
    );
    renderTable(joints);
    const row = (code: string) =>
      screen.getByTestId("score-table").querySelector(`tr[data-joint="${code}"]`) as HTMLElement;
    const [right, left] = row("MCP3").querySelectorAll("td.jsw");
    expect(right.querySelector(".jsw-mm")).toHaveTextContent("1.23");
    expect(right.querySelector(".jsw-relative")).toHaveTextContent("0.20 of bone");
    expect(right.querySelector(".jsw-z")).toHaveTextContent("z -0.7");
    expect(right.getAttribute("title")).toMatch(/at the detector/);
    expect(left.querySelector(".jsw-mm")).toHaveTextContent("—");
    expect(left.querySelector(".jsw-reason")).toHaveTextContent(reason);
    expect(left).toHaveAttribute("title", reason);
    const [pipRight] = row("PIP2").querySelectorAll("td.jsw");
    expect(pipRight.querySelector(".jsw-z")).toBeNull(); // no z-score without the patient's sex and age
    expect(pipRight.querySelector(".jsw-reason")).toBeNull();
  });

  it("shows the relative width in Russian", () => {
    window.localStorage.setItem("rasharp.language", "ru");
    renderTable();
    const [right] = (
      screen.getByTestId("score-table").querySelector('tr[data-joint="PIP2"]') as HTMLElement
    ).querySelectorAll("td.jsw");
    expect(right.querySelector(".jsw-relative")).toHaveTextContent("0.18 ширины кости");
    expect(right.getAttribute("title")).toMatch(/откалиброванные/);
  });

  it("uses the seed's Russian labels", () => {
    window.localStorage.setItem("rasharp.language", "ru");
    renderTable();
    const table = screen.getByTestId("score-table");
    expect(within(table).getByText("Сустав")).toBeInTheDocument();
    expect(within(table).getAllByText("Справа").length).toBeGreaterThan(0);
    expect(within(table).getAllByText("Слева").length).toBeGreaterThan(0);
    expect(within(table).getAllByText("Эрозии")).toHaveLength(2);
    expect(within(table).getAllByText("Сужение щелей")).toHaveLength(2);
    expect(within(table).getByText("ДМФ 2–5")).toBeInTheDocument();
    expect(within(table).getByText("ПМФ 3")).toBeInTheDocument();
    expect(within(table).getByText("ПЯФ 1")).toBeInTheDocument();
  });
});
