import { screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { http, HttpResponse } from "msw";
import type { Account } from "@/lib/api";
import { signedIn, user } from "@/test/handlers";
import { renderApp } from "@/test/render";
import { server } from "@/test/server";

const noStudies = http.get("/api/studies", () => HttpResponse.json({ items: [], limit: 50, offset: 0, total: 0 }));
const admin = { ...user, id: 1, username: "admin", is_admin: true };

function account(id: number, username: string, rest: Partial<Account> = {}): Account {
  return { id, username, team: "rheuma", is_admin: false, is_active: true, created_at: "2026-11-01T09:00:00Z", ...rest };
}

/** A service holding these accounts; returns what each change asked for. */
function accountsService(accounts: Account[]) {
  const sent: { method: string; id?: number; body: Record<string, unknown> }[] = [];
  server.use(
    http.get("/api/auth/me", () => HttpResponse.json(admin)), // before signedIn's reader
    ...signedIn,
    noStudies,
    http.get("/api/users", () => HttpResponse.json(accounts)),
    http.post("/api/users", async ({ request }) => {
      const body = (await request.json()) as Record<string, unknown>;
      sent.push({ method: "POST", body });
      const created = account(accounts.length + 1, String(body.username), { team: String(body.team), is_admin: Boolean(body.is_admin) });
      accounts.push(created);
      return HttpResponse.json(created, { status: 201 });
    }),
    http.patch("/api/users/:id", async ({ params, request }) => {
      const body = (await request.json()) as Record<string, unknown>;
      const id = Number(params.id);
      sent.push({ method: "PATCH", id, body });
      if (typeof body.password === "string" && body.password.length < 12) {
        return HttpResponse.json({ detail: "The password is too short: use at least 12 characters." }, { status: 422 });
      }
      const index = accounts.findIndex((a) => a.id === id);
      accounts[index] = { ...accounts[index], ...(body as Partial<Account>) };
      return HttpResponse.json(accounts[index]);
    }),
  );
  return sent;
}

const row = (name: string) =>
  screen.getAllByTestId("account-row").find((r) => within(r).getByRole("rowheader").textContent?.startsWith(name))!;

describe("user administration", () => {
  it("is offered to administrators only", async () => {
    server.use(...signedIn, noStudies);
    renderApp("/");
    await screen.findByRole("heading", { name: "Worklist" });
    expect(screen.queryByRole("link", { name: "Users" })).not.toBeInTheDocument();
  });

  it("lists the accounts; an administrator cannot disable or demote themselves", async () => {
    accountsService([account(1, "admin", { is_admin: true }), account(2, "dr.petrov", { is_active: false })]);
    renderApp("/");
    await userEvent.click(await screen.findByRole("link", { name: "Users" }));
    await screen.findAllByTestId("account-row");
    const own = row("admin");
    expect(own).toHaveTextContent("(you)");
    expect(within(own).getByRole("button", { name: "Disable" })).toBeDisabled();
    expect(within(own).getByRole("combobox", { name: "Role of admin" })).toBeDisabled();
    expect(row("dr.petrov")).toHaveTextContent("Disabled");
    expect(within(row("dr.petrov")).getByRole("button", { name: "Enable" })).toBeEnabled();
  });

  it("creates a reader with a first password, team and role", async () => {
    const sent = accountsService([account(1, "admin", { is_admin: true })]);
    renderApp("/users");
    const form = await screen.findByRole("form", { name: "New account" });
    await userEvent.type(within(form).getByLabelText("Username"), "dr.sidorova");
    await userEvent.type(within(form).getByLabelText("First password"), "violet-harbour-1987");
    await userEvent.clear(within(form).getByLabelText("Team"));
    await userEvent.type(within(form).getByLabelText("Team"), "study-b");
    await userEvent.click(within(form).getByRole("button", { name: "Create account" }));
    expect(await within(form).findByRole("status")).toHaveTextContent("Account dr.sidorova created.");
    expect(sent).toEqual([
      { method: "POST", body: { username: "dr.sidorova", password: "violet-harbour-1987", team: "study-b", is_admin: false } },
    ]);
    await waitFor(() => expect(row("dr.sidorova")).toBeTruthy());
    expect(within(form).getByLabelText("Username")).toHaveValue("");
  });

  it("resets a password, and shows the service's reason when it refuses one", async () => {
    const sent = accountsService([account(1, "admin", { is_admin: true }), account(2, "dr.petrov")]);
    renderApp("/users");
    await screen.findAllByTestId("account-row");
    await userEvent.click(within(row("dr.petrov")).getByRole("button", { name: "Reset password" }));
    const field = within(row("dr.petrov")).getByLabelText("New password for dr.petrov");
    await userEvent.type(field, "short");
    await userEvent.click(within(row("dr.petrov")).getByRole("button", { name: "Set password" }));
    expect(await within(row("dr.petrov")).findByRole("alert")).toHaveTextContent("The password is too short");

    await userEvent.clear(field);
    await userEvent.type(field, "amber-lighthouse-2031");
    await userEvent.click(within(row("dr.petrov")).getByRole("button", { name: "Set password" }));
    expect(await within(row("dr.petrov")).findByRole("status")).toHaveTextContent("New password set for dr.petrov");
    expect(sent.map((s) => s.body)).toEqual([{ password: "short" }, { password: "amber-lighthouse-2031" }]);
  });

  it("asks before disabling an account, then changes only its state", async () => {
    const sent = accountsService([account(1, "admin", { is_admin: true }), account(2, "dr.petrov")]);
    renderApp("/users");
    await screen.findAllByTestId("account-row");
    await userEvent.click(within(row("dr.petrov")).getByRole("button", { name: "Disable" }));
    expect(sent).toEqual([]);
    expect(row("dr.petrov")).toHaveTextContent("Disable dr.petrov? They are signed out at once");
    await userEvent.click(within(row("dr.petrov")).getByRole("button", { name: "Disable" }));
    await waitFor(() => expect(row("dr.petrov")).toHaveTextContent("Disabled"));
    expect(sent).toEqual([{ method: "PATCH", id: 2, body: { is_active: false } }]);
  });

  it("moves a reader to another team and makes them an administrator", async () => {
    const sent = accountsService([account(1, "admin", { is_admin: true }), account(2, "dr.petrov")]);
    renderApp("/users");
    await screen.findAllByTestId("account-row");
    const team = within(row("dr.petrov")).getByLabelText("Team of dr.petrov");
    await userEvent.clear(team);
    await userEvent.type(team, "study-b");
    await userEvent.click(within(row("dr.petrov")).getByRole("button", { name: "Save" }));
    expect(await within(row("dr.petrov")).findByRole("status")).toHaveTextContent("dr.petrov now belongs to team study-b.");
    await userEvent.selectOptions(within(row("dr.petrov")).getByLabelText("Role of dr.petrov"), "admin");
    await waitFor(() => expect(within(row("dr.petrov")).getByRole("status")).toHaveTextContent("dr.petrov is now an administrator."));
    expect(sent.map((s) => s.body)).toEqual([{ team: "study-b" }, { is_admin: true }]);
  });
});
