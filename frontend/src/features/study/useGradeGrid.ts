import { useEffect, useRef, useState, type KeyboardEvent } from "react";
import { useI18n } from "@/features/i18n";
import { findCell, moveForKey, moveInGrid, nextWhere, type Grid, type GridCell } from "./gradeGrid";
import { gradeForKey, gradeOptions, gradeRange } from "./scheme";
import { cellKey } from "./useStudy";

/** How long a note such as "JSN grades are 0–4" stays on screen. */
const NOTE_MS = 4000;

export interface GradeGridOptions {
  grid: Grid;
  label: (cell: GridCell) => string;
  currentValue: (cell: GridCell) => number | null;
  editable: (cell: GridCell) => boolean;
  onEdit: (cell: GridCell, value: number) => void;
  /** Enter: the reader agrees with the cell's grade as it is. */
  onConfirm: (cell: GridCell) => void;
  /** Neither confirmed nor edited by a reader: where `n` leads. */
  unreviewed: (cell: GridCell) => boolean;
  /** Unreviewed and flagged by the model: where `u` leads. */
  uncertain: (cell: GridCell) => boolean;
}

const keyOf = (cell: GridCell) => cellKey(cell.side, cell.joint, cell.kind);

/**
 * The score table's keyboard: one grade cell in the tab order, arrows, Tab, Home/End and Enter
 * move between cells and never change a grade; a digit sets the grade and moves down; Esc
 * undoes the last grade typed; `?` shows the keys. A click (or Space) opens the cell's list.
 */
export function useGradeGrid({
  grid,
  label,
  currentValue,
  editable,
  onEdit,
  onConfirm,
  unreviewed,
  uncertain,
}: GradeGridOptions) {
  const { t } = useI18n();
  const buttons = useRef(new Map<string, HTMLButtonElement>());
  const typed = useRef<{ cell: GridCell; previous: number | null }[]>([]);
  const [activeKey, setActiveKey] = useState<string | null>(null);
  const [openKey, setOpenKey] = useState<string | null>(null);
  const [showHelp, setShowHelp] = useState(false);
  const [note, setNote] = useState<{ text: string; at: number } | null>(null);

  useEffect(() => {
    if (!note) return;
    const timer = window.setTimeout(() => setNote(null), NOTE_MS);
    return () => window.clearTimeout(timer);
  }, [note]);

  const say = (text: string) => setNote({ text, at: Date.now() });
  const positionOf = (key: string | null) => (key === null ? null : findCell(grid, (c) => keyOf(c) === key));
  const start = positionOf(activeKey) ?? findCell(grid, () => true);
  const tabStop = start && keyOf(grid[start.row][start.column]!);

  const focusCell = (cell: GridCell) => {
    setActiveKey(keyOf(cell));
    buttons.current.get(keyOf(cell))?.focus();
  };

  const moveFrom = (cell: GridCell, move: Parameters<typeof moveInGrid>[2]): boolean => {
    const from = positionOf(keyOf(cell));
    const to = from && moveInGrid(grid, from, move);
    if (!to) return false;
    focusCell(grid[to.row][to.column]!);
    return true;
  };

  const typeGrade = (cell: GridCell, key: string) => {
    const value = gradeForKey(cell.kind, key);
    if (value === null) {
      const { minimum, maximum } = gradeRange(cell.kind);
      say(t("grid.outOfRange", { digit: key, kind: t(`table.${cell.kind}`), minimum, maximum }));
      return;
    }
    if (!editable(cell)) {
      say(t("grid.locked"));
      return;
    }
    const previous = currentValue(cell);
    if (previous !== value) {
      typed.current.push({ cell, previous });
      onEdit(cell, value);
    }
    moveFrom(cell, "down");
  };

  const confirm = (cell: GridCell) => {
    if (!editable(cell)) return say(t("grid.locked"));
    onConfirm(cell);
    moveFrom(cell, "down");
  };

  const jumpTo = (cell: GridCell, matches: (cell: GridCell) => boolean, none: "grid.allReviewed" | "grid.noUncertain") => {
    const to = nextWhere(grid, positionOf(keyOf(cell)), matches);
    if (to) focusCell(grid[to.row][to.column]!);
    else say(t(none));
  };

  const undoTyped = () => {
    const last = typed.current.pop();
    if (!last) return say(t("grid.nothingToUndo"));
    focusCell(last.cell);
    if (last.previous === null) return say(t("grid.cannotUndo", { cell: label(last.cell) }));
    if (!editable(last.cell)) {
      typed.current.push(last);
      return say(t("grid.locked"));
    }
    onEdit(last.cell, last.previous);
    say(t("grid.undone", { cell: label(last.cell), value: last.previous }));
  };

  const open = (cell: GridCell) => {
    if (editable(cell)) setOpenKey(keyOf(cell));
    else say(t("grid.locked"));
  };

  const onKeyDown = (event: KeyboardEvent<HTMLButtonElement>, cell: GridCell) => {
    if ((event.altKey && event.key === "ArrowDown") || event.key === "F2") open(cell);
    else if (event.altKey) return;
    else if (event.key === "?") setShowHelp((shown) => !shown);
    else if (event.key === "Escape") undoTyped();
    else if (/^[0-9]$/.test(event.key) && !event.ctrlKey && !event.metaKey) typeGrade(cell, event.key);
    else if (event.key === "Enter" && !event.ctrlKey && !event.metaKey) confirm(cell);
    else if (event.key === "n" && !event.ctrlKey && !event.metaKey) jumpTo(cell, unreviewed, "grid.allReviewed");
    else if (event.key === "u" && !event.ctrlKey && !event.metaKey) jumpTo(cell, uncertain, "grid.noUncertain");
    else {
      const move = moveForKey(event);
      if (!move) return;
      // At the grid's edge Tab leaves the table; other keys stay on the cell.
      if (!moveFrom(cell, move) && event.key === "Tab") return;
    }
    event.preventDefault();
  };

  const closeList = (cell: GridCell) => {
    setOpenKey(null);
    focusCell(cell);
  };

  return {
    showHelp,
    toggleHelp: () => setShowHelp((shown) => !shown),
    note: note?.text ?? null,
    /** The props of a cell's button. */
    cellProps: (cell: GridCell) => {
      const key = keyOf(cell);
      const isOpen = openKey === key;
      return {
        ref: (button: HTMLButtonElement | null) => {
          if (button) buttons.current.set(key, button);
          else buttons.current.delete(key);
        },
        tabIndex: key === tabStop ? 0 : -1,
        "aria-haspopup": "listbox" as const,
        "aria-expanded": isOpen,
        "aria-controls": isOpen ? `grades-${key}` : undefined,
        "aria-disabled": editable(cell) ? undefined : true,
        onFocus: () => setActiveKey(key),
        onKeyDown: (event: KeyboardEvent<HTMLButtonElement>) => onKeyDown(event, cell),
        onClick: () => (isOpen ? closeList(cell) : open(cell)),
      };
    },
    /** The props of the cell's list of grades while it is open; null while closed. */
    listProps: (cell: GridCell) =>
      openKey !== keyOf(cell)
        ? null
        : {
            id: `grades-${keyOf(cell)}`,
            label: label(cell),
            options: gradeOptions(cell.kind),
            value: currentValue(cell),
            onChoose: (value: number) => {
              if (value !== currentValue(cell)) onEdit(cell, value);
              closeList(cell);
            },
            onClose: () => closeList(cell),
            onDismiss: () => setOpenKey(null),
          },
  };
}
