import { fireEvent, screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { http, HttpResponse } from "msw";
import type { Study, StudyJoint } from "@/lib/api";
import { grade, makeStudy } from "@/test/fixtures";
import { signedIn, user, noOtherVisits } from "@/test/handlers";
import { renderApp } from "@/test/render";
import { server } from "@/test/server";
import { NUDGE_PAUSE_MS } from "./useMarkerNudge";

/**
 * A service holding one study: PATCH and a whole-study reset change it the way the real
 * service does (edited = current value differs from the model's); every call is recorded.
 */
function serviceWithStudy(study: Study = makeStudy()) {
  const calls: { method: string; path: string; body: unknown }[] = [];
  let current = structuredClone(study);
  const find = (side: string, code: string) =>
    current.joints.find((j) => j.side === side && j.joint === code) as StudyJoint;

  server.use(
    ...signedIn,
    noOtherVisits,
    http.get("/api/studies/7", () => HttpResponse.json(current)),
    http.get("/api/studies/7/history", () => HttpResponse.json([])),
    http.get("/api/studies/7/image", () => new HttpResponse(null, { status: 404 })),
    http.patch("/api/studies/7/joints/:side/:joint", async ({ request, params }) => {
      const body = (await request.json()) as Record<"erosion" | "jsn", number>;
      calls.push({ method: "PATCH", path: `${String(params.side)}/${String(params.joint)}`, body });
      const joint = find(String(params.side), String(params.joint));
      for (const [kind, value] of Object.entries(body) as ["erosion" | "jsn", number][]) {
        const g = joint[kind]!;
        joint[kind] = { ...g, value, edited: value !== g.model };
      }
      return HttpResponse.json(joint);
    }),
    http.post("/api/studies/7/joints/:side/:joint/confirm", async ({ request, params }) => {
      const body = (await request.json()) as { kind: "erosion" | "jsn" };
      calls.push({ method: "POST", path: `${String(params.side)}/${String(params.joint)}/confirm`, body });
      const joint = find(String(params.side), String(params.joint));
      joint[body.kind] = { ...joint[body.kind]!, confirmed: true, reviewed: true };
      return HttpResponse.json(joint);
    }),
    http.post("/api/studies/7/reset", async ({ request }) => {
      const body = await request.json();
      calls.push({ method: "POST", path: "reset", body });
      current = {
        ...current,
        joints: current.joints.map((j) => ({
          ...j,
          erosion: j.erosion && { ...j.erosion, value: j.erosion.model, edited: false },
          jsn: j.jsn && { ...j.jsn, value: j.jsn.model, edited: false },
        })),
      };
      return HttpResponse.json({ changed_joints: 1 });
    }),
    http.post("/api/studies/7/review", () => {
      calls.push({ method: "POST", path: "review", body: null });
      current = { ...current, reviewed_at: "2026-11-30T11:00:00Z", reviewed_by: user.username };
      return HttpResponse.json(current);
    }),
    http.post("/api/studies/7/reopen", () => {
      calls.push({ method: "POST", path: "reopen", body: null });
      current = { ...current, reviewed_at: null, reviewed_by: null };
      return HttpResponse.json(current);
    }),
  );
  return { calls, find };
}

/** The mouse path: click the grade cell, then the grade in its list. */
async function chooseGrade(label: string, value: number) {
  await userEvent.click(await screen.findByRole("combobox", { name: label }));
  await userEvent.click(within(screen.getByRole("listbox", { name: label })).getByRole("option", { name: String(value) }));
}

const gradeCell = (label: string) => screen.getByRole("combobox", { name: label });

const markerOf = (side: string, code: string) =>
  screen.getAllByTestId("joint-marker").find((m) => m.dataset.joint === code && m.dataset.side === side)!;

/** A mouse drag of a marker by (dx, dy): an empty jsdom layout fits the image at scale 1. */
function dragMarker(marker: HTMLElement, x: number, y: number, dx: number, dy: number) {
  const svg = screen.getByTestId("viewer-svg");
  fireEvent.pointerDown(marker, { button: 0, clientX: x, clientY: y, pointerId: 1 });
  fireEvent.pointerMove(svg, { clientX: x + dx / 2, clientY: y + dy / 2, pointerId: 1 });
  fireEvent.pointerUp(svg, { clientX: x + dx, clientY: y + dy, pointerId: 1 });
}

const edited = (study: Study, side: string, code: string, value: number, model: number): Study => ({
  ...study,
  joints: study.joints.map((j) =>
    j.side === side && j.joint === code ? { ...j, erosion: grade(value, { model, edited: true }) } : j,
  ),
});

describe("study view", () => {
  afterEach(() => vi.useRealTimers());

  it("shows 30 markers, the full table, and updates the totals at once when a grade changes", async () => {
    const { calls } = serviceWithStudy();
    renderApp("/studies/7");

    const table = await screen.findByTestId("score-table");
    expect(screen.getAllByTestId("joint-marker")).toHaveLength(30);
    expect(within(table).getAllByRole("combobox")).toHaveLength(58); // 30 erosion + 28 JSN
    expect(screen.getByTestId("total-erosion")).toHaveTextContent("30");
    expect(screen.getByTestId("total-total")).toHaveTextContent("30");

    await chooseGrade("Erosion, PIP 2, Right", 4);
    expect(screen.getByTestId("total-erosion")).toHaveTextContent("33");
    expect(screen.getByTestId("total-svdh")).toHaveTextContent("25 + 0 = 25");

    await waitFor(() => expect(calls).toEqual([{ method: "PATCH", path: "right/PIP2", body: { erosion: 4 } }]));
    const cell = screen.getByTestId("cell-right-PIP2-erosion");
    await waitFor(() => expect(cell).toHaveAttribute("title", "Edited — model value: 1"));
  });

  it("moves between grade cells with Tab in reading order", async () => {
    serviceWithStudy();
    renderApp("/studies/7");
    const first = await screen.findByLabelText("Erosion, 1st IP, Right");
    first.focus();
    await userEvent.tab();
    expect(screen.getByLabelText("JSN, 1st IP, Right")).toHaveFocus();
    await userEvent.tab();
    expect(screen.getByLabelText("Erosion, 1st IP, Left")).toHaveFocus();
  });

  it("moves with arrows without saving a grade; a typed digit saves it once and moves down", async () => {
    const { calls } = serviceWithStudy();
    renderApp("/studies/7");
    (await screen.findByRole("combobox", { name: "JSN, DIP 2, Right" })).focus();
    await userEvent.keyboard("{ArrowUp}{ArrowUp}{ArrowRight}");
    expect(gradeCell("Erosion, 1st IP, Left")).toHaveFocus();
    expect(screen.getByTestId("total-total")).toHaveTextContent("30");

    await userEvent.keyboard("3");
    expect(gradeCell("Erosion, 1st IP, Left")).toHaveTextContent("3");
    expect(gradeCell("Erosion, DIP 2, Left")).toHaveFocus();
    await waitFor(() => expect(calls).toEqual([{ method: "PATCH", path: "left/IP1", body: { erosion: 3 } }]));
    await waitFor(() => expect(screen.getByTestId("cell-left-IP1-erosion")).toHaveClass("edited"));

    await userEvent.keyboard("{Escape}");
    await waitFor(() => expect(calls).toHaveLength(2));
    expect(calls[1]).toEqual({ method: "PATCH", path: "left/IP1", body: { erosion: 1 } });
    await waitFor(() => expect(screen.getByTestId("cell-left-IP1-erosion")).not.toHaveClass("edited"));
  });

  it("keeps a grade and a move made while the service is down, marked as waiting, and saves both by themselves", async () => {
    const { calls, find } = serviceWithStudy();
    const service = { down: false };
    server.use(
      http.all("/api/studies/7/*", () => (service.down ? HttpResponse.error() : undefined)),
      http.put("/api/studies/7/joints/:side/:joint/position", async ({ request, params }) => {
        const body = (await request.json()) as { x: number; y: number };
        calls.push({ method: "PUT", path: `${String(params.side)}/${String(params.joint)}`, body });
        return HttpResponse.json(Object.assign(find("left", "MCP3"), { ...body, moved: true }), { status: 202 });
      }),
    );
    renderApp("/studies/7");
    await screen.findByTestId("score-table");
    service.down = true;

    await chooseGrade("Erosion, MCP 1, Left", 5);
    const cell = screen.getByTestId("cell-left-MCP1-erosion");
    expect(await within(cell).findByText("Waiting to be saved")).toBeInTheDocument();
    const marker = markerOf("left", "MCP3");
    const { x, y } = find("left", "MCP3");
    dragMarker(marker, x!, y!, 30, 15);

    expect(await screen.findByTestId("save-notice")).toHaveTextContent(
      "2 changes waiting for the server; they will be saved by themselves when it answers.",
    );
    expect(gradeCell("Erosion, MCP 1, Left")).toHaveTextContent("5");
    expect(screen.getByTestId("total-erosion")).toHaveTextContent("34");
    expect(marker).toHaveAttribute("transform", `translate(${x! + 30} ${y! + 15})`);
    expect(marker).toHaveClass("waiting");
    expect(marker).toHaveAccessibleName("MCP 3, Left — Waiting to be saved");
    expect(calls).toEqual([]);

    service.down = false; // the next try, a second later, finds it answering
    await waitFor(() => expect(screen.getByTestId("save-notice")).toHaveTextContent("All changes saved."));
    expect(calls).toEqual([
      { method: "PATCH", path: "left/MCP1", body: { erosion: 5 } },
      { method: "PUT", path: "left/MCP3", body: { x: x! + 30, y: y! + 15 } },
    ]);
    expect(within(cell).queryByText("Waiting to be saved")).not.toBeInTheDocument();
    expect(marker).not.toHaveClass("waiting");
    expect(marker).toHaveAttribute("transform", `translate(${x! + 30} ${y! + 15})`);
    expect(window.sessionStorage.getItem("rasharp.outbox.1.7")).toBeNull();
  });

  it("keeps the study on screen when a refresh fails, and says so", async () => {
    serviceWithStudy();
    const service = { down: false };
    server.use(http.get("/api/*", () => (service.down ? HttpResponse.error() : undefined)));
    renderApp("/studies/7");
    await screen.findByTestId("score-table");

    service.down = true;
    // back to the tab ten minutes later: the study, the user and the disclaimer are refreshed
    vi.useFakeTimers({ toFake: ["Date"] });
    vi.setSystemTime(Date.now() + 10 * 60_000);
    window.dispatchEvent(new Event("visibilitychange"));
    expect(await screen.findByTestId("save-notice")).toHaveTextContent(
      /The server is not answering: the study is shown as loaded at .*, and will be refreshed when it answers\./,
    );
    expect(screen.getByTestId("score-table")).toBeInTheDocument();
    expect(screen.getAllByTestId("joint-marker")).toHaveLength(30);

    expect(screen.getByTestId("history")).toBeInTheDocument();
    expect(screen.queryByRole("alert")).not.toBeInTheDocument(); // no error page, no error in the history

    service.down = false;
    window.dispatchEvent(new Event("visibilitychange"));
    await waitFor(() => expect(screen.queryByTestId("save-notice")).not.toBeInTheDocument());
  });

  it("shows why the service refused a grade or a move, puts them back, and does not send them again", async () => {
    const { calls, find } = serviceWithStudy();
    server.use(
      http.patch("/api/studies/7/joints/:side/:joint", async ({ request }) => {
        calls.push({ method: "PATCH", path: "refused", body: await request.json() });
        return HttpResponse.json({ detail: "Erosion grades are 0-5." }, { status: 422 });
      }),
      http.put("/api/studies/7/joints/:side/:joint/position", () => {
        calls.push({ method: "PUT", path: "refused", body: null });
        return HttpResponse.json({ detail: "The joint is being re-scored; try again when it is done." }, { status: 409 });
      }),
    );
    renderApp("/studies/7");
    await screen.findByTestId("score-table");
    const marker = markerOf("left", "MCP3");
    const { x, y } = find("left", "MCP3");

    await chooseGrade("Erosion, MCP 1, Left", 5);
    dragMarker(marker, x!, y!, 30, 15);

    const cell = screen.getByTestId("cell-left-MCP1-erosion");
    expect(await within(cell).findByText("Not saved: Erosion grades are 0-5.")).toBeInTheDocument();
    await waitFor(() => expect(gradeCell("Erosion, MCP 1, Left")).toHaveTextContent("1"));
    const refused = await screen.findByTestId("refused-changes");
    expect(refused).toHaveTextContent("MCP 3 (left) was not moved: The joint is being re-scored; try again when it is done.");
    expect(marker).toHaveAttribute("transform", `translate(${x} ${y})`);
    expect(marker).toHaveClass("refused");
    expect(marker.querySelector("title")).toHaveTextContent(/— Not saved: The joint is being re-scored; try again when it is done\.$/);

    await new Promise((resolve) => setTimeout(resolve, 1500)); // past the first retry
    expect(calls.map((c) => c.method)).toEqual(["PATCH", "PUT"]);
    expect(screen.queryByTestId("save-notice")).not.toBeInTheDocument();
    await userEvent.click(within(refused).getByRole("button", { name: "Dismiss" }));
    expect(screen.queryByTestId("refused-changes")).not.toBeInTheDocument();
  });

  it("after a reload, sends the changes that were waiting, in order", async () => {
    const { calls, find } = serviceWithStudy();
    server.use(
      http.put("/api/studies/7/joints/:side/:joint/position", async ({ request, params }) => {
        const body = (await request.json()) as { x: number; y: number };
        calls.push({ method: "PUT", path: `${String(params.side)}/${String(params.joint)}`, body });
        return HttpResponse.json(Object.assign(find("right", "PIP3"), { ...body, moved: true }), { status: 202 });
      }),
    );
    window.sessionStorage.setItem(
      "rasharp.outbox.1.7",
      JSON.stringify([
        { kind: "grade", side: "left", joint: "MCP4", grade: "erosion", value: 5 },
        { kind: "move", side: "right", joint: "PIP3", x: 321.5, y: 654 },
        { kind: "grade", side: "left", joint: "MARS", grade: "erosion", value: 9 }, // not a joint: dropped
      ]),
    );
    renderApp("/studies/7");
    await screen.findByTestId("score-table");
    await waitFor(() =>
      expect(calls).toEqual([
        { method: "PATCH", path: "left/MCP4", body: { erosion: 5 } },
        { method: "PUT", path: "right/PIP3", body: { x: 321.5, y: 654 } },
      ]),
    );
    expect(gradeCell("Erosion, MCP 4, Left")).toHaveTextContent("5");
    expect(markerOf("right", "PIP3")).toHaveAttribute("transform", "translate(321.5 654)");
  });

  it("resets one cell to the model's value", async () => {
    const { calls } = serviceWithStudy(edited(makeStudy(), "left", "DIP3", 4, 2));
    renderApp("/studies/7");
    const cell = await screen.findByTestId("cell-left-DIP3-erosion");
    expect(cell).toHaveClass("edited");

    await userEvent.click(within(cell).getByRole("button", { name: /Reset to model value \(2\)/ }));
    await waitFor(() => expect(cell).not.toHaveClass("edited"));
    expect(gradeCell("Erosion, DIP 3, Left")).toHaveTextContent("2");
    expect(calls).toEqual([{ method: "PATCH", path: "left/DIP3", body: { erosion: 2 } }]);
  });

  it("confirms the focused grade with Enter: the service records it and the cell shows it reviewed", async () => {
    const study = makeStudy();
    const dip2 = study.joints.find((j) => j.side === "right" && j.joint === "DIP2")!;
    dip2.erosion = grade(1, { uncertain: true, probabilities: [0.3, 0.45, 0.25, 0, 0, 0] });
    const { calls } = serviceWithStudy(study);
    renderApp("/studies/7");
    const cell = await screen.findByTestId("cell-right-DIP2-erosion");
    expect(within(cell).getByLabelText("The model is uncertain about this grade")).toBeInTheDocument();
    expect(screen.getByTestId("reviewed-right")).toHaveTextContent("Right: 0 / 29 reviewed");

    gradeCell("Erosion, DIP 2, Right").focus();
    await userEvent.keyboard("{Enter}");
    await waitFor(() => expect(within(cell).getByLabelText("Confirmed by a reader")).toBeInTheDocument());
    expect(within(cell).queryByLabelText("The model is uncertain about this grade")).not.toBeInTheDocument();
    expect(screen.getByTestId("reviewed-right")).toHaveTextContent("Right: 1 / 29 reviewed");
    expect(gradeCell("Erosion, DIP 2, Right")).toHaveTextContent("1");
    expect(calls).toEqual([{ method: "POST", path: "right/DIP2/confirm", body: { kind: "erosion" } }]);
  });

  it("marks the study reviewed: grades and markers take no change until it is reopened", async () => {
    const { calls } = serviceWithStudy();
    renderApp("/studies/7");
    await userEvent.click(await screen.findByRole("button", { name: "Mark reviewed" }));
    expect(await screen.findByTestId("reviewed")).toHaveTextContent(`Reviewed by ${user.username}`);
    expect(screen.queryByRole("button", { name: "Reset to model values" })).not.toBeInTheDocument();
    const cell = gradeCell("Erosion, PIP 2, Right");
    expect(cell).toHaveAttribute("aria-disabled", "true");
    cell.focus();
    await userEvent.keyboard("3");
    expect(cell).toHaveTextContent("1");
    expect(markerOf("left", "MCP3")).toHaveAttribute("aria-disabled", "true");

    await userEvent.click(screen.getByRole("button", { name: "Reopen" }));
    await waitFor(() => expect(gradeCell("Erosion, PIP 2, Right")).not.toHaveAttribute("aria-disabled"));
    expect(calls.map((c) => c.path)).toEqual(["review", "reopen"]);
  });

  it("resets the whole study only after confirmation", async () => {
    const { calls } = serviceWithStudy(edited(makeStudy(), "right", "MCP5", 5, 1));
    renderApp("/studies/7");
    const resetAll = await screen.findByRole("button", { name: "Reset to model values" });

    await userEvent.click(resetAll);
    const dialog = screen.getByRole("alertdialog", { name: "Reset the whole study?" });
    await userEvent.click(within(dialog).getByRole("button", { name: "Cancel" }));
    expect(screen.queryByRole("alertdialog")).not.toBeInTheDocument();
    expect(calls).toEqual([]);

    await userEvent.click(resetAll);
    await userEvent.click(within(screen.getByRole("alertdialog")).getByRole("button", { name: "Reset" }));
    await waitFor(() => expect(screen.getByTestId("cell-right-MCP5-erosion")).not.toHaveClass("edited"));
    expect(calls).toEqual([{ method: "POST", path: "reset", body: {} }]);
    expect(screen.getByTestId("total-erosion")).toHaveTextContent("30");
  });

  it("highlights the joint's row when its marker is hovered, and the marker when its row is", async () => {
    serviceWithStudy();
    renderApp("/studies/7");
    await screen.findByTestId("score-table");
    const marker = screen.getAllByTestId("joint-marker").find(
      (m) => m.getAttribute("data-joint") === "PIP4" && m.getAttribute("data-side") === "left",
    )!;
    const row = screen.getByTestId("score-table").querySelector('tr[data-joint="PIP4"]')!;

    await userEvent.hover(marker);
    expect(row).toHaveClass("highlighted");
    await userEvent.unhover(marker);
    expect(row).not.toHaveClass("highlighted");

    await userEvent.hover(screen.getByTestId("cell-right-PIP4-jsn"));
    const rightMarker = screen.getAllByTestId("joint-marker").find(
      (m) => m.getAttribute("data-joint") === "PIP4" && m.getAttribute("data-side") === "right",
    )!;
    expect(rightMarker).toHaveClass("hovered");
    expect(marker).not.toHaveClass("hovered");
  });

  it("moves a dragged joint and shows it re-scoring until the service is done", async () => {
    const { find } = serviceWithStudy();
    const moves: unknown[] = [];
    let rescored = false;
    server.use(
      http.put("/api/studies/7/joints/:side/:joint/position", async ({ request, params }) => {
        const body = (await request.json()) as { x: number; y: number };
        moves.push({ joint: `${String(params.side)}/${String(params.joint)}`, ...body });
        Object.assign(find("left", "MCP3"), { ...body, moved: true, pending: true });
        setTimeout(() => {
          Object.assign(find("left", "MCP3"), { pending: false, erosion: grade(4) });
          rescored = true;
        }, 1500);
        return HttpResponse.json(find("left", "MCP3"), { status: 202 });
      }),
    );
    renderApp("/studies/7");
    await screen.findByTestId("score-table");
    const marker = screen.getAllByTestId("joint-marker").find(
      (m) => m.getAttribute("data-joint") === "MCP3" && m.getAttribute("data-side") === "left",
    )!;
    const { x, y } = find("left", "MCP3");
    const svg = screen.getByTestId("viewer-svg");
    // an empty jsdom layout fits the image at scale 1: screen pixels are image pixels
    fireEvent.pointerDown(marker, { button: 0, clientX: x!, clientY: y!, pointerId: 1 });
    fireEvent.pointerMove(svg, { clientX: x! + 20, clientY: y! + 10, pointerId: 1 });
    fireEvent.pointerUp(svg, { clientX: x! + 30, clientY: y! + 15, pointerId: 1 });

    await waitFor(() => expect(moves).toEqual([{ joint: "left/MCP3", x: x! + 30, y: y! + 15 }]));
    expect(marker).toHaveAttribute("transform", `translate(${x! + 30} ${y! + 15})`);
    await waitFor(() => expect(marker).toHaveClass("pending"));
    expect(gradeCell("Erosion, MCP 3, Left")).toHaveAttribute("aria-disabled", "true");
    await waitFor(() => expect(rescored && !marker.classList.contains("pending")).toBe(true), { timeout: 10_000 });
    await waitFor(() => expect(gradeCell("Erosion, MCP 3, Left")).toHaveTextContent("4"));
    expect(gradeCell("Erosion, MCP 3, Left")).not.toHaveAttribute("aria-disabled");
  });

  it("lists the edit history, newest first: who, when and what", async () => {
    serviceWithStudy();
    server.use(
      http.get("/api/studies/7/history", () =>
        HttpResponse.json([
          { id: 1, created_at: "2026-11-20T10:05:00Z", user: "dr.ivanova", side: "right", joint: "PIP2",
            field: "erosion", old_value: 1, new_value: 3 },
          { id: 3, created_at: "2026-11-20T10:09:00Z", user: "dr.petrov", side: null, joint: null,
            field: "reset", old_value: null, new_value: null },
          { id: 2, created_at: "2026-11-20T10:07:00Z", user: "dr.ivanova", side: "left", joint: "MCP3",
            field: "position", old_value: { x: 100.4, y: 200.2 }, new_value: { x: 110, y: 205 } },
        ]),
      ),
    );
    renderApp("/studies/7");
    const items = await within(await screen.findByTestId("history")).findAllByRole("listitem");
    expect(items.map((item) => item.textContent)).toEqual([
      expect.stringMatching(/dr\.petrov reset the whole study to model values$/),
      expect.stringMatching(/dr\.ivanova moved MCP 3 \(left\): \(100, 200\) → \(110, 205\)$/),
      expect.stringMatching(/dr\.ivanova PIP 2 \(right\) Erosion: 1 → 3$/),
    ]);
    expect(items[2]).toHaveTextContent("20 Nov 2026");
  });

  it("downloads the CSV under the service's file name, and says why a PDF was refused", async () => {
    serviceWithStudy();
    server.use(
      http.get("/api/studies/7/export.csv", () =>
        new HttpResponse("study_id,joint\n7,IP1\n", {
          headers: { "Content-Type": "text/csv", "Content-Disposition": 'attachment; filename="RA-0042-study-7.csv"' },
        }),
      ),
      http.get("/api/studies/7/export.pdf", () =>
        HttpResponse.json({ detail: "The report was not ready within 60 s. Please try again." }, { status: 503 }),
      ),
    );
    const saved: { name: string; text: string }[] = [];
    const blobs = new Map<string, Blob>();
    Object.assign(URL, {
      createObjectURL: (blob: Blob) => {
        const url = `blob:test/${blobs.size}`;
        blobs.set(url, blob);
        return url;
      },
      revokeObjectURL: () => {},
    });
    const click = vi.spyOn(HTMLAnchorElement.prototype, "click").mockImplementation(function (this: HTMLAnchorElement) {
      void blobs.get(this.href)!.text().then((text) => saved.push({ name: this.download, text }));
    });
    try {
      renderApp("/studies/7");
      await userEvent.click(await screen.findByRole("button", { name: "CSV" }));
      await waitFor(() => expect(saved).toEqual([{ name: "RA-0042-study-7.csv", text: "study_id,joint\n7,IP1\n" }]));

      await userEvent.click(screen.getByRole("button", { name: "PDF" }));
      expect(await screen.findByRole("alert")).toHaveTextContent(
        "The report was not ready within 60 s. Please try again.",
      );
      expect(screen.getByRole("button", { name: "PDF" })).toBeEnabled();
    } finally {
      click.mockRestore();
    }
  });

  it("shows a failed analysis with its reason", async () => {
    server.use(
      ...signedIn,
      noOtherVisits,
      http.get("/api/studies/7", () =>
        HttpResponse.json(makeStudy({ status: "failed", error: "No hand was found in the image.", joints: [] })),
      ),
      http.get("/api/studies/7/history", () => HttpResponse.json([])),
      http.get("/api/studies/7/image", () => new HttpResponse(null, { status: 404 })),
    );
    renderApp("/studies/7");
    expect(await screen.findByText("The analysis failed: No hand was found in the image.")).toBeInTheDocument();
    expect(screen.queryByTestId("score-table")).not.toBeInTheDocument();
  });
});

describe("joint markers from the keyboard", () => {
  /** A service recording the moves it is sent. */
  function serviceRecordingMoves() {
    const { find } = serviceWithStudy();
    const moves: { joint: string; x: number; y: number }[] = [];
    server.use(
      http.put("/api/studies/7/joints/:side/:joint/position", async ({ request, params }) => {
        const body = (await request.json()) as { x: number; y: number };
        moves.push({ joint: `${String(params.side)}/${String(params.joint)}`, ...body });
        const joint = find(String(params.side), String(params.joint));
        return HttpResponse.json(Object.assign(joint, { ...body, moved: true }), { status: 202 });
      }),
    );
    return { find, moves };
  }

  it("names each marker by joint and side; a click or Tab focuses one", async () => {
    serviceRecordingMoves();
    renderApp("/studies/7");
    await screen.findByTestId("score-table");
    const markers = screen.getAllByRole("button", { name: /^(.+), (Right|Left)$/ });
    expect(markers).toHaveLength(30);
    const marker = screen.getByRole("button", { name: "MCP 3, Left" });
    expect(marker).toBe(markerOf("left", "MCP3"));

    await userEvent.click(marker);
    expect(marker).toHaveFocus();
    await userEvent.tab();
    expect(screen.getByRole("button", { name: "MCP 4, Left" })).toHaveFocus();
  });

  it("nudges a focused marker by 1 image pixel (10 with Shift) and sends the run as one move", async () => {
    const { find, moves } = serviceRecordingMoves();
    renderApp("/studies/7");
    await screen.findByTestId("score-table");
    const { x, y } = find("left", "MCP3");
    const marker = screen.getByRole("button", { name: "MCP 3, Left" });
    marker.focus();

    await userEvent.keyboard("{ArrowRight}{ArrowRight}{ArrowRight}{Shift>}{ArrowDown}{/Shift}{ArrowUp}");
    expect(marker).toHaveAttribute("transform", `translate(${x! + 3} ${y! + 9})`);
    expect(moves).toEqual([]); // not one request per key

    await waitFor(() => expect(moves).toEqual([{ joint: "left/MCP3", x: x! + 3, y: y! + 9 }]));
    await new Promise((resolve) => setTimeout(resolve, NUDGE_PAUSE_MS + 200));
    expect(moves).toHaveLength(1);
    expect(marker).toHaveAttribute("transform", `translate(${x! + 3} ${y! + 9})`);
    expect(marker).toHaveFocus();
  });

  it("Esc cancels a nudge not yet sent", async () => {
    const { find, moves } = serviceRecordingMoves();
    renderApp("/studies/7");
    await screen.findByTestId("score-table");
    const { x, y } = find("right", "PIP2");
    const marker = screen.getByRole("button", { name: "PIP 2, Right" });
    marker.focus();

    await userEvent.keyboard("{Shift>}{ArrowLeft}{ArrowLeft}{/Shift}");
    expect(marker).toHaveAttribute("transform", `translate(${x! - 20} ${y})`);
    await userEvent.keyboard("{Escape}");
    expect(marker).toHaveAttribute("transform", `translate(${x} ${y})`);
    await new Promise((resolve) => setTimeout(resolve, NUDGE_PAUSE_MS + 300));
    expect(moves).toEqual([]);
  });

  it("does not nudge a joint being re-scored", async () => {
    const study = makeStudy();
    Object.assign(study.joints.find((j) => j.side === "left" && j.joint === "MCP3")!, { pending: true });
    serviceWithStudy(study);
    const moves: unknown[] = [];
    server.use(http.put("/api/studies/7/joints/:side/:joint/position", () => void moves.push(1)));
    renderApp("/studies/7");
    await screen.findByTestId("score-table");
    const marker = screen.getByRole("button", { name: "MCP 3, Left — Re-scoring…" });
    const before = marker.getAttribute("transform");
    marker.focus();
    await userEvent.keyboard("{ArrowRight}");
    expect(marker).toHaveAttribute("transform", before!);
    expect(marker).toHaveAttribute("aria-disabled", "true");
    await new Promise((resolve) => setTimeout(resolve, NUDGE_PAUSE_MS + 200));
    expect(moves).toEqual([]);
  });
});

describe("study details afterwards", () => {
  function detailsService(study: Study = makeStudy()) {
    const calls: { method: string; path: string; body: unknown }[] = [];
    let current = structuredClone(study);
    server.use(
      http.patch("/api/studies/7", async ({ request }) => {
        const body = (await request.json()) as Record<string, unknown>;
        calls.push({ method: "PATCH", path: "", body });
        current = { ...current, patient_code: (body.patient_code as string) ?? current.patient_code, visit_date: (body.visit_date as string) ?? current.visit_date };
        return HttpResponse.json(current);
      }),
      http.put("/api/studies/7/hands/:side", async ({ request, params }) => {
        calls.push({ method: "PUT", path: `hands/${String(params.side)}`, body: await request.json() });
        return HttpResponse.json(current);
      }),
      http.delete("/api/studies/7", () => {
        calls.push({ method: "DELETE", path: "", body: null });
        return new HttpResponse(null, { status: 204 });
      }),
      http.get("/api/studies", () => HttpResponse.json({ items: [], limit: 50, offset: 0, total: 0 })),
    );
    serviceWithStudy(study);
    return calls;
  }

  it("sends only the details the reader changed, and shows them", async () => {
    const calls = detailsService();
    renderApp("/studies/7");
    await userEvent.click(await screen.findByRole("button", { name: "Edit details" }));
    const form = screen.getByRole("region", { name: "Study details" });
    const code = within(form).getByLabelText("Patient code");
    expect(code).toHaveValue("RA-0042");
    await userEvent.clear(code);
    await userEvent.type(code, "RA-0043");
    fireEvent.change(within(form).getByLabelText("Visit date"), { target: { value: "2025-04-01" } });
    await userEvent.click(within(form).getByRole("button", { name: "Save" }));
    expect(await screen.findByRole("heading", { name: "Patient RA-0043" })).toBeInTheDocument();
    expect(screen.getByText(/visit 1 Apr 2025/)).toBeInTheDocument();
    expect(calls).toEqual([{ method: "PATCH", path: "", body: { patient_code: "RA-0043", visit_date: "2025-04-01" } }]);
  });

  it("corrects a hand's side", async () => {
    const calls = detailsService();
    renderApp("/studies/7");
    await userEvent.selectOptions(await screen.findByLabelText("Hand read as Right:"), "left");
    await waitFor(() => expect(calls).toEqual([{ method: "PUT", path: "hands/right", body: { side: "left" } }]));
  });

  it("offers deletion to an administrator only, and deletes only after confirmation", async () => {
    detailsService();
    const { unmount } = renderApp("/studies/7");
    await screen.findByRole("button", { name: "Edit details" });
    expect(screen.queryByRole("button", { name: "Delete study" })).not.toBeInTheDocument();
    unmount();

    const calls = detailsService();
    server.use(http.get("/api/auth/me", () => HttpResponse.json({ ...user, is_admin: true })));
    renderApp("/studies/7");
    await userEvent.click(await screen.findByRole("button", { name: "Delete study" }));
    const dialog = screen.getByRole("alertdialog", { name: "Delete this study?" });
    expect(dialog).toHaveTextContent("hands.png, its scores, heatmaps and stored file are removed");
    await userEvent.click(within(dialog).getByRole("button", { name: "Delete" }));
    expect(await screen.findByRole("heading", { name: "Worklist" })).toBeInTheDocument();
    expect(calls).toEqual([{ method: "DELETE", path: "", body: null }]);
  });
});

