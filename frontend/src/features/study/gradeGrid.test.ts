import type { GradeKind, JointCode, Side } from "@/lib/scheme";
import { buildGrid, moveForKey, moveInGrid, nextWhere, type Grid, type GridMove, type Position } from "./gradeGrid";

// Three rows, both sides; CMC1 has no JSN, and the right MCP1 was not found on the film.
const rows: JointCode[] = ["MCP5", "MCP1", "CMC1"];
const grid: Grid = buildGrid(rows, ["right", "left"], (side: Side, joint: JointCode, kind: GradeKind) =>
  !(joint === "CMC1" && kind === "jsn") && !(joint === "MCP1" && side === "right"),
);
const name = (p: Position | null) => {
  const cell = p && grid[p.row][p.column];
  return cell ? `${cell.side} ${cell.joint} ${cell.kind}` : null;
};
const from = (row: number, column: number, move: GridMove) => name(moveInGrid(grid, { row, column }, move));

describe("grade grid", () => {
  it("lays the cells out as Right Erosion, Right JSN, Left Erosion, Left JSN, with gaps where none exists", () => {
    expect(grid.map((row) => row.map((cell) => (cell ? cell.kind[0] : "·")).join(""))).toEqual(["ejej", "··ej", "e·e·"]);
  });

  it("moves up and down a column over the gaps, and stops at the edge", () => {
    expect(from(0, 0, "down")).toBe("right CMC1 erosion"); // skips the missing right MCP1
    expect(from(0, 1, "down")).toBeNull(); // nothing below right MCP5 JSN
    expect(from(2, 2, "up")).toBe("left MCP1 erosion");
    expect(from(0, 2, "up")).toBeNull();
  });

  it("moves along a row over the gaps; Home and End go to its ends", () => {
    expect(from(2, 0, "right")).toBe("left CMC1 erosion");
    expect(from(2, 2, "right")).toBeNull();
    expect(from(1, 2, "left")).toBeNull();
    expect(from(2, 2, "rowStart")).toBe("right CMC1 erosion");
    expect(from(0, 0, "rowEnd")).toBe("left MCP5 jsn");
  });

  it("goes through the cells in reading order with Tab, and leaves the grid at its ends", () => {
    expect(from(0, 3, "next")).toBe("left MCP1 erosion");
    expect(from(1, 2, "previous")).toBe("left MCP5 jsn");
    expect(from(2, 2, "next")).toBeNull();
    expect(from(0, 0, "previous")).toBeNull();
    expect(from(1, 3, "first")).toBe("right MCP5 erosion");
    expect(from(0, 0, "last")).toBe("left CMC1 erosion");
  });

  it("reads navigation keys only: Enter goes down, digits and letters are no moves", () => {
    const key = (k: string, mods: Partial<{ shiftKey: boolean; ctrlKey: boolean }> = {}) =>
      moveForKey({ key: k, shiftKey: false, ctrlKey: false, metaKey: false, ...mods });
    expect(key("ArrowUp")).toBe("up");
    expect(key("Enter")).toBe("down");
    expect(key("Tab", { shiftKey: true })).toBe("previous");
    expect(key("Home")).toBe("rowStart");
    expect(key("End", { ctrlKey: true })).toBe("last");
    expect(key("3")).toBeNull();
    expect(key("a")).toBeNull();
  });

  it("finds the next cell that matches in reading order, round past the end", () => {
    const erosionOnLeft = (cell: { side: Side; kind: GradeKind }) => cell.side === "left" && cell.kind === "erosion";
    expect(name(nextWhere(grid, { row: 0, column: 0 }, erosionOnLeft))).toBe("left MCP5 erosion");
    expect(name(nextWhere(grid, { row: 2, column: 2 }, erosionOnLeft))).toBe("left MCP5 erosion");
    expect(name(nextWhere(grid, null, (cell) => cell.joint === "CMC1"))).toBe("right CMC1 erosion");
    expect(nextWhere(grid, { row: 0, column: 0 }, () => false)).toBeNull();
  });
});
