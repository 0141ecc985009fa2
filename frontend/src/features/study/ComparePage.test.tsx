import { fireEvent, screen, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { http, HttpResponse } from "msw";
import type { Study } from "@/lib/api";
import { grade, makeStudy } from "@/test/fixtures";
import { signedIn } from "@/test/handlers";
import { renderApp } from "@/test/render";
import { server } from "@/test/server";

const summaryOf = ({ id, patient_code, original_name, created_at, visit_date, status, error, error_code, error_params, totals, sides, grades_reviewed, grades_total }: Study) =>
  ({ id, patient_code, original_name, created_at, visit_date, status, error, error_code, error_params, totals, sides, grades_reviewed, grades_total });

/** Two visits of patient RA-0042; at the later one a reader raised MCP 2's erosion of the right hand to 3. */
function twoVisits(later: Partial<Study> = {}) {
  const before = makeStudy({ id: 7, visit_date: "2024-06-01", original_name: "first.png" });
  const after = makeStudy({ id: 8, visit_date: "2025-06-01", original_name: "second.png", width: 4000, height: 3000, ...later });
  // the later film has twice the pixels for the same hand
  after.joints = after.joints.map((j) => ({
    ...j,
    x: j.x! * 2,
    y: j.y! * 2,
    erosion: j.side === "right" && j.joint === "MCP2" ? grade(3, { model: 1, edited: true }) : j.erosion,
  }));
  server.use(
    ...signedIn,
    ...[before, after].flatMap((study) => [
      http.get(`/api/studies/${study.id}`, () => HttpResponse.json(study)),
      http.get(`/api/studies/${study.id}/image`, () => new HttpResponse(null, { status: 404 })),
      http.get(`/api/studies/${study.id}/history`, () => HttpResponse.json([])),
    ]),
    http.get("/api/studies", () => HttpResponse.json({ items: [after, before].map(summaryOf), limit: 200, offset: 0, total: 2 })),
  );
  return { before, after };
}

const viewerOf = (visit: "before" | "after") => within(screen.getByTestId(`viewer-${visit}`));
const scaleOf = (visit: "before" | "after") => {
  const transform = viewerOf(visit).getByTestId("film").parentElement!.getAttribute("transform")!;
  return Number(/scale\(([^)]+)\)/.exec(transform)![1]);
};
/** Where a joint of the right hand lies on a viewer's canvas. */
const jointOnCanvas = (visit: "before" | "after", study: Study, code: string) => {
  const transform = viewerOf(visit).getByTestId("film").parentElement!.getAttribute("transform")!;
  const [, x, y, scale] = /translate\(([^ ]+) ([^)]+)\) scale\(([^)]+)\)/.exec(transform)!.map(Number);
  const joint = study.joints.find((j) => j.side === "right" && j.joint === code)!;
  return { x: x + joint.x! * scale, y: y + joint.y! * scale };
};
const highlighted = (visit: "before" | "after") =>
  viewerOf(visit).getAllByTestId("joint-marker").filter((m) => m.classList.contains("hovered")).map((m) => m.dataset.joint);

afterEach(() => vi.restoreAllMocks());

describe("the comparison of two visits", () => {
  it("opens from the study page's link, with both visits' dates", async () => {
    twoVisits();
    renderApp("/studies/7");
    const links = await screen.findByRole("navigation", { name: "Compare with" });
    await userEvent.click(within(links).getByRole("link", { name: "visit 1 Jun 2025" }));
    expect(await screen.findByRole("heading", { level: 1 })).toHaveTextContent("Comparison of visits · Patient RA-0042 · Right hand");
    expect(screen.getByTestId("visit-before")).toHaveTextContent("Before: visit 1 Jun 2024");
    expect(screen.getByTestId("visit-after")).toHaveTextContent("After: visit 1 Jun 2025");
    expect(screen.getByText("365 days between the visits")).toBeInTheDocument();
  });

  it("shows one hand in both films, steps joint by joint with buttons and keys, and highlights the joint everywhere", async () => {
    twoVisits();
    renderApp("/compare?before=7&after=8&side=left");
    await screen.findByTestId("compare-table");
    expect(screen.getByRole("heading", { level: 1 })).toHaveTextContent("Left hand");
    for (const visit of ["before", "after"] as const) {
      const markers = viewerOf(visit).getAllByTestId("joint-marker");
      expect(markers).toHaveLength(15);
      expect(new Set(markers.map((m) => m.dataset.side))).toEqual(new Set(["left"]));
      expect(viewerOf(visit).queryByTestId("rotate")).not.toBeInTheDocument(); // linked films stay upright
      expect(highlighted(visit)).toEqual(["IP1"]);
    }
    expect(screen.getByTestId("current-joint")).toHaveTextContent("Current joint: IP 1");
    expect(screen.getByTestId("compare-row-IP1")).toHaveAttribute("aria-current", "true");

    await userEvent.click(screen.getByRole("button", { name: /Next joint/ }));
    expect(screen.getByTestId("current-joint")).toHaveTextContent("Current joint: DIP 2");
    await userEvent.keyboard("{ArrowDown}{ArrowDown}{ArrowUp}");
    expect(screen.getByTestId("current-joint")).toHaveTextContent("Current joint: DIP 3");
    expect(highlighted("before")).toEqual(["DIP3"]);
    expect(highlighted("after")).toEqual(["DIP3"]);
    expect(screen.getByTestId("compare-row-DIP3")).toHaveAttribute("aria-current", "true");
    expect(screen.getByTestId("compare-row-DIP2")).not.toHaveAttribute("aria-current");

    await userEvent.keyboard("{End}");
    expect(screen.getByTestId("current-joint")).toHaveTextContent("Current joint: CMC 1");
    expect(screen.getByRole("button", { name: /Next joint/ })).toBeDisabled();
    await userEvent.click(within(screen.getByTestId("compare-row-PIP4")).getByRole("button", { name: "PIP 4" }));
    expect(screen.getByTestId("current-joint")).toHaveTextContent("Current joint: PIP 4");

    // an arrow on the window slider moves the slider, not the joint
    const slider = viewerOf("before").getByRole("slider", { name: "Contrast (window)" });
    slider.focus();
    await userEvent.keyboard("{ArrowDown}");
    expect(screen.getByTestId("current-joint")).toHaveTextContent("Current joint: PIP 4");

    await userEvent.keyboard("?");
    expect(screen.queryByTestId("shortcuts")).not.toBeInTheDocument(); // typed into the slider
    await userEvent.click(screen.getByRole("button", { name: /Next joint/ }));
    await userEvent.keyboard("?");
    expect(screen.getByTestId("shortcuts")).toHaveTextContent("first / last joint");
  });

  it("links zoom and window/level: a change in one film shows in the other", async () => {
    // jsdom lays nothing out: each canvas gets the size a browser would give it
    vi.spyOn(HTMLElement.prototype, "clientWidth", "get").mockReturnValue(600);
    vi.spyOn(HTMLElement.prototype, "clientHeight", "get").mockReturnValue(500);
    const studies = twoVisits();
    renderApp("/compare?before=7&after=8");
    await screen.findByTestId("compare-table");
    for (const visit of ["before", "after"] as const) {
      expect(jointOnCanvas(visit, studies[visit], "IP1")).toEqual({ x: 300, y: 250 }); // centred on the current joint
    }
    const svg = viewerOf("before").getByTestId("viewer-svg");
    fireEvent.pointerDown(svg, { button: 0, clientX: 100, clientY: 100, pointerId: 1 });
    fireEvent.pointerMove(svg, { clientX: 130, clientY: 90, pointerId: 1 });
    fireEvent.pointerUp(svg, { clientX: 130, clientY: 90, pointerId: 1 });
    for (const visit of ["before", "after"] as const) {
      const ip1 = jointOnCanvas(visit, studies[visit], "IP1");
      expect([ip1.x, ip1.y]).toEqual([330, 240]); // a pan of one film moves the other's joint alike
    }
    // half the scale for the later film: the same size on screen
    expect(scaleOf("after")).toBeCloseTo(scaleOf("before") / 2);
    const [before, after] = [scaleOf("before"), scaleOf("after")];
    await userEvent.click(viewerOf("after").getByRole("button", { name: "Zoom in" }));
    expect(scaleOf("before")).toBeCloseTo(before * 1.25);
    expect(scaleOf("after")).toBeCloseTo(after * 1.25);

    fireEvent.change(viewerOf("before").getByRole("slider", { name: "Contrast (window)" }), { target: { value: "0.5" } });
    expect(viewerOf("after").getByTestId("window-value")).toHaveTextContent("128");
    expect(viewerOf("before").getByTestId("window-value")).toHaveTextContent("128");
  });

  it("shows both visits' grades, the change marked up or down besides colour, and the totals", async () => {
    twoVisits();
    renderApp("/compare?before=7&after=8&side=right");
    await screen.findByTestId("compare-table");
    expect(screen.getByTestId("compare-MCP2-erosion-before")).toHaveTextContent("1");
    expect(screen.getByTestId("compare-MCP2-erosion-after")).toHaveTextContent("3");
    const change = screen.getByTestId("compare-MCP2-erosion-change");
    expect(change).toHaveTextContent("▲ +2 (worse)");
    expect(screen.getByTestId("compare-PIP2-erosion-change")).toHaveTextContent("0 (unchanged)");
    expect(within(screen.getByTestId("compare-row-CMC1")).getAllByText("×")).toHaveLength(3);
    expect(screen.getByTestId("compare-total-erosion-before")).toHaveTextContent("15");
    expect(screen.getByTestId("compare-total-erosion-after")).toHaveTextContent("17");
    expect(screen.getByTestId("compare-total-total-change")).toHaveTextContent("▲ +2 (worse)");
    expect(within(screen.getByTestId("compare-table")).queryByRole("combobox")).not.toBeInTheDocument(); // no grade to edit here
  });

  it("says so when the address lacks a study, names a wrong hand, or a study is not analysed or not the team's", async () => {
    twoVisits({ status: "running" });
    server.use(http.get("/api/studies/99", () => HttpResponse.json({ detail: "There is no study 99 in your team.", code: "study.not_found", params: { study_id: 99 } }, { status: 404 })));
    const cases: [string, RegExp][] = [
      ["/compare?before=7", /A comparison needs two studies/],
      ["/compare?before=7&after=7", /Both visits are the same study/],
      ["/compare?before=7&after=8&side=both", /"both" is not a hand: the address takes side=left or side=right/],
      ["/compare?before=7&after=8", /After: the study is not analysed \(Analysing\)/],
      ["/compare?before=99&after=7", /Before: There is no study 99 in your team/],
    ];
    for (const [route, message] of cases) {
      const { unmount } = renderApp(route);
      expect(await screen.findByTestId("compare-problem")).toHaveTextContent(message);
      unmount();
    }
  });

  it("says so when the films share no hand", async () => {
    twoVisits({ sides: ["left"] });
    renderApp("/compare?before=7&after=8&side=right");
    expect(await screen.findByTestId("compare-problem")).toHaveTextContent(
      "The right hand is not on both films (before: Right, Left; after: Left).",
    );
  });

  it("speaks Russian", async () => {
    window.localStorage.setItem("rasharp.language", "ru");
    twoVisits();
    renderApp("/compare?before=7&after=8&side=right");
    await screen.findByTestId("compare-table");
    expect(screen.getByRole("heading", { level: 1 })).toHaveTextContent("Сравнение визитов · Пациент RA-0042 · Правая кисть");
    expect(screen.getByTestId("compare-MCP2-erosion-change")).toHaveTextContent("▲ +2 (хуже)");
  });
});
