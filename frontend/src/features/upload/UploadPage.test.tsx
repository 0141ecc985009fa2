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

  it("uploads a ZIP archive and shows what became of each of its files, by DICOM study", async () => {
    const sent: { name: string; patient_code: string | null }[] = [];
    uploadService();
    server.use(
      http.post("/api/studies/archive", async ({ request }) => {
        const form = await request.formData();
        sent.push({ name: (form.get("file") as File).name, patient_code: form.get("patient_code") as string | null });
        return HttpResponse.json(archiveAnswer);
      }),
    );
    renderApp("/upload");
    await userEvent.type(await screen.findByLabelText("Patient code (optional)"), "RA-0009");
    const zip = new File([new Uint8Array(300)], "visit.zip", { type: "application/zip" });
    await userEvent.upload(screen.getByTestId("file-input"), [zip]);
    await userEvent.click(screen.getByRole("button", { name: "Upload 1 file(s)" }));

    const outcome = await screen.findByTestId("archive-outcome");
    expect(sent).toEqual([{ name: "visit.zip", patient_code: "RA-0009" }]);
    expect(outcome).toHaveTextContent("Archive unpacked: 2 studies created, 1 files skipped, 1 refused.");
    const [first, second] = within(outcome).getAllByRole("region");
    expect(within(first).getByRole("heading")).toHaveTextContent("DICOM study 1 · Patient RA-0009 · 2023-01-04");
    expect(within(second).getByRole("heading")).toHaveTextContent("DICOM study 2");
    const member = (name: string) => within(outcome).getAllByTestId("archive-member").find((li) => li.textContent?.startsWith(name))!;
    expect(within(member("A/IM0001")).getByRole("link", { name: "Open study" })).toHaveAttribute("href", "/studies/201");
    expect(member("A/IM0002")).toHaveTextContent("refused");
    expect(member("A/IM0002")).toHaveTextContent("A/IM0002 is damaged or truncated");
    expect(member("A/SR0001")).toHaveTextContent("A/SR0001 is not an image (Basic Text SR Storage); skipped.");
    expect(member("A/IM0001")).toHaveTextContent("series 1");
    expect(member("A/SR0001")).toHaveTextContent("series 2");
    expect(within(member("A/SR0001")).queryByRole("link")).not.toBeInTheDocument();
    // the archive itself has no study of its own to open
    expect(within(itemFor("visit.zip")).getAllByRole("link")).toHaveLength(2);
  });

  it("says what became of an archive's files in Russian", async () => {
    Object.defineProperty(window.navigator, "languages", { value: ["ru-RU"], configurable: true });
    try {
      uploadService();
      server.use(http.post("/api/studies/archive", () => HttpResponse.json(archiveAnswer)));
      renderApp("/upload");
      const zip = new File([new Uint8Array(300)], "visit.zip", { type: "application/zip" });
      await userEvent.upload(await screen.findByTestId("file-input"), [zip]);
      await userEvent.click(screen.getByRole("button", { name: "Загрузить файлов: 1" }));
      const outcome = await screen.findByTestId("archive-outcome");
      expect(outcome).toHaveTextContent("Архив распакован: создано исследований — 2, пропущено файлов — 1, отклонено — 1.");
      expect(outcome).toHaveTextContent("Исследование DICOM 1");
      expect(outcome).toHaveTextContent("A/SR0001 не является изображением (Basic Text SR Storage); пропущен.");
    } finally {
      delete (window.navigator as { languages?: unknown }).languages;
    }
  });

  it("takes a whole folder, listing the files that are no radiographs as skipped", async () => {
    const received = uploadService();
    renderApp("/upload");
    const inFolder = (path: string, size = 200) => {
      const file = new File([new Uint8Array(size)], path.split("/").pop()!);
      Object.defineProperty(file, "webkitRelativePath", { value: path });
      return file;
    };
    const folder = [
      inFolder("visit/IM0001"),
      inFolder("visit/notes.txt"),
      inFolder("visit/.DS_Store"),
      inFolder("visit/DICOMDIR"),
      inFolder("visit/hands.png"),
    ];
    const picker = await screen.findByTestId("folder-input");
    expect(picker).toHaveAttribute("webkitdirectory");
    await userEvent.upload(picker, folder);

    expect(itemFor("visit/notes.txt")).toHaveTextContent(
      "Skipped: visit/notes.txt is not a DICOM, PNG or JPEG file.",
    );
    expect(itemFor("visit/.DS_Store")).toHaveTextContent("Skipped: visit/.DS_Store is a hidden or system file");
    expect(itemFor("visit/DICOMDIR")).toHaveTextContent("Skipped: visit/DICOMDIR is a DICOM folder's index");
    expect(screen.queryAllByRole("alert").filter((a) => a.textContent)).toEqual([]); // skipped is no error
    await userEvent.click(screen.getByRole("button", { name: "Upload 2 file(s)" }));
    await waitFor(() => expect(received.map((r) => r.name)).toEqual(["IM0001", "hands.png"]));
    await waitFor(() =>
      expect(within(itemFor("visit/IM0001")).getByText("Uploaded — analysis queued")).toBeInTheDocument(),
    );
  });
});

const archiveAnswer = {
  created: 2,
  skipped: 1,
  refused: 1,
  members: [
    { name: "A/IM0001", outcome: "created", study_id: 201, status: "queued", patient_code: "RA-0009",
      visit_date: "2023-01-04", dicom_study: 1, dicom_series: 1, message: null },
    { name: "A/IM0002", outcome: "refused", dicom_study: 1, dicom_series: 1,
      message: { code: "upload.file_damaged", params: { name: "A/IM0002" },
        detail: "The file was not accepted: A/IM0002: the DICOM file is damaged or truncated." } },
    { name: "A/SR0001", outcome: "skipped", dicom_study: 1, dicom_series: 2,
      message: { code: "archive.skipped_no_image", params: { name: "A/SR0001", kind: "Basic Text SR Storage" },
        detail: "A/SR0001 is not an image (Basic Text SR Storage); skipped." } },
    { name: "B/IM0001.dcm", outcome: "created", study_id: 202, status: "queued", patient_code: "RA-0009",
      visit_date: "2024-02-11", dicom_study: 2, dicom_series: 1, message: null },
  ],
};
