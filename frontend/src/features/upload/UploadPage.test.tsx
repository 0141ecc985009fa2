import { fireEvent, screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { http, HttpResponse } from "msw";
import { signedIn } from "@/test/handlers";
import { renderApp } from "@/test/render";
import { server } from "@/test/server";

const png = (name: string) => new File([new Uint8Array(64)], name, { type: "image/png" });

interface Received {
  name: string;
  patient_code: string | null;
  side: string | null;
  birth_year: string | null;
  sex: string | null;
  visit_date?: string | null;
}

/** The service accepts uploads and refuses those named in `refusals` with its own sentence. */
function uploadService(refusals: Record<string, [number, string]> = {}) {
  const received: Received[] = [];
  let nextId = 100;
  server.use(
    ...signedIn,
    http.get("/api/studies", () => HttpResponse.json({ items: [], limit: 500, offset: 0 })),
    http.post("/api/studies", async ({ request }) => {
      const form = await request.formData();
      const file = form.get("file") as File;
      received.push({
        name: file.name,
        patient_code: form.get("patient_code") as string | null,
        side: form.get("side") as string | null,
        birth_year: form.get("birth_year") as string | null,
        sex: form.get("sex") as string | null,
        ...(form.has("visit_date") ? { visit_date: form.get("visit_date") as string } : {}),
      });
      const refusal = refusals[file.name];
      if (refusal) return HttpResponse.json({ detail: refusal[1] }, { status: refusal[0] });
      return HttpResponse.json({ study_id: nextId++, status: "queued" }, { status: 202 });
    }),
  );
  return received;
}

const itemFor = (name: string) =>
  screen.getAllByTestId("upload-item").find((item) => within(item).queryByText(name))!;

describe("upload", () => {
  it("uploads several files with the patient code and side, each with its own outcome", async () => {
    const received = uploadService({
      "truncated.dcm": [422, "truncated.dcm is not a readable DICOM file: the pixel data is cut short."],
    });
    renderApp("/upload");
    await userEvent.type(await screen.findByLabelText("Patient code (optional)"), "RA-0007");
    await userEvent.selectOptions(screen.getByLabelText("Hand"), "left");
    await userEvent.type(screen.getByLabelText("Birth year"), "1961");
    await userEvent.selectOptions(screen.getByLabelText("Sex"), "F");
    await userEvent.upload(screen.getByTestId("file-input"), [png("hands.png"), png("truncated.dcm")]);
    await userEvent.click(screen.getByRole("button", { name: "Upload 2 file(s)" }));

    await waitFor(() => expect(within(itemFor("hands.png")).getByText("Uploaded — analysis queued")).toBeInTheDocument());
    expect(within(itemFor("hands.png")).getByRole("link", { name: "Open study" })).toHaveAttribute("href", "/studies/100");
    expect(within(itemFor("truncated.dcm")).getByRole("alert")).toHaveTextContent(
      "truncated.dcm is not a readable DICOM file: the pixel data is cut short.",
    );
    expect(received).toEqual([
      { name: "hands.png", patient_code: "RA-0007", side: "left", birth_year: "1961", sex: "F" },
      { name: "truncated.dcm", patient_code: "RA-0007", side: "left", birth_year: "1961", sex: "F" },
    ]);
    // what was typed stays for the next batch
    expect(screen.getByLabelText("Patient code (optional)")).toHaveValue("RA-0007");
  });

  it("sends no patient details that were not given", async () => {
    const received = uploadService();
    renderApp("/upload");
    await userEvent.upload(await screen.findByTestId("file-input"), [png("plain.png")]);
    await userEvent.click(screen.getByRole("button", { name: "Upload 1 file(s)" }));
    await waitFor(() =>
      expect(received).toEqual([{ name: "plain.png", patient_code: null, side: "auto", birth_year: null, sex: null }]),
    );
  });

  it("refuses files that are not radiographs before sending them, saying why", async () => {
    const received = uploadService();
    renderApp("/upload");
    const input = await screen.findByTestId("file-input");
    const notes = new File(["hello"], "notes.txt", { type: "text/plain" });
    const empty = new File([], "empty.png", { type: "image/png" });
    await userEvent.upload(input, [notes, empty, png("ok.jpg")], { applyAccept: false });

    expect(within(itemFor("notes.txt")).getByRole("alert")).toHaveTextContent(
      "notes.txt is not a DICOM, PNG or JPEG file. Accepted: .dcm, .png, .jpg, .jpeg.",
    );
    expect(within(itemFor("empty.png")).getByRole("alert")).toHaveTextContent("empty.png is empty (0 bytes).");
    await userEvent.click(screen.getByRole("button", { name: "Upload 1 file(s)" }));
    await waitFor(() => expect(received.map((r) => r.name)).toEqual(["ok.jpg"]));
  });

  it("accepts DICOM files that have no extension", async () => {
    const received = uploadService();
    renderApp("/upload");
    await userEvent.upload(await screen.findByTestId("file-input"), [new File([new Uint8Array(200)], "IM000123")], {
      applyAccept: false,
    });
    await userEvent.click(screen.getByRole("button", { name: "Upload 1 file(s)" }));
    await waitFor(() => expect(received.map((r) => r.name)).toEqual(["IM000123"]));
  });

  it("takes dropped files", async () => {
    uploadService();
    renderApp("/upload");
    const zone = await screen.findByTestId("dropzone");
    const dropped = [png("left.png"), png("right.png")];
    fireEvent.dragOver(zone, { dataTransfer: { files: dropped } });
    expect(zone).toHaveClass("dragging");
    fireEvent.drop(zone, { dataTransfer: { files: dropped } });
    expect(await screen.findAllByTestId("upload-item")).toHaveLength(2);
    expect(screen.getByRole("button", { name: "Upload 2 file(s)" })).toBeEnabled();
  });

  it("lets a file that failed on the network be retried, and shows an oversized file's reason", async () => {
    const received = uploadService({ "huge.png": [413, "The file is larger than the upload limit of 50 MB."] });
    let failures = 1;
    server.use(
      http.post("/api/studies", () => (failures-- > 0 ? HttpResponse.error() : undefined)),
    );
    renderApp("/upload");
    await userEvent.upload(await screen.findByTestId("file-input"), [png("hands.png"), png("huge.png")]);
    await userEvent.click(screen.getByRole("button", { name: "Upload 2 file(s)" }));

    const failed = itemFor("hands.png");
    expect(await within(failed).findByRole("alert")).toHaveTextContent("The server cannot be reached");
    expect(await within(itemFor("huge.png")).findByRole("alert")).toHaveTextContent(
      "The file is larger than the upload limit of 50 MB.",
    );
    expect(within(itemFor("huge.png")).queryByRole("button", { name: "Retry" })).not.toBeInTheDocument();

    await userEvent.click(within(failed).getByRole("button", { name: "Retry" }));
    await waitFor(() => expect(within(itemFor("hands.png")).getByText("Uploaded — analysis queued")).toBeInTheDocument());
    expect(received.map((r) => r.name)).toEqual(["huge.png", "hands.png"]);
  });

  it("sends each file with its own details where given, and the batch's defaults elsewhere", async () => {
    const received = uploadService();
    renderApp("/upload");
    await userEvent.type(await screen.findByLabelText("Patient code (optional)"), "RA-0001");
    await userEvent.type(screen.getByLabelText("Birth year"), "1961");
    fireEvent.change(screen.getByLabelText("Visit date"), { target: { value: "2025-04-01" } });
    await userEvent.upload(screen.getByTestId("file-input"), [png("a.png"), png("b.png"), png("c.png")]);

    // each file starts with the batch's values
    expect(screen.getByLabelText("Patient code — b.png")).toHaveValue("RA-0001");
    const code = screen.getByLabelText("Patient code — b.png");
    await userEvent.clear(code);
    await userEvent.type(code, "RA-0002");
    await userEvent.selectOptions(screen.getByLabelText("Hand — b.png"), "right");
    await userEvent.selectOptions(screen.getByLabelText("Sex — c.png"), "M");
    fireEvent.change(screen.getByLabelText("Visit date — c.png"), { target: { value: "2019-03-05" } });
    // a batch value changed later still reaches the files that did not set it themselves
    await userEvent.clear(screen.getByLabelText("Birth year"));
    await userEvent.type(screen.getByLabelText("Birth year"), "1958");
    expect(screen.getByLabelText("Birth year — a.png")).toHaveValue("1958");

    await userEvent.click(screen.getByRole("button", { name: "Upload 3 file(s)" }));
    await waitFor(() => expect(received).toHaveLength(3));
    expect(received).toEqual([
      { name: "a.png", patient_code: "RA-0001", side: "auto", birth_year: "1958", sex: null, visit_date: "2025-04-01" },
      { name: "b.png", patient_code: "RA-0002", side: "right", birth_year: "1958", sex: null, visit_date: "2025-04-01" },
      { name: "c.png", patient_code: "RA-0001", side: "auto", birth_year: "1958", sex: "M", visit_date: "2019-03-05" },
    ]);
    // once sent, a file's details are no longer offered for change
    await waitFor(() => expect(screen.queryByLabelText("Patient code — a.png")).not.toBeInTheDocument());
  });
});
