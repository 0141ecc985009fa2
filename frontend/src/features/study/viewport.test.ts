import { fitView, gradeColour, transfer, zoomAbout } from "./viewport";

describe("viewer geometry", () => {
  it("fits the whole radiograph in the view, centred", () => {
    const view = fitView(2000, 1000, 1000, 1000);
    expect(view.scale).toBeCloseTo(0.48);
    expect(view.x).toBeCloseTo(20);
    expect(view.y + 1000 * view.scale + view.y).toBeCloseTo(1000);
  });

  it("zooms about the cursor: the point under it stays put", () => {
    const before = { scale: 0.5, x: 10, y: 20 };
    const after = zoomAbout(before, 2, 300, 200);
    const imagePoint = { x: (300 - before.x) / before.scale, y: (200 - before.y) / before.scale };
    expect(after.scale).toBe(1);
    expect(after.x + imagePoint.x * after.scale).toBeCloseTo(300);
    expect(after.y + imagePoint.y * after.scale).toBeCloseTo(200);
  });

  it("maps the window to black..white and inverts it", () => {
    const apply = ({ slope, intercept }: { slope: number; intercept: number }, grey: number) => slope * grey + intercept;
    const narrow = transfer(0.5, 0.6, false); // window 0.35..0.85
    expect(apply(narrow, 0.35)).toBeCloseTo(0);
    expect(apply(narrow, 0.85)).toBeCloseTo(1);
    expect(apply(transfer(1, 0.5, false), 0.3)).toBeCloseTo(0.3); // the default changes nothing
    expect(apply(transfer(1, 0.5, true), 0.3)).toBeCloseTo(0.7);
  });

  it("colours grades from green (0) to the top grade's colour", () => {
    expect(gradeColour(0, 5)).toBe("#3fb950");
    expect(gradeColour(5, 5)).toBe("#d2337d");
    expect(gradeColour(4, 4)).toBe("#d2337d");
    expect(gradeColour(null, 5)).toBe("#8b949e");
  });
});
