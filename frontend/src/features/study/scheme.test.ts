import type { JointCode } from "@/lib/api";
import { groupName } from "@/features/i18n";
import { computeTotals, fingerRange, gradeForKey, gradeOptions, groupHeading, jointLabel, svdhJoints } from "./scheme";

describe("joint scheme helpers", () => {
  it("offers the grades of each kind's range", () => {
    expect(gradeOptions("erosion")).toEqual([0, 1, 2, 3, 4, 5]);
    expect(gradeOptions("jsn")).toEqual([0, 1, 2, 3, 4]);
  });

  it("takes a typed digit as a grade only within the kind's range", () => {
    expect(gradeForKey("erosion", "5")).toBe(5);
    expect(gradeForKey("erosion", "0")).toBe(0);
    expect(gradeForKey("jsn", "5")).toBeNull();
    expect(gradeForKey("jsn", "4")).toBe(4);
    expect(gradeForKey("erosion", "9")).toBeNull();
    expect(gradeForKey("erosion", "ArrowUp")).toBeNull();
    expect(gradeForKey("erosion", "12")).toBeNull();
  });

  it("names joints, groups and finger ranges from the scheme", () => {
    expect(fingerRange([5, 3, 4, 2])).toBe("2–5");
    expect(fingerRange([1, 3])).toBe("1, 3");
    expect(fingerRange([1])).toBe("1");
    expect(groupHeading("MCP", "en")).toBe("MCP 1–5");
    expect(groupHeading("CMC", "en")).toBe("1st CMC");
    expect(jointLabel("PIP3", "ru")).toBe("ПМФ 3");
  });

  it("lists the SvdH-comparable joints of each kind", () => {
    expect(svdhJoints("erosion", "en")).toBe("IP1, PIP2–5, MCP1–5, CMC1");
    expect(svdhJoints("jsn", "ru")).toBe("ПМФ2–5, ПЯФ1–5");
  });

  it("shows a group without a translation by its code", () => {
    expect(groupName("WRIST", "ru")).toBe("WRIST");
    expect(groupName("DIP", "xx")).toBe("DIP");
  });

  it("refuses a joint the scheme does not know instead of leaving it out of the totals", () => {
    const grades = [{ joint: "MCP9" as JointCode, erosion: 2, jsn: 1 }];
    expect(() => computeTotals(grades)).toThrow(/unknown joint MCP9/);
  });
});
