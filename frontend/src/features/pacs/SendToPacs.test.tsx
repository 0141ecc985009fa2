import { screen, waitFor } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { http, HttpResponse } from "msw";
import { renderWithProviders } from "@/test/render";
import { server } from "@/test/server";
import { SendToPacs } from "./SendToPacs";

const endpoint = {
  id: 3,
  name: "Radiology",
  base_url: "https://pacs.example.org/dicom-web",
  qido_prefix: null,
  wado_prefix: null,
  stow_prefix: null,
  auth: "none",
  username: null,
  has_secret: false,
  created_at: "2026-11-30T09:00:00Z",
};

describe("sending a study's results to the PACS", () => {
  it("sends the documents chosen and says where they went", async () => {
    const sent: unknown[] = [];
    server.use(
      http.get("/api/pacs/endpoints", () => HttpResponse.json([endpoint])),
      http.post("/api/pacs/endpoints/3/sends", async ({ request }) => {
        sent.push(await request.json());
        return HttpResponse.json(
          { id: 1, study_id: 7, endpoint_id: 3, documents: ["sr"], reidentified: true, sent_at: "2026-11-30T10:00:00Z" },
          { status: 201 },
        );
      }),
    );
    renderWithProviders(<SendToPacs studyId={7} />);
    await userEvent.click(await screen.findByRole("checkbox", { name: "Marked film (secondary capture)" }));
    await userEvent.click(screen.getByRole("button", { name: "Send" }));
    expect(await screen.findByText("Sent: the results are in the patient's study in the PACS.")).toBeInTheDocument();
    expect(sent).toEqual([{ study_id: 7, documents: ["sr"] }]);
  });

  it("says why the PACS did not take them", async () => {
    server.use(
      http.get("/api/pacs/endpoints", () => HttpResponse.json([endpoint])),
      http.post("/api/pacs/endpoints/3/sends", () =>
        HttpResponse.json(
          { detail: "x", code: "pacs.send_needs_dicom", params: { study_id: 7 } },
          { status: 422 },
        ),
      ),
    );
    renderWithProviders(<SendToPacs studyId={7} />);
    await userEvent.click(await screen.findByRole("button", { name: "Send" }));
    expect(await screen.findByRole("alert")).toHaveTextContent(
      "Study 7 was not a DICOM file, so there is no film in a PACS to attach results to.",
    );
  });

  it("is not offered when no PACS is set up", async () => {
    let asked = false;
    server.use(
      http.get("/api/pacs/endpoints", () => {
        asked = true;
        return HttpResponse.json([]);
      }),
    );
    const { container } = renderWithProviders(<SendToPacs studyId={7} />);
    await waitFor(() => expect(asked).toBe(true));
    await new Promise((resolve) => setTimeout(resolve, 50)); // the answer rendered
    expect(container).toBeEmptyDOMElement();
  });
});
