import { fireEvent, screen, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { http, HttpResponse } from "msw";
import { makeStudy } from "@/test/fixtures";
import { signedIn, noOtherVisits } from "@/test/handlers";
import { renderApp } from "@/test/render";
import { server } from "@/test/server";

function serviceWithStudy() {
  const study = makeStudy();
  study.joints = study.joints.map((j) => ({ ...j, box: [j.x! - 40, j.y! - 40, j.x! + 40, j.y! + 40] }));
  server.use(
    ...signedIn,
    noOtherVisits,
    http.get("/api/studies/7", () => HttpResponse.json(study)),
    http.get("/api/studies/7/history", () => HttpResponse.json([])),
    http.get("/api/studies/7/image", () => new HttpResponse(null, { status: 404 })),
  );
  return study;
}

describe("the viewer's tools", () => {
  it("window and level show their values, follow a Ctrl + drag and reset", async () => {
    serviceWithStudy();
    renderApp("/studies/7");
    await screen.findByTestId("score-table");
    const [width, level] = [screen.getByTestId("window-value"), screen.getByTestId("level-value")];
    expect([width.textContent, level.textContent]).toEqual(["255", "128"]);
    const svg = screen.getByTestId("viewer-svg");
    // an empty jsdom layout: the viewer counts as 1 pixel, so a small drag moves a lot
    fireEvent.pointerDown(svg, { button: 0, clientX: 10, clientY: 10, ctrlKey: true, pointerId: 1 });
    fireEvent.pointerMove(svg, { clientX: 9.5, clientY: 10.25, ctrlKey: true, pointerId: 1 });
    fireEvent.pointerUp(svg, { clientX: 9.5, clientY: 10.25, pointerId: 1 });
    expect([width.textContent, level.textContent]).toEqual(["128", "191"]);
    await userEvent.click(screen.getByRole("button", { name: "Reset window and level" }));
    expect([width.textContent, level.textContent]).toEqual(["255", "128"]);
  });

  it("a heatmap comes with a legend of its colours; hovering a row shows that joint's own map", async () => {
    serviceWithStudy();
    renderApp("/studies/7");
    await screen.findByTestId("score-table");
    expect(screen.queryByTestId("heatmap-legend")).not.toBeInTheDocument();
    await userEvent.selectOptions(screen.getByRole("combobox", { name: "Heatmap" }), "jsn");
    expect(screen.getByTestId("heatmap")).toHaveAttribute("href", "/api/studies/7/heatmaps/jsn?analysed=2026-11-20T10%3A00%3A03Z");
    expect(screen.getByTestId("heatmap-legend")).toHaveTextContent("Narrowing map: where the model saw joint space narrowing");
    expect(within(screen.getByTestId("heatmap-legend")).getByText("none")).toBeInTheDocument();

    await userEvent.selectOptions(screen.getByRole("combobox", { name: "Heatmap" }), "none");
    expect(screen.queryByTestId("heatmap-legend")).not.toBeInTheDocument();
    const row = document.querySelector('tr[data-joint="PIP3"] th') as HTMLElement;
    await userEvent.hover(row);
    const jointMap = screen.getByTestId("joint-heatmap");
    expect(jointMap).toHaveAttribute("href", "/api/studies/7/heatmaps/erosion?analysed=2026-11-20T10%3A00%3A03Z");
    const clip = document.getElementById(jointMap.getAttribute("clip-path")!.slice(5, -1))!;
    expect(clip.querySelectorAll("rect")).toHaveLength(2); // PIP3 of both hands
    expect(screen.getByTestId("heatmap-legend")).toHaveTextContent("Erosion map: where the model saw signs of erosion — PIP3");
    await userEvent.unhover(row);
    expect(screen.queryByTestId("joint-heatmap")).not.toBeInTheDocument();
  });

  it("turns the film a quarter and mirrors it; the markers go with it", async () => {
    const study = serviceWithStudy();
    renderApp("/studies/7");
    await screen.findByTestId("score-table");
    const joint = study.joints[0];
    const marker = () => screen.getAllByTestId("joint-marker")[0];
    expect(marker()).toHaveAttribute("transform", `translate(${joint.x} ${joint.y})`);
    await userEvent.click(screen.getByRole("button", { name: "Rotate 90° clockwise" }));
    expect(screen.getByTestId("film")).toHaveAttribute("transform", "matrix(0 1 -1 0 1500 0)");
    expect(marker()).toHaveAttribute("transform", `translate(${1500 - joint.y!} ${joint.x})`);
    await userEvent.click(screen.getByRole("button", { name: "Flip left–right" }));
    expect(marker()).toHaveAttribute("transform", `translate(${joint.y} ${joint.x})`);
    await userEvent.click(screen.getByRole("button", { name: "Reset view" }));
    expect(marker()).toHaveAttribute("transform", `translate(${joint.x} ${joint.y})`);
  });
});
