import { screen, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { useState } from "react";
import { renderWithProviders } from "@/test/render";
import { grade, makeJoints } from "@/test/fixtures";
import type { StudyJoint } from "@/lib/api";
import { ScoreTable, type ScoreTableProps } from "./ScoreTable";

function renderTable(joints: StudyJoint[] = makeJoints(), props: Partial<ScoreTableProps> = {}) {
  return renderWithProviders(
    <ScoreTable
      joints={joints}
      saves={{}}
      hovered={null}
      onHover={() => {}}
      onEdit={() => {}}
      onResetCell={() => {}}
      {...props}
    />,
  );
}

/** The table with a service that holds every edit at once, as the page does with a saved one. */
function EditableTable({ onEdit, joints: initial = makeJoints() }: { onEdit: ScoreTableProps["onEdit"]; joints?: StudyJoint[] }) {
  const [joints, setJoints] = useState(initial);
  return (
    <ScoreTable
      joints={joints}
      saves={{}}
      hovered={null}
      onHover={() => {}}
      onResetCell={() => {}}
      onEdit={(side, code, kind, value) => {
        onEdit(side, code, kind, value);
        setJoints((all) =>
          all.map((j) => (j.side === side && j.joint === code ? { ...j, [kind]: { ...j[kind]!, value } } : j)),
        );
      }}
    />
  );
}

function renderEditable(joints?: StudyJoint[]) {
  const onEdit = vi.fn<ScoreTableProps["onEdit"]>();
  renderWithProviders(<EditableTable onEdit={onEdit} joints={joints} />);
  return onEdit;
}

const cell = (label: string) => screen.getByRole("combobox", { name: label });

/** Every grade the table shows, to check that nothing changed. */
const allGrades = () => screen.getAllByRole("combobox").map((c) => `${c.getAttribute("aria-label")}=${c.textContent}`);

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

  it("offers only the allowed grades and shows CMC1 JSN as ×", async () => {
    renderTable();
    const options = async (label: string) => {
      await userEvent.click(cell(label));
      const shown = within(screen.getByRole("listbox", { name: label })).getAllByRole("option").map((o) => o.textContent);
      await userEvent.keyboard("{Escape}");
      return shown;
    };
    expect(await options("Erosion, MCP 2, Left")).toEqual(["0", "1", "2", "3", "4", "5"]);
    expect(await options("JSN, MCP 2, Left")).toEqual(["0", "1", "2", "3", "4"]);

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

describe("score table keyboard grid", () => {
  it("moves with arrows, Tab, Shift+Tab, Home and End, skipping cells that do not exist, and changes no grade", async () => {
    const onEdit = renderEditable();
    const before = allGrades();
    cell("JSN, DIP 2, Right").focus();

    // the reader's report: ↑ ↑ → from DIP2 JSN used to save 4 → 3 → 2 → 3
    await userEvent.keyboard("{ArrowUp}");
    expect(cell("JSN, 1st IP, Right")).toHaveFocus();
    await userEvent.keyboard("{ArrowUp}"); // the top row: stays
    expect(cell("JSN, 1st IP, Right")).toHaveFocus();
    await userEvent.keyboard("{ArrowRight}");
    expect(cell("Erosion, 1st IP, Left")).toHaveFocus();
    await userEvent.keyboard("{End}");
    expect(cell("JSN, 1st IP, Left")).toHaveFocus();
    await userEvent.keyboard("{Home}");
    expect(cell("Erosion, 1st IP, Right")).toHaveFocus();
    await userEvent.keyboard("{ArrowLeft}"); // the row's first cell: stays
    expect(cell("Erosion, 1st IP, Right")).toHaveFocus();

    // CMC1 has no JSN: → goes from one side's erosion to the other's, ↓ from MCP 5 JSN stays
    cell("Erosion, 1st CMC, Right").focus();
    await userEvent.keyboard("{ArrowRight}");
    expect(cell("Erosion, 1st CMC, Left")).toHaveFocus();
    await userEvent.keyboard("{End}");
    expect(cell("Erosion, 1st CMC, Left")).toHaveFocus();
    cell("JSN, MCP 5, Left").focus();
    await userEvent.keyboard("{ArrowDown}");
    expect(cell("JSN, MCP 5, Left")).toHaveFocus();
    await userEvent.tab();
    expect(cell("Erosion, 1st CMC, Right")).toHaveFocus();
    await userEvent.tab({ shift: true });
    expect(cell("JSN, MCP 5, Left")).toHaveFocus();

    expect(onEdit).not.toHaveBeenCalled();
    expect(allGrades()).toEqual(before);
  });

  it("keeps one grade cell in the tab order: the one last focused", async () => {
    renderEditable();
    const tabStops = () => screen.getAllByRole("combobox").filter((c) => c.tabIndex === 0);
    expect(tabStops()).toEqual([cell("Erosion, 1st IP, Right")]);
    cell("Erosion, PIP 3, Left").focus();
    await userEvent.keyboard("{ArrowDown}");
    expect(tabStops()).toEqual([cell("Erosion, PIP 4, Left")]);
  });

  it("skips a side that is not on the film", async () => {
    const onEdit = renderEditable(makeJoints().filter((j) => j.side === "left"));
    expect(screen.queryByRole("combobox", { name: /Right$/ })).not.toBeInTheDocument();
    cell("JSN, PIP 2, Left").focus();
    await userEvent.keyboard("{ArrowLeft}");
    expect(cell("Erosion, PIP 2, Left")).toHaveFocus();
    await userEvent.keyboard("{ArrowLeft}");
    expect(cell("Erosion, PIP 2, Left")).toHaveFocus();
    expect(onEdit).not.toHaveBeenCalled();
  });

  it("sets and saves a typed grade, then moves down; Enter keeps the grade (confirming it) and moves down", async () => {
    const onEdit = renderEditable();
    cell("Erosion, PIP 2, Right").focus();
    await userEvent.keyboard("4");
    expect(onEdit).toHaveBeenCalledExactlyOnceWith("right", "PIP2", "erosion", 4);
    expect(cell("Erosion, PIP 2, Right")).toHaveTextContent("4");
    expect(screen.getByTestId("total-erosion")).toHaveTextContent("33");
    expect(cell("Erosion, PIP 3, Right")).toHaveFocus();

    await userEvent.keyboard("{Enter}");
    expect(cell("Erosion, PIP 4, Right")).toHaveFocus();
    expect(cell("Erosion, PIP 3, Right")).toHaveTextContent("1");
    expect(screen.queryByRole("listbox")).not.toBeInTheDocument();

    await userEvent.keyboard("1"); // the grade it has: nothing to save
    expect(cell("Erosion, PIP 5, Right")).toHaveFocus();
    expect(onEdit).toHaveBeenCalledTimes(1);
  });

  it("ignores a digit outside the grade's range and says why", async () => {
    const onEdit = renderEditable();
    cell("JSN, MCP 2, Left").focus();
    await userEvent.keyboard("5"); // JSN is 0–4
    expect(onEdit).not.toHaveBeenCalled();
    expect(cell("JSN, MCP 2, Left")).toHaveTextContent("0");
    expect(cell("JSN, MCP 2, Left")).toHaveFocus();
    expect(screen.getByTestId("grid-note")).toHaveTextContent("5 is not a grade here (JSN: 0–4)");

    cell("Erosion, MCP 2, Left").focus();
    await userEvent.keyboard("5"); // erosion is 0–5
    expect(onEdit).toHaveBeenCalledExactlyOnceWith("left", "MCP2", "erosion", 5);
  });

  it("undoes the last typed grades with Esc, through the same save", async () => {
    const onEdit = renderEditable();
    cell("JSN, DIP 2, Right").focus();
    await userEvent.keyboard("3");
    await userEvent.keyboard("2"); // DIP 3 JSN
    await userEvent.keyboard("{Escape}");
    expect(onEdit).toHaveBeenLastCalledWith("right", "DIP3", "jsn", 0);
    expect(cell("JSN, DIP 3, Right")).toHaveTextContent("0");
    expect(cell("JSN, DIP 3, Right")).toHaveFocus();
    expect(screen.getByTestId("grid-note")).toHaveTextContent("Undone: JSN, DIP 3, Right is 0 again");
    await userEvent.keyboard("{Escape}");
    expect(onEdit).toHaveBeenLastCalledWith("right", "DIP2", "jsn", 0);
    expect(cell("JSN, DIP 2, Right")).toHaveTextContent("0");
    await userEvent.keyboard("{Escape}");
    expect(screen.getByTestId("grid-note")).toHaveTextContent("Nothing to undo");
    expect(onEdit).toHaveBeenCalledTimes(4);
  });

  it("shows and hides the keys with ? or the button", async () => {
    renderEditable();
    expect(screen.queryByTestId("shortcuts")).not.toBeInTheDocument();
    cell("Erosion, MCP 1, Right").focus();
    await userEvent.keyboard("?");
    const panel = screen.getByRole("region", { name: "Keyboard shortcuts" });
    expect(panel).toHaveTextContent("move between grades; never changes a grade");
    expect(panel).toHaveTextContent("set the grade and move down (erosion 0–5, JSN 0–4)");
    expect(panel).toHaveTextContent("undo the last typed grade");
    expect(cell("Erosion, MCP 1, Right")).toHaveFocus();
    await userEvent.keyboard("?");
    expect(screen.queryByTestId("shortcuts")).not.toBeInTheDocument();

    await userEvent.click(screen.getByRole("button", { name: "Keyboard shortcuts (?)" }));
    expect(screen.getByTestId("shortcuts")).toBeInTheDocument();
  });

  it("lists the keys in Russian", async () => {
    window.localStorage.setItem("rasharp.language", "ru");
    renderEditable();
    await userEvent.click(screen.getByRole("button", { name: "Клавиши (?)" }));
    const panel = screen.getByRole("region", { name: "Клавиши" });
    expect(panel).toHaveTextContent("переход между оценками; оценку не меняет");
    expect(panel).toHaveTextContent("Пробел");
  });

  it("with the mouse: a click opens the grades, a choice saves once", async () => {
    const onEdit = renderEditable();
    await userEvent.click(cell("Erosion, MCP 4, Left"));
    const list = screen.getByRole("listbox", { name: "Erosion, MCP 4, Left" });
    expect(cell("Erosion, MCP 4, Left")).toHaveAttribute("aria-expanded", "true");
    expect(within(list).getByRole("option", { selected: true })).toHaveTextContent("1");
    expect(onEdit).not.toHaveBeenCalled();

    await userEvent.click(within(list).getByRole("option", { name: "3" }));
    expect(onEdit).toHaveBeenCalledExactlyOnceWith("left", "MCP4", "erosion", 3);
    expect(screen.queryByRole("listbox")).not.toBeInTheDocument();
    expect(cell("Erosion, MCP 4, Left")).toHaveTextContent("3");
    expect(cell("Erosion, MCP 4, Left")).toHaveFocus();
  });

  it("in the open list, arrows only move; Enter chooses, Esc closes without a change", async () => {
    const onEdit = renderEditable();
    cell("JSN, PIP 5, Right").focus();
    await userEvent.keyboard(" ");
    const list = screen.getByRole("listbox", { name: "JSN, PIP 5, Right" });
    expect(list).toHaveFocus();
    await userEvent.keyboard("{ArrowDown}{ArrowDown}");
    expect(list).toHaveAttribute("aria-activedescendant", "grades-right:PIP5:jsn-2");
    await userEvent.keyboard("{Escape}");
    expect(screen.queryByRole("listbox")).not.toBeInTheDocument();
    expect(cell("JSN, PIP 5, Right")).toHaveFocus();
    expect(onEdit).not.toHaveBeenCalled();

    await userEvent.keyboard(" {ArrowDown}{ArrowDown}{Enter}");
    expect(onEdit).toHaveBeenCalledExactlyOnceWith("right", "PIP5", "jsn", 2);
    expect(cell("JSN, PIP 5, Right")).toHaveFocus();
  });

  it("changes no grade of a joint being re-scored", async () => {
    const joints = makeJoints().map((j) => (j.joint === "MCP3" && j.side === "left" ? { ...j, pending: true } : j));
    const onEdit = renderEditable(joints);
    const pending = cell("Erosion, MCP 3, Left");
    expect(pending).toHaveAttribute("aria-disabled", "true");
    pending.focus();
    await userEvent.keyboard("3");
    await userEvent.click(pending);
    expect(screen.queryByRole("listbox")).not.toBeInTheDocument();
    expect(onEdit).not.toHaveBeenCalled();
    expect(screen.getByTestId("grid-note")).toHaveTextContent("This grade cannot be changed now");
    await userEvent.keyboard("{ArrowDown}"); // still reachable and left by the keyboard
    expect(cell("Erosion, MCP 4, Left")).toHaveFocus();
  });
});

describe("review per cell", () => {
  /** Left hand only: DIP2 erosion uncertain (0.4 on grade 1), PIP2 erosion confirmed, MCP2 JSN edited. */
  function reviewJoints(): StudyJoint[] {
    return makeJoints()
      .filter((j) => j.side === "left")
      .map((j) => {
        if (j.joint === "DIP2") return { ...j, erosion: grade(1, { uncertain: true, probabilities: [0.3, 0.4, 0.3, 0, 0, 0] }) };
        if (j.joint === "PIP3") return { ...j, erosion: grade(1, { uncertain: true, probabilities: [0.35, 0.45, 0.2, 0, 0, 0] }) };
        if (j.joint === "PIP2") return { ...j, erosion: grade(1, { confirmed: true, reviewed: true, uncertain: true, probabilities: [0.1, 0.8, 0.1, 0, 0, 0] }) };
        if (j.joint === "MCP2") return { ...j, jsn: grade(3, { model: 0, edited: true, reviewed: true, uncertain: true }) };
        return j;
      });
  }

  it("shows the model's probability of its grade in the cell, and the flag only where nobody reviewed it", () => {
    renderTable(reviewJoints());
    expect(screen.getByTestId("confidence-left-DIP2-erosion")).toHaveTextContent("40%");
    expect(screen.getByTestId("confidence-left-PIP2-erosion")).toHaveTextContent("80%");
    const flagged = screen.getAllByLabelText("The model is uncertain about this grade").map((flag) => flag.closest("td")!.dataset.testid);
    expect(flagged).toEqual(["cell-left-DIP2-erosion", "cell-left-PIP3-erosion"]);
    expect(within(screen.getByTestId("cell-left-PIP2-erosion")).getByLabelText("Confirmed by a reader")).toBeInTheDocument();
    // 15 erosion and 14 JSN grades on the hand; one confirmed, one edited
    expect(screen.getByTestId("reviewed-left")).toHaveTextContent("Left: 2 / 29 reviewed");
  });

  it("counts a typed grade not yet saved as reviewed and drops its flag", () => {
    // the study page shows the joints as they will be once the outbox has saved the change
    const joints = reviewJoints().map((j) =>
      j.side === "left" && j.joint === "DIP2" && j.erosion ? { ...j, erosion: { ...j.erosion, value: 2, edited: j.erosion.model !== 2 } } : j,
    );
    renderTable(joints, { saves: { "left:DIP2:erosion": { state: "waiting" } } });
    expect(screen.getAllByLabelText("The model is uncertain about this grade")).toHaveLength(1);
    expect(screen.getByTestId("reviewed-left")).toHaveTextContent("Left: 3 / 29 reviewed");
  });

  it("Enter confirms the focused grade and moves down; n and u jump to the next unreviewed and uncertain grades", async () => {
    const onConfirm = vi.fn();
    const onEdit = vi.fn();
    renderTable(reviewJoints(), { onConfirm, onEdit });
    cell("Erosion, DIP 2, Left").focus();
    await userEvent.keyboard("{Enter}");
    expect(onConfirm).toHaveBeenCalledExactlyOnceWith("left", "DIP2", "erosion");
    expect(cell("Erosion, DIP 3, Left")).toHaveFocus();

    cell("Erosion, PIP 2, Left").focus();
    await userEvent.keyboard("{Enter}"); // already confirmed: nothing to send, only the move
    expect(onConfirm).toHaveBeenCalledTimes(1);

    cell("JSN, MCP 1, Left").focus();
    await userEvent.keyboard("n"); // MCP2 JSN was edited: reviewed, skipped
    expect(cell("Erosion, MCP 2, Left")).toHaveFocus();
    await userEvent.keyboard("u"); // past the end, round to the first uncertain unreviewed grade
    expect(cell("Erosion, DIP 2, Left")).toHaveFocus();
    await userEvent.keyboard("u");
    expect(cell("Erosion, PIP 3, Left")).toHaveFocus();
    expect(onEdit).not.toHaveBeenCalled();
  });

  it("says so when no grade is left to review", async () => {
    const joints = makeJoints()
      .filter((j) => j.side === "right")
      .map((j) => ({
        ...j,
        erosion: grade(1, { confirmed: true, reviewed: true }),
        jsn: j.jsn && grade(0, { confirmed: true, reviewed: true }),
      }));
    renderTable(joints);
    expect(screen.getByTestId("reviewed-right")).toHaveTextContent("Right: 29 / 29 reviewed");
    cell("Erosion, DIP 2, Right").focus();
    await userEvent.keyboard("n");
    expect(cell("Erosion, DIP 2, Right")).toHaveFocus();
    expect(screen.getByTestId("grid-note")).toHaveTextContent("Every grade has been reviewed");
  });
});
