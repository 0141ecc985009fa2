import { fireEvent, screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { http, HttpResponse } from "msw";
import type { Study, StudyJoint } from "@/lib/api";
import { grade, makeStudy } from "@/test/fixtures";
import { signedIn, user } from "@/test/handlers";
import { renderApp } from "@/test/render";
import { server } from "@/test/server";

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
  );
  return { calls, find };
}

/** The mouse path: click the grade cell, then the grade in its list. */
async function chooseGrade(label: string, value: number) {
  await userEvent.click(await screen.findByRole("combobox", { name: label }));
  await userEvent.click(within(screen.getByRole("listbox", { name: label })).getByRole("option", { name: String(value) }));
}

const gradeCell = (label: string) => screen.getByRole("combobox", { name: label });

const edited = (study: Study, side: string, code: string, value: number, model: number): Study => ({
  ...study,
  joints: study.joints.map((j) =>
    j.side === side && j.joint === code ? { ...j, erosion: grade(value, { model, edited: true }) } : j,
  ),
});

describe("study view", () => {
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

  it("keeps a grade that failed to save on screen, says so, and saves it on retry", async () => {
    const { calls } = serviceWithStudy();
    let failures = 1;
    server.use(
      http.patch("/api/studies/7/joints/:side/:joint", () =>
        failures-- > 0 ? HttpResponse.error() : undefined,
      ),
    );
    renderApp("/studies/7");
    await chooseGrade("Erosion, MCP 1, Left", 5);

    const cell = screen.getByTestId("cell-left-MCP1-erosion");
    expect(await within(cell).findByText("Not saved")).toBeInTheDocument();
    expect(gradeCell("Erosion, MCP 1, Left")).toHaveTextContent("5");
    expect(screen.getByTestId("total-erosion")).toHaveTextContent("34");

    await userEvent.click(within(cell).getByRole("button", { name: "Retry" }));
    await waitFor(() => expect(within(cell).queryByText("Not saved")).not.toBeInTheDocument());
    expect(calls).toEqual([{ method: "PATCH", path: "left/MCP1", body: { erosion: 5 } }]);
    expect(gradeCell("Erosion, MCP 1, Left")).toHaveTextContent("5");
  });

  it("after a reload, offers to save only the grades the service does not hold", async () => {
    const study = edited(makeStudy(), "right", "MCP4", 3, 1); // saved just before the reload
    serviceWithStudy(study);
    window.sessionStorage.setItem(
      "rasharp.unsaved-grades.7",
      JSON.stringify({
        "right:MCP4:erosion": { side: "right", joint: "MCP4", kind: "erosion", value: 3, state: "saving" },
        "left:MCP4:erosion": { side: "left", joint: "MCP4", kind: "erosion", value: 5, state: "saving" },
      }),
    );
    renderApp("/studies/7");
    const unsaved = await screen.findByTestId("cell-left-MCP4-erosion");
    expect(await within(unsaved).findByText("Not saved")).toBeInTheDocument();
    expect(gradeCell("Erosion, MCP 4, Left")).toHaveTextContent("5");
    await waitFor(() =>
      expect(within(screen.getByTestId("cell-right-MCP4-erosion")).queryByText("Not saved")).not.toBeInTheDocument(),
    );
    expect(gradeCell("Erosion, MCP 4, Right")).toHaveTextContent("3");
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

