import { screen, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { http, HttpResponse } from "msw";
import type { PacsEndpoint, PacsImport, PacsStudy } from "@/lib/api";
import { signedIn, user } from "@/test/handlers";
import { renderApp } from "@/test/render";
import { server } from "@/test/server";

const admin = { ...user, is_admin: true };
const orthanc: PacsEndpoint = {
  id: 3,
  name: "Radiology",
  base_url: "https://pacs.example.org/dicom-web",
  qido_prefix: null,
  wado_prefix: null,
  stow_prefix: null,
  auth: "basic",
  username: "rasharp",
  has_secret: true,
  created_at: "2026-11-30T09:00:00Z",
};
const found: PacsStudy = {
  study_uid: "1.2.3.4",
  patient_id: "MRN-17",
  patient_name: "Kowalska^Anna",
  study_date: "2025-03-14",
  description: "Hands PA",
  modalities: ["DX"],
  instances: 2,
};

function job(rest: Partial<PacsImport>): PacsImport {
  return {
    id: 9,
    endpoint_id: 3,
    status: "running",
    instances_total: 2,
    instances_done: 0,
    imported_study_ids: [],
    failures: [],
    error: null,
    created_at: "2026-11-30T10:00:00Z",
    finished_at: null,
    ...rest,
  };
}

describe("the PACS page", () => {
  it("searches the PACS, retrieves the chosen study and shows the films done and the one that failed", async () => {
    const searches: unknown[] = [];
    const imports: unknown[] = [];
    let polls = 0;
    server.use(
      ...signedIn,
      http.get("/api/pacs/endpoints", () => HttpResponse.json([orthanc])),
      http.post("/api/pacs/endpoints/3/search", async ({ request }) => {
        searches.push(await request.json());
        return HttpResponse.json([found]);
      }),
      http.post("/api/pacs/endpoints/3/imports", async ({ request }) => {
        imports.push(await request.json());
        return HttpResponse.json(job({ status: "queued" }), { status: 202 });
      }),
      http.get("/api/pacs/imports/9", () => {
        polls += 1;
        if (polls === 1) return HttpResponse.json(job({ instances_done: 1, imported_study_ids: [41] }));
        return HttpResponse.json(
          job({
            status: "done",
            instances_done: 2,
            imported_study_ids: [41],
            failures: [
              {
                detail: "x",
                code: "upload.file_too_small",
                params: { problem: "image is 12x12", accepted: "DICOM", name: "Radiology.dcm", minimum: 256, width: 12, height: 12 },
              },
            ],
          }),
        );
      }),
    );
    renderApp("/pacs");
    await userEvent.type(await screen.findByLabelText("Patient ID"), "MRN-17");
    await userEvent.click(screen.getByRole("button", { name: "Search" }));
    const results = await screen.findByTestId("pacs-results");
    expect(searches).toEqual([
      { patient_id: "MRN-17", patient_name: null, date_from: null, date_to: null, modality: null, body_part: "HAND" },
    ]);
    expect(within(results).getByText("Kowalska Anna")).toBeInTheDocument();
    expect(screen.getByRole("button", { name: "Retrieve 0 studies" })).toBeDisabled();

    await userEvent.click(screen.getByRole("checkbox", { name: "Retrieve the study of 2025-03-14 of patient MRN-17" }));
    await userEvent.click(screen.getByRole("button", { name: "Retrieve 1 studies" }));
    expect(imports).toEqual([{ study_uids: ["1.2.3.4"] }]);
    expect(await screen.findByText("Done: 1 of 2 films retrieved and sent for analysis.", {}, { timeout: 4000 })).toBeInTheDocument();
    expect(screen.getByRole("link", { name: "Open study 41" })).toHaveAttribute("href", "/studies/41");
    expect(screen.getByText(/Radiology.dcm has 12 × 12 pixels, too small for a radiograph/)).toBeInTheDocument();
    // readers search and retrieve; only administrators see the connections
    expect(screen.queryByRole("heading", { name: "PACS connections" })).not.toBeInTheDocument();
  });

  it("lets an administrator test a connection and says why it failed", async () => {
    server.use(
      http.get("/api/auth/me", () => HttpResponse.json(admin)),
      ...signedIn,
      http.get("/api/pacs/endpoints", () => HttpResponse.json([orthanc])),
      http.post("/api/pacs/endpoints/3/test", () =>
        HttpResponse.json({
          ok: false,
          problem: { detail: "x", code: "pacs.credentials_refused", params: { name: "Radiology", status: 401 } },
        }),
      ),
    );
    renderApp("/pacs");
    const connections = await screen.findByTestId("pacs-connections");
    expect(within(connections).getByText("Username and password")).toBeInTheDocument();
    await userEvent.click(within(connections).getByRole("button", { name: "Test connection" }));
    expect(await screen.findByText(/PACS Radiology refused the credentials \(HTTP 401\)/)).toBeInTheDocument();
  });
});
