import { screen, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { http, HttpResponse } from "msw";
import type { Study } from "@/lib/api";
import { makeStudy } from "@/test/fixtures";
import { noOtherVisits, signedIn } from "@/test/handlers";
import { renderApp } from "@/test/render";
import { server } from "@/test/server";

/** A study that the service re-analyses: queued at once, done on the next read with one
 * model grade changed. */
function serviceReanalysing() {
  let current: Study = makeStudy();
  const asked: string[] = [];
  server.use(
    ...signedIn,
    noOtherVisits,
    http.get("/api/studies/7", () => {
      const shown = current;
      if (current.status === "queued") {
        current = {
          ...current,
          status: "done",
          model_changes: [{ side: "left", joint: "MCP2", kind: "erosion", old: 1, new: 3 }],
        };
      }
      return HttpResponse.json(shown);
    }),
    http.get("/api/studies/7/history", () => HttpResponse.json([])),
    http.get("/api/studies/7/image", () => new HttpResponse(null, { status: 404 })),
    http.post("/api/studies/7/reanalyse", () => {
      asked.push("reanalyse");
      current = { ...current, status: "queued" };
      return HttpResponse.json(current);
    }),
  );
  return asked;
}

describe("re-analysis", () => {
  it("re-analyses after confirmation and lists the model grades that changed", async () => {
    const asked = serviceReanalysing();
    renderApp("/studies/7");
    await userEvent.click(await screen.findByRole("button", { name: "Re-analyse" }));
    const dialog = screen.getByRole("alertdialog", { name: "Re-analyse with the current model?" });
    expect(dialog).toHaveTextContent("Grades a reader changed stay");
    await userEvent.click(within(dialog).getByRole("button", { name: "Cancel" }));
    expect(asked).toEqual([]);
    expect(screen.queryByTestId("model-changes")).toBeNull();

    await userEvent.click(screen.getByRole("button", { name: "Re-analyse" }));
    await userEvent.click(within(screen.getByRole("alertdialog")).getByRole("button", { name: "Re-analyse" }));
    expect(asked).toEqual(["reanalyse"]);
    const changes = await screen.findByTestId("model-changes", {}, { timeout: 5000 });
    expect(within(changes).getAllByRole("row")[1]).toHaveTextContent("MCP 2 (left)Erosion13");
  });
});
