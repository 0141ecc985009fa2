/**
 * The score table's grade cells as a grid for the keyboard: rows are the joints in table order,
 * columns Right Erosion, Right JSN, Left Erosion, Left JSN (the sides on the film). A slot is
 * null where the table has no grade to set (CMC1 JSN, a joint not found); moves skip it.
 */
import { GRADE_KINDS, type GradeKind, type JointCode, type Side } from "@/lib/scheme";

export interface GridCell {
  side: Side;
  joint: JointCode;
  kind: GradeKind;
}

export type Grid = (GridCell | null)[][];

export interface Position {
  row: number;
  column: number;
}

export type GridMove = "up" | "down" | "left" | "right" | "rowStart" | "rowEnd" | "first" | "last" | "next" | "previous";

export function buildGrid(
  rows: JointCode[],
  sides: Side[],
  hasCell: (side: Side, joint: JointCode, kind: GradeKind) => boolean,
): Grid {
  return rows.map((joint) =>
    sides.flatMap((side) => GRADE_KINDS.map((kind) => (hasCell(side, joint, kind) ? { side, joint, kind } : null))),
  );
}

export function findCell(grid: Grid, found: (cell: GridCell) => boolean): Position | null {
  for (const [row, cells] of grid.entries()) {
    const column = cells.findIndex((cell) => cell !== null && found(cell));
    if (column >= 0) return { row, column };
  }
  return null;
}

/** The cells in reading order: along each row, then down. */
function readingOrder(grid: Grid): Position[] {
  return grid.flatMap((cells, row) => cells.flatMap((cell, column) => (cell ? [{ row, column }] : [])));
}

/** Where `move` leads from `from`; null when no cell lies that way (the edge of the grid). */
export function moveInGrid(grid: Grid, from: Position, move: GridMove): Position | null {
  const at = (row: number, column: number) => grid[row]?.[column] ?? null;
  const scan = (row: number, column: number, dRow: number, dColumn: number): Position | null => {
    for (let r = row + dRow, c = column + dColumn; r >= 0 && r < grid.length && c >= 0; r += dRow, c += dColumn) {
      if (c >= grid[r].length) return null;
      if (at(r, c)) return { row: r, column: c };
    }
    return null;
  };
  const rowCells = (grid[from.row] ?? []).flatMap((cell, column) => (cell ? [column] : []));
  const order = readingOrder(grid);
  const index = order.findIndex((p) => p.row === from.row && p.column === from.column);
  switch (move) {
    case "up":
      return scan(from.row, from.column, -1, 0);
    case "down":
      return scan(from.row, from.column, 1, 0);
    case "left":
      return scan(from.row, from.column, 0, -1);
    case "right":
      return scan(from.row, from.column, 0, 1);
    case "rowStart":
      return rowCells.length ? { row: from.row, column: rowCells[0] } : null;
    case "rowEnd":
      return rowCells.length ? { row: from.row, column: rowCells[rowCells.length - 1] } : null;
    case "first":
      return order[0] ?? null;
    case "last":
      return order[order.length - 1] ?? null;
    case "next":
      return order[index + 1] ?? null;
    case "previous":
      return index > 0 ? order[index - 1] : null;
  }
}

/** The first cell after `from` in reading order that `matches`, wrapping round past the last; null when none does. */
export function nextWhere(grid: Grid, from: Position | null, matches: (cell: GridCell) => boolean): Position | null {
  const order = readingOrder(grid);
  const index = from ? order.findIndex((p) => p.row === from.row && p.column === from.column) : -1;
  for (let step = 1; step <= order.length; step++) {
    const position = order[(index + step + order.length) % order.length];
    if (matches(grid[position.row][position.column]!)) return position;
  }
  return null;
}

/** The move a navigation key asks for; null for any other key. Enter goes down (the grid confirms the grade first). */
export function moveForKey(event: { key: string; shiftKey: boolean; ctrlKey: boolean; metaKey: boolean }): GridMove | null {
  const wholeGrid = event.ctrlKey || event.metaKey;
  switch (event.key) {
    case "ArrowUp":
      return "up";
    case "ArrowDown":
    case "Enter":
      return "down";
    case "ArrowLeft":
      return "left";
    case "ArrowRight":
      return "right";
    case "Home":
      return wholeGrid ? "first" : "rowStart";
    case "End":
      return wholeGrid ? "last" : "rowEnd";
    case "Tab":
      return event.shiftKey ? "previous" : "next";
    default:
      return null;
  }
}
