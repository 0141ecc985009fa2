import { screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { http, HttpResponse } from "msw";
import { JOINTS, SIDES } from "@/lib/scheme";
import { signedIn, user } from "@/test/handlers";
import { renderApp } from "@/test/render";
import { server } from "@/test/server";
import type { ReadingSession, SessionItem, SessionJoint, SessionQueueEntry } from "@/lib/api";

const session: ReadingSession = {
  id: 3,
  name: "Trial A baseline",
  created_at: "2026-11-20T10:00:00Z",
  status: "open",
  show_model_grades: false,
  order: "random",
  blind_to_each_other: true,
  study_count: 2,
  readers: [{ id: user.id, name: user.username, done: 0, total: 2 }],
};

/** Both hands, nothing graded yet, the model's grades hidden; one joint not found on the film. */
function ungradedJoints(): SessionJoint[] {
  return SIDES.flatMap((side, s) =>
    JOINTS.map((j, i) => ({
      side,
      joint: j.code,
      present: !(side === "left" && j.code === "CMC1"),
      x: 100 + s * 1000 + (i % 5) * 120,
      y: 200 + Math.floor(i / 5) * 150,
      model_erosion: null,
      model_jsn: null,
      erosion: null,
      jsn: null,
    })),
  );
}

/**
 * A service holding this reader's queue of two films in random order (no patient code, no date):
 * grades are kept, "done" is refused while a present joint lacks a grade, as the service does.
 */
function readingService() {
  const items: SessionItem[] = [41, 17].map((itemId, index) => ({
    item_id: itemId,
    position: index + 1,
    done: false,
    patient_code: null,
    visit_date: null,
    width: 2000,
    height: 1200,
    joints: ungradedJoints(),
  }));
  const saved: { item: number; body: unknown }[] = [];
  const find = (id: unknown) => items.find((item) => item.item_id === Number(id))!;
  const queue = (): SessionQueueEntry[] => items.map(({ item_id, position, done, patient_code, visit_date }) => ({ item_id, position, done, patient_code, visit_date }));
  server.use(
    ...signedIn,
    http.get("/api/reading-sessions/3", () => HttpResponse.json(session)),
    http.get("/api/reading-sessions/3/queue", () => HttpResponse.json(queue())),
    http.get("/api/reading-sessions/3/items/:item", ({ params }) => HttpResponse.json(find(params.item))),
    http.get("/api/reading-sessions/3/items/:item/image", () => new HttpResponse(null, { status: 404 })),
    http.put("/api/reading-sessions/3/items/:item/grades", async ({ params, request }) => {
      const body = (await request.json()) as { side: string; joint: string; kind: "erosion" | "jsn"; value: number };
      saved.push({ item: Number(params.item), body });
      const joint = find(params.item).joints.find((j) => j.side === body.side && j.joint === body.joint)!;
      joint[body.kind] = body.value;
      return HttpResponse.json(joint);
    }),
    http.post("/api/reading-sessions/3/items/:item/done", ({ params }) => {
      const item = find(params.item);
      const missing = item.joints.filter(
        (j) => j.present && (j.erosion === null || (j.joint !== "CMC1" && j.jsn === null)),
      );
      if (missing.length > 0) {
        const joints = missing.map((j) => `${j.side} ${j.joint}`).join(", ");
        return HttpResponse.json(
          {
            detail: `Grade every joint on the film before marking it done; still without a grade: ${joints}.`,
            code: "session.grades_missing",
            params: { joints },
          },
          { status: 409 },
        );
      }
      item.done = true;
      return HttpResponse.json({ item_id: item.item_id, done: true });
    }),
  );
  return { items, saved };
}

/** Types a grade into every cell of the table, column by column, as a fast reader does. */
async function gradeEverything(grade: string) {
  const table = await screen.findByTestId("score-table");
  for (const column of ["Erosion", "JSN"]) {
    for (const side of ["Right", "Left"]) {
      const cells = within(table).getAllByRole("combobox").filter((cell) => cell.getAttribute("aria-label")!.startsWith(column) && cell.getAttribute("aria-label")!.endsWith(side));
      cells[0].focus();
      await userEvent.keyboard(grade.repeat(cells.length));
    }
  }
}

describe("a reader's reading view", () => {
  it("shows the position in the queue and nothing that identifies the patient", async () => {
    readingService();
    renderApp("/sessions/3/read");
    expect(await screen.findByTestId("reading-position")).toHaveTextContent("Film 1 of 2");
    expect(await screen.findByTestId("score-table")).toBeInTheDocument();
    const page = within(screen.getByRole("main")); // the navigation names the Patients page
    expect(page.queryByText(/Patient/)).not.toBeInTheDocument();
    expect(page.queryByText(/visit/i)).not.toBeInTheDocument();
    expect(screen.getByTestId("graded-right")).toHaveTextContent("Right: 0 / 29 graded");
    expect(screen.getByText(/The joint markers stay where they are/)).toBeInTheDocument(); // a read moves no joint
  });

  it("saves a grade typed in a focused cell and moves down, as on the study page", async () => {
    const { saved } = readingService();
    renderApp("/sessions/3/read");
    const cell = await screen.findByRole("combobox", { name: "Erosion, 1st IP, Right" });
    cell.focus();
    await userEvent.keyboard("3");
    expect(cell).toHaveTextContent("3");
    await waitFor(() =>
      expect(saved).toEqual([{ item: 41, body: { side: "right", joint: "IP1", kind: "erosion", value: 3 } }]),
    );
    expect(screen.getByRole("combobox", { name: "Erosion, DIP 2, Right" })).toHaveFocus();
  });

  it("refuses Done with the service's message while a joint lacks a grade", async () => {
    readingService();
    renderApp("/sessions/3/read");
    await screen.findByTestId("score-table");
    await userEvent.click(screen.getByRole("button", { name: "Done" }));
    expect(await screen.findByRole("alert")).toHaveTextContent(
      "Grade every joint on the film before marking it done; still without a grade: right IP1",
    );
    expect(screen.getByTestId("reading-position")).toHaveTextContent("Film 1 of 2");
  });

  it("moves on to the next film once every joint is graded, and goes back to an earlier one", async () => {
    const { items } = readingService();
    renderApp("/sessions/3/read");
    await gradeEverything("1");
    await waitFor(() => expect(screen.getByTestId("graded-left")).toHaveTextContent("Left: 28 / 28 graded"));
    await userEvent.click(screen.getByRole("button", { name: "Done" }));
    await waitFor(() => expect(screen.getByTestId("reading-position")).toHaveTextContent("Film 2 of 2"));
    expect(items[0].done).toBe(true);
    expect(await screen.findByTestId("graded-right")).toHaveTextContent("Right: 0 / 29 graded");

    await userEvent.click(screen.getByRole("button", { name: "Film 1, read" }));
    expect(screen.getByTestId("reading-position")).toHaveTextContent("Film 1 of 2");
    expect(await screen.findByText(/You have finished this film/)).toBeInTheDocument();
    expect(await screen.findByRole("combobox", { name: "Erosion, 1st IP, Right" })).toHaveTextContent("1");
  });
});
