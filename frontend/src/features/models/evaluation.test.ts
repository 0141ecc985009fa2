import {
  asEvaluation, comparisonRows, formatDifference, formatDuration, formatFigure, headlineMetrics, readerRows, setbacks,
} from "./evaluation";

const figures = (balanced: number, joints: number) => ({ balanced_accuracy: balanced, within_one: 0.9, exact: 0.6, qwk: 0.7, joints });

const report = {
  split: { by: "patient", train_films: 8, validation_films: 3, train_patients: 5, validation_patients: 2 },
  training: { steps: 40, seconds: 12.5, stopped_early: false, localizer: null },
  metrics: {
    candidate: {
      erosion: { ...figures(0.71, 90), groups: { PIP: figures(0.8, 24), MCP: figures(0.6, 30) } },
      jsn: { ...figures(0.5, 80), groups: { MCP: figures(0.5, 30) } },
      totals_icc: 0.91,
    },
    in_use: {
      erosion: { ...figures(0.65, 90), groups: { PIP: figures(0.82, 24), MCP: figures(0.55, 30), wrist: figures(0.4, 10) } },
      jsn: { ...figures(0.5, 80), groups: { MCP: figures(0.5, 30) } },
      totals_icc: null,
    },
    readers: {
      erosion: { versus_consensus: { ann: figures(0.9, 40), bob: figures(0.8, 38) }, pairs: [] },
      jsn: { versus_consensus: { ann: figures(0.7, 40) }, pairs: [] },
    },
  },
  truth: "consensus",
};

describe("training evaluation", () => {
  it("reads only reports with candidate and in-use metrics", () => {
    expect(asEvaluation(report)).not.toBeNull();
    expect(asEvaluation({ erosion_accuracy: 0.8 })).toBeNull();
    expect(asEvaluation(null)).toBeNull();
  });

  it("lists each grade kind over all joints, then every group either model was judged on", () => {
    const rows = comparisonRows(asEvaluation(report)!);
    expect(rows.map((row) => `${row.kind} ${row.group ?? "all"} ${row.joints}`)).toEqual([
      "erosion all 90", "erosion PIP 24", "erosion MCP 30", "erosion wrist 10", "jsn all 80", "jsn MCP 30",
    ]);
    const wrist = rows.find((row) => row.group === "wrist")!;
    expect(wrist.candidate.balanced_accuracy).toBeUndefined();
    expect(wrist.inUse.balanced_accuracy).toBe(0.4);
  });

  it("lists each reader's agreement with the consensus per grade kind", () => {
    expect(readerRows(asEvaluation(report)!).map((row) => `${row.kind} ${row.reader} ${row.figures.joints}`)).toEqual([
      "erosion ann 40", "erosion bob 38", "jsn ann 40",
    ]);
    expect(readerRows(asEvaluation({ ...report, metrics: { ...report.metrics, readers: null } })!)).toEqual([]);
  });

  it("sums a version's metrics up as single figures: the candidate's for an evaluation", () => {
    expect(headlineMetrics(report)).toEqual({
      erosion_balanced_accuracy: 0.71, erosion_within_one: 0.9, jsn_balanced_accuracy: 0.5, jsn_within_one: 0.9, totals_icc: 0.91,
    });
    expect(headlineMetrics({ erosion_accuracy: 0.8, note: "site A", nested: { a: 1 } })).toEqual({ erosion_accuracy: 0.8, note: "site A" });
  });

  it("finds the headline figures the candidate did worse on, ties and missing figures aside", () => {
    expect(setbacks(report)).toEqual([]); // better erosion, the same JSN, no ICC in use
    const worse = {
      ...report,
      metrics: {
        ...report.metrics,
        candidate: { ...report.metrics.candidate, jsn: { ...figures(0.48, 80), within_one: 0.9004 }, totals_icc: 0.8 },
        in_use: { ...report.metrics.in_use, totals_icc: 0.85 },
      },
    };
    expect(setbacks(worse)).toEqual([
      { kind: "jsn", figure: "balanced_accuracy", candidate: 0.48, inUse: 0.5 },
      { kind: null, figure: "totals_icc", candidate: 0.8, inUse: 0.85 },
    ]);
    expect(setbacks({ erosion_accuracy: 0.8 })).toEqual([]);
  });

  it("formats figures, differences and the time left", () => {
    expect(formatFigure(0.71234)).toBe("0.712");
    expect(formatFigure(null)).toBe("–");
    expect(formatDifference(0.71, 0.65)).toBe("+0.060");
    expect(formatDifference(0.5, 0.62)).toBe("−0.120");
    expect(formatDifference(0.5, 0.5)).toBe("±0");
    expect(formatDifference(undefined, 0.5)).toBe("");
    expect(formatDuration(45.4, "en")).toBe("45 s");
    expect(formatDuration(200, "en")).toBe("3 min 20 s");
    expect(formatDuration(3900, "ru")).toBe("1 ч 5 мин");
    expect(formatDuration(null, "en")).toBe("–");
  });
});
