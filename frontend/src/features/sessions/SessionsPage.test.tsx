import { screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { http, HttpResponse } from "msw";
import type { Account, ReadingSession, StudySummary } from "@/lib/api";
import { signedIn, user } from "@/test/handlers";
import { renderApp } from "@/test/render";
import { server } from "@/test/server";

const admin = { ...user, id: 1, username: "admin", is_admin: true };

function account(id: number, username: string, rest: Partial<Account> = {}): Account {
  return { id, username, team: "rheuma", is_admin: false, is_active: true, created_at: "2026-11-01T09:00:00Z", ...rest };
}

function summary(id: number, patient: string, visit: string, file: string, status: StudySummary["status"] = "done") {
  return {
    id,
    status,
    patient_code: patient,
    visit_date: visit,
    original_name: file,
    created_at: "2026-11-20T10:00:00Z",
    sides: ["right", "left"],
    totals: null,
    grades_reviewed: null,
    grades_total: null,
    error: null,
    error_code: null,
    error_params: {},
  } as unknown as StudySummary;
}

const trial: ReadingSession = {
  id: 3,
  name: "Trial A baseline",
  created_at: "2026-11-20T10:00:00Z",
  status: "open",
  show_model_grades: false,
  order: "random",
  blind_to_each_other: true,
  study_count: 2,
  readers: [
    { id: 1, name: "admin", done: 2, total: 2 },
    { id: 2, name: "dr.petrov", done: 1, total: 2 },
  ],
};

/** An administrator's service: one session, two analysed studies and one still running, three accounts. */
function adminService() {
  const created: unknown[] = [];
  const sessions = [trial];
  server.use(
    http.get("/api/auth/me", () => HttpResponse.json(admin)),
    ...signedIn,
    http.get("/api/reading-sessions", () => HttpResponse.json(sessions)),
    http.get("/api/studies", () =>
      HttpResponse.json({
        items: [
          summary(11, "RA-0042", "2025-03-01", "baseline.png"),
          summary(12, "RA-0042", "2026-03-01", "year1.png"),
          summary(13, "RA-0077", "2026-04-01", "running.png", "running"),
        ],
        limit: 200,
        offset: 0,
        total: 3,
      }),
    ),
    http.get("/api/users", () =>
      HttpResponse.json([account(1, "admin", { is_admin: true }), account(2, "dr.petrov"), account(3, "dr.gone", { is_active: false })]),
    ),
    http.post("/api/reading-sessions", async ({ request }) => {
      const body = (await request.json()) as { name: string };
      created.push(body);
      const session = { ...trial, id: 4, name: body.name };
      sessions.push(session);
      return HttpResponse.json(session, { status: 201 });
    }),
  );
  return created;
}

describe("reading sessions", () => {
  it("lists the sessions with each reader's progress, from the navigation", async () => {
    adminService();
    renderApp("/");
    await userEvent.click(await screen.findByRole("link", { name: "Reading sessions" }));
    const row = (await screen.findAllByTestId("session-row"))[0];
    expect(row).toHaveTextContent("Trial A baseline");
    expect(row).toHaveTextContent("Random (hidden)");
    const progress = within(row).getAllByTestId("reader-progress");
    expect(progress.map((p) => p.textContent?.replace(/\s+/g, " "))).toEqual(["admin 2 of 2 read", "dr.petrov 1 of 2 read"]);
    expect(within(row).getByRole("link", { name: "Read" })).toHaveAttribute("href", "/sessions/3/read");
    expect(within(row).getByRole("link", { name: "Open session" })).toHaveAttribute("href", "/sessions/3");
  });

  it("lets an administrator create a session over analysed studies with active readers", async () => {
    const created = adminService();
    renderApp("/sessions");
    const form = await screen.findByRole("form", { name: "New reading session" });
    const studies = within(form).getByTestId("study-choices");
    await waitFor(() => expect(within(studies).getAllByRole("checkbox")).toHaveLength(2));
    expect(studies).not.toHaveTextContent("running.png");
    expect(within(form).getByTestId("reader-choices")).not.toHaveTextContent("dr.gone");

    await userEvent.click(within(form).getByRole("button", { name: "Create session" }));
    expect(within(form).getByRole("alert")).toHaveTextContent("Give the session a name.");
    expect(created).toEqual([]);

    await userEvent.type(within(form).getByLabelText("Session name"), "Inter-reader pilot");
    await userEvent.click(within(form).getByLabelText(/RA-0042 · 1 Mar 2025 · baseline.png/));
    await userEvent.click(within(form).getByLabelText(/year1.png/));
    await userEvent.click(within(form).getByLabelText("admin"));
    await userEvent.click(within(form).getByLabelText("dr.petrov"));
    await userEvent.click(within(form).getByLabelText(/Chronological per patient/));
    await userEvent.click(within(form).getByRole("button", { name: "Create session" }));
    expect(await within(form).findByRole("status")).toHaveTextContent("Session Inter-reader pilot created.");
    expect(created).toEqual([
      {
        name: "Inter-reader pilot",
        study_ids: ["11", "12"],
        reader_ids: [1, 2],
        show_model_grades: false,
        order: "chronological",
        blind_to_each_other: true,
      },
    ]);
    await waitFor(() => expect(screen.getAllByTestId("session-row")).toHaveLength(2));
  });

  it("offers a reader only their own sessions to read, and no form to create one", async () => {
    server.use(
      ...signedIn,
      http.get("/api/reading-sessions", () =>
        HttpResponse.json([{ ...trial, readers: [{ id: user.id, name: user.username, done: 0, total: 2 }] }]),
      ),
    );
    renderApp("/sessions");
    const row = (await screen.findAllByTestId("session-row"))[0];
    expect(within(row).getByRole("link", { name: "Read" })).toBeInTheDocument();
    expect(within(row).queryByRole("link", { name: "Open session" })).not.toBeInTheDocument();
    expect(screen.queryByRole("form", { name: "New reading session" })).not.toBeInTheDocument();
  });

  it("speaks Russian too", async () => {
    window.localStorage.setItem("rasharp.language", "ru");
    adminService();
    renderApp("/sessions");
    expect(await screen.findByRole("heading", { name: "Сеансы чтения" })).toBeInTheDocument();
    expect(await screen.findByRole("form", { name: "Новый сеанс чтения" })).toBeInTheDocument();
  });
});
