import { screen, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { http, HttpResponse } from "msw";
import { signedIn, user } from "@/test/handlers";
import { renderApp } from "@/test/render";
import { server } from "@/test/server";

const admin = { ...user, id: 1, username: "admin", is_admin: true };
const noStudies = http.get("/api/studies", () => HttpResponse.json({ items: [], limit: 50, offset: 0, total: 0 }));

const events = [
  { id: 3, at: "2026-11-30T10:05:00Z", user_id: 2, username: "dr.petrov", action: "exported", study_id: 12, details: { format: "pdf", language: "ru" } },
  { id: 2, at: "2026-11-30T10:01:00Z", user_id: 2, username: "dr.petrov", action: "opened", study_id: 12, details: {} },
];

/** A service holding the events above; returns the queries the page sent. */
function auditService() {
  const queries: URLSearchParams[] = [];
  server.use(
    http.get("/api/auth/me", () => HttpResponse.json(admin)),
    ...signedIn,
    noStudies,
    http.get("/api/audit", ({ request }) => {
      const query = new URL(request.url).searchParams;
      queries.push(query);
      const action = query.get("action");
      const items = events.filter((e) => !action || e.action === action);
      return HttpResponse.json({ items, limit: 100, offset: 0, total: items.length });
    }),
  );
  return queries;
}

describe("audit log", () => {
  it("is offered to administrators only", async () => {
    server.use(...signedIn, noStudies);
    renderApp("/");
    await screen.findByRole("heading", { name: "Worklist" });
    expect(screen.queryByRole("link", { name: "Audit log" })).not.toBeInTheDocument();
  });

  it("shows who did what with which study, and filters by action and study", async () => {
    const queries = auditService();
    renderApp("/");
    await userEvent.click(await screen.findByRole("link", { name: "Audit log" }));
    const table = await screen.findByTestId("audit-events");
    const rows = within(table).getAllByRole("row").slice(1);
    expect(rows.map((r) => r.textContent)).toEqual([
      expect.stringContaining("dr.petrovExported#12PDF, ru"),
      expect.stringContaining("dr.petrovOpened#12"),
    ]);
    expect(within(rows[0]).getByRole("link", { name: "#12" })).toHaveAttribute("href", "/studies/12");

    await userEvent.selectOptions(screen.getByLabelText("Action"), "opened");
    await userEvent.type(screen.getByLabelText("Study"), "12");
    await screen.findByText("Opened", { selector: "td" });
    expect(within(screen.getByTestId("audit-events")).getAllByRole("row")).toHaveLength(2);
    const last = queries[queries.length - 1];
    expect([last.get("action"), last.get("study_id")]).toEqual(["opened", "12"]);
  });
});
