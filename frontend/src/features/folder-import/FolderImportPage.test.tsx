import { screen, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { http, HttpResponse } from "msw";
import type { FolderImportDetail } from "@/lib/api";
import { signedIn, user } from "@/test/handlers";
import { renderApp } from "@/test/render";
import { server } from "@/test/server";

const admin = { ...user, id: 1, username: "admin", is_admin: true };
const noStudies = http.get("/api/studies", () => HttpResponse.json({ items: [], limit: 50, offset: 0, total: 0 }));

function job(overrides: Partial<FolderImportDetail>): FolderImportDetail {
  return {
    id: 7, folder: "trial/site1", status: "queued", files_found: null, files_done: 0, created: 0, skipped: 0,
    failed: 0, films_per_second: null, error: null, created_at: "2026-11-30T11:00:00Z", started_at: null,
    finished_at: null, failures: [], skipped_files: [], ...overrides,
  };
}

/** A service whose import goes through the given states, one per reading; returns the folders asked for. */
function importService(states: FolderImportDetail[]) {
  const asked: string[] = [];
  let reads = 0;
  const current = () => states[Math.min(reads, states.length - 1)];
  server.use(
    http.get("/api/auth/me", () => HttpResponse.json(admin)),
    ...signedIn,
    noStudies,
    http.get("/api/folder-imports", () => HttpResponse.json(asked.length ? [current()] : [])),
    http.post("/api/folder-imports", async ({ request }) => {
      const { folder } = (await request.json()) as { folder: string };
      asked.push(folder);
      if (folder.includes("..")) {
        return HttpResponse.json(
          {
            detail: "not below", code: "folder_import.outside_root",
            params: { folder, root: "/import" },
          },
          { status: 422 },
        );
      }
      return HttpResponse.json(states[0], { status: 202 });
    }),
    http.get("/api/folder-imports/:id", () => {
      const state = current();
      reads += 1;
      return HttpResponse.json(state);
    }),
  );
  return asked;
}

describe("folder import", () => {
  it("starts an import, follows its progress and lists the files that failed", async () => {
    const asked = importService([
      job({ status: "running", files_found: 8, files_done: 2, created: 2, films_per_second: 2, started_at: "2026-11-30T11:00:01Z" }),
      job({
        status: "done", files_found: 8, files_done: 8, created: 4, skipped: 3, failed: 1, films_per_second: 4,
        finished_at: "2026-11-30T11:00:03Z",
        failures: [{ path: "patient3/broken.png", study_id: null, message: { detail: "x", code: "upload.file_damaged", params: { name: "broken.png", problem: "truncated", accepted: "DICOM, PNG, JPEG" } } }],
        skipped_files: [{ path: "notes.txt", study_id: null, message: { detail: "x", code: "archive.skipped_not_image", params: { name: "notes.txt" } } }],
      }),
    ]);
    renderApp("/");
    await userEvent.click(await screen.findByRole("link", { name: "Folder import" }));
    expect(await screen.findByText("No folder imported yet.")).toBeInTheDocument();
    const form = screen.getByRole("form", { name: "New folder import" });
    await userEvent.type(within(form).getByLabelText("Folder"), " trial/site1 ");
    await userEvent.click(within(form).getByRole("button", { name: "Import" }));
    expect(asked).toEqual(["trial/site1"]);

    const detail = await screen.findByRole("region", { name: "Import of trial/site1" });
    expect(await within(detail).findByRole("status")).toHaveTextContent("2 of 8 files (25%) about 3 s left");
    expect(await within(detail).findByText(/Finished: 4 studies made, 3 files skipped, 1 failed\./, {}, { timeout: 3000 })).toBeInTheDocument();
    const failures = within(detail).getByRole("list", { name: "Files that failed" });
    expect(failures).toHaveTextContent("patient3/broken.png: The file was not accepted: broken.png is damaged or truncated.");
    expect(within(detail).getByText("Skipped files (3)")).toBeInTheDocument();
    expect(within(detail).getByRole("link", { name: "Open the worklist" })).toHaveAttribute("href", "/");
    const runs = await screen.findByTestId("folder-imports");
    expect(within(runs).getAllByRole("row")[1]).toHaveTextContent(/trial\/site1.*Done.*8 of 8 files \(100%\)4314 films\/s/);
  });

  it("says which folders are accepted when one outside the import folder is named", async () => {
    importService([job({})]);
    renderApp("/folder-imports");
    const form = await screen.findByRole("form", { name: "New folder import" });
    await userEvent.type(within(form).getByLabelText("Folder"), "../etc");
    await userEvent.click(within(form).getByRole("button", { name: "Import" }));
    expect(await within(form).findByRole("alert")).toHaveTextContent(
      "../etc is not below the import folder /import. Give a folder below it",
    );
  });

  it("speaks Russian", async () => {
    importService([job({})]);
    localStorage.setItem("rasharp.language", "ru");
    renderApp("/folder-imports");
    expect(await screen.findByRole("heading", { name: "Импорт папки" })).toBeInTheDocument();
    expect(await screen.findByText("Папки ещё не импортировались.")).toBeInTheDocument();
  });
});
