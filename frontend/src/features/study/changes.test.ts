import { grade, makeJoints } from "@/test/fixtures";
import { applyChanges, isChange, supersedes, type Change } from "./changes";

const joint = (joints: ReturnType<typeof makeJoints>, side: string, code: string) =>
  joints.find((j) => j.side === side && j.joint === code)!;

describe("study changes", () => {
  it("shows queued grades and moves in the order made, marking the cells and markers they touch", () => {
    const changes: Change[] = [
      { kind: "grade", side: "left", joint: "MCP1", grade: "erosion", value: 4 },
      { kind: "move", side: "right", joint: "PIP3", x: 10, y: 20 },
      { kind: "grade", side: "left", joint: "MCP1", grade: "erosion", value: 1 }, // back to the model's
    ];
    const { joints, cells, markers } = applyChanges(makeJoints(), changes);
    expect(joint(joints, "left", "MCP1").erosion).toMatchObject({ value: 1, edited: false });
    expect(joint(joints, "right", "PIP3")).toMatchObject({ x: 10, y: 20, moved: true });
    expect([...cells]).toEqual(["left:MCP1:erosion"]);
    expect([...markers]).toEqual(["right:PIP3"]);
  });

  it("shows a queued reset as the model's grades, after the changes made before it", () => {
    const before = makeJoints();
    joint(before, "right", "DIP3").jsn = grade(3, { model: 0, edited: true });
    joint(before, "left", "MCP5").moved = true;
    const { joints, cells, markers } = applyChanges(before, [
      { kind: "grade", side: "left", joint: "IP1", grade: "erosion", value: 5 },
      { kind: "reset" },
    ]);
    expect(joint(joints, "right", "DIP3").jsn).toMatchObject({ value: 0, edited: false });
    expect(joint(joints, "left", "IP1").erosion).toMatchObject({ value: 1, edited: false });
    expect([...cells].sort()).toEqual(["left:IP1:erosion", "right:DIP3:jsn"]);
    expect([...markers]).toEqual(["left:MCP5"]);
  });

  it("lets a newer change replace only one of the same cell or marker", () => {
    const move: Change = { kind: "move", side: "left", joint: "MCP3", x: 1, y: 2 };
    const erosion: Change = { kind: "grade", side: "left", joint: "MCP3", grade: "erosion", value: 2 };
    expect(supersedes({ ...move, x: 5 }, move)).toBe(true);
    expect(supersedes({ ...move, side: "right" }, move)).toBe(false);
    expect(supersedes({ ...erosion, value: 3 }, erosion)).toBe(true);
    expect(supersedes({ ...erosion, grade: "jsn" }, erosion)).toBe(false);
    expect(supersedes(erosion, move)).toBe(false);
    expect(supersedes({ kind: "reset" }, { kind: "reset" })).toBe(false);
  });

  it("reads back only changes that still make sense", () => {
    expect(isChange({ kind: "reset" })).toBe(true);
    expect(isChange({ kind: "move", side: "left", joint: "MCP3", x: 1, y: 2 })).toBe(true);
    expect(isChange({ kind: "move", side: "left", joint: "MCP3", x: "1", y: 2 })).toBe(false);
    expect(isChange({ kind: "grade", side: "up", joint: "MCP3", grade: "erosion", value: 2 })).toBe(false);
    expect(isChange({ kind: "grade", side: "left", joint: "MCP3", grade: "colour", value: 2 })).toBe(false);
    expect(isChange({ kind: "grade", side: "left", joint: "MCP3", grade: "jsn", value: 1.5 })).toBe(false);
    expect(isChange(null)).toBe(false);
  });
});
