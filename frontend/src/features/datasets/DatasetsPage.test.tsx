import { screen, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { http, HttpResponse } from "msw";
import type { DatasetSnapshot } from "@/lib/api";
import { signedIn, user } from "@/test/handlers";
import { renderApp } from "@/test/render";
import { server } from "@/test/server";

const admin = { ...user, id: 1, username: "admin", is_admin: true };
const noStudies = http.get("/api/studies", () => HttpResponse.json({ items: [], limit: 50, offset: 0, total: 0 }));

function datasetsService(reviewed: number) {
  const snapshots: DatasetSnapshot[] = [];
  const names: string[] = [];
  server.use(
    http.get("/api/auth/me", () => HttpResponse.json(admin)),
    ...signedIn,
    noStudies,
    http.get("/api/datasets", () => HttpResponse.json([...snapshots].reverse())),
    http.post("/api/datasets", async ({ request }) => {
      const { name } = (await request.json()) as { name: string };
      names.push(name);
      if (reviewed === 0) {
        return HttpResponse.json(
          { detail: "No study of your team is marked reviewed yet.", code: "dataset.nothing_reviewed", params: {} },
          { status: 422 },
        );
      }
      const made = {
        id: snapshots.length + 1, version: snapshots.length + 1, name, created_at: "2026-11-30T11:00:00Z",
        films: reviewed, readers: 2, sha256: "ab".repeat(32),
      };
      snapshots.push(made);
      return HttpResponse.json(made, { status: 201 });
    }),
  );
  return names;
}

describe("datasets", () => {
  it("makes a snapshot of the reviewed studies and lists it with its checksum", async () => {
    const names = datasetsService(12);
    renderApp("/");
    await userEvent.click(await screen.findByRole("link", { name: "Datasets" }));
    expect(await screen.findByText("No snapshot yet.")).toBeInTheDocument();
    const form = screen.getByRole("form", { name: "New dataset snapshot" });
    await userEvent.type(within(form).getByLabelText("Name"), "fine-tuning, site A");
    await userEvent.click(within(form).getByRole("button", { name: "Make snapshot" }));
    expect(await within(form).findByRole("status")).toHaveTextContent("Version 1 made from 12 reviewed studies.");
    const table = await screen.findByTestId("datasets");
    expect(within(table).getAllByRole("row")[1]).toHaveTextContent("v1fine-tuning, site A");
    expect(within(table).getByText("abababababab…")).toHaveAttribute("title", "ab".repeat(32));
    expect(names).toEqual(["fine-tuning, site A"]);
  });

  it("says why nothing was made when no study is reviewed", async () => {
    datasetsService(0);
    renderApp("/datasets");
    const form = await screen.findByRole("form", { name: "New dataset snapshot" });
    await userEvent.type(within(form).getByLabelText("Name"), "too early");
    await userEvent.click(within(form).getByRole("button", { name: "Make snapshot" }));
    expect(await within(form).findByRole("alert")).toHaveTextContent("No study of your team is marked reviewed yet");
  });
});
