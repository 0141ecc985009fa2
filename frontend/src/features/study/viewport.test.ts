import {
  applyMatrix,
  dragWindowLevel,
  flipHorizontal,
  invertMatrix,
  orientationMatrix,
  orientedSize,
  roomForLabels,
  rotateClockwise,
  UPRIGHT,
  fitView,
  gradeColour,
  transfer,
  zoomAbout,
  type Orientation,
} from "./viewport";

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

describe("rotate and flip", () => {
  const W = 400;
  const H = 300;
  const corners = (o: Orientation) => {
    const m = orientationMatrix(o, W, H);
    return [applyMatrix(m, 0, 0), applyMatrix(m, W, 0), applyMatrix(m, W, H), applyMatrix(m, 0, H)];
  };

  it("turns a quarter clockwise: the top-left corner goes to the top right, width and height swap", () => {
    const turned = rotateClockwise(UPRIGHT);
    expect(orientedSize(turned, W, H)).toEqual({ width: H, height: W });
    expect(corners(turned)).toEqual([{ x: H, y: 0 }, { x: H, y: W }, { x: 0, y: W }, { x: 0, y: 0 }]);
  });

  it("four quarter turns bring the film back upright", () => {
    let o = UPRIGHT;
    for (let i = 0; i < 4; i++) o = rotateClockwise(o);
    expect(o).toEqual(UPRIGHT);
    expect(orientationMatrix(o, W, H)).toEqual([1, 0, 0, 1, 0, 0]);
  });

  it("a flip mirrors left and right on screen, whatever the turn", () => {
    expect(corners(flipHorizontal(UPRIGHT))).toEqual([{ x: W, y: 0 }, { x: 0, y: 0 }, { x: 0, y: H }, { x: W, y: H }]);
    const turnedThenFlipped = flipHorizontal(rotateClockwise(UPRIGHT));
    // turned: top-left at the top right; mirrored: back at the top left
    expect(applyMatrix(orientationMatrix(turnedThenFlipped, W, H), 0, 0)).toEqual({ x: 0, y: 0 });
    expect(applyMatrix(orientationMatrix(turnedThenFlipped, W, H), W, 0)).toEqual({ x: 0, y: W });
  });

  it("a marker placed on the turned and mirrored view lands on the same film pixel", () => {
    for (const quarterTurns of [0, 1, 2, 3] as const) {
      for (const flipped of [false, true]) {
        const m = orientationMatrix({ quarterTurns, flipped }, W, H);
        const onScreen = applyMatrix(m, 123, 45);
        const back = applyMatrix(invertMatrix(m), onScreen.x, onScreen.y);
        expect(back.x).toBeCloseTo(123);
        expect(back.y).toBeCloseTo(45);
      }
    }
  });
});

describe("window/level drag", () => {
  it("widens the window to the right and raises the level downwards, a viewer's width or height for the full range", () => {
    const after = dragWindowLevel({ width: 0.5, level: 0.5 }, 200, -100, 800, 400);
    expect(after.width).toBeCloseTo(0.75);
    expect(after.level).toBeCloseTo(0.25);
  });

  it("keeps the window within its limits", () => {
    expect(dragWindowLevel({ width: 0.5, level: 0.5 }, -5000, 0, 800, 400).width).toBeCloseTo(0.02);
    expect(dragWindowLevel({ width: 0.5, level: 0.5 }, 5000, 0, 800, 400).width).toBeCloseTo(2);
  });
});

describe("marker labels", () => {
  it("only markers with room keep a label; zooming in gives every crowded one its label", () => {
    const joints = [{ x: 0, y: 0 }, { x: 30, y: 0 }, { x: 500, y: 0 }];
    expect(roomForLabels(joints, 1, 56)).toEqual([false, false, true]);
    expect(roomForLabels(joints, 2, 56)).toEqual([true, true, true]);
  });
});
