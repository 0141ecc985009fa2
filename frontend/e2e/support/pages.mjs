// Page objects: what a clinician sees and does on each screen, in the UI's own words.
import { expect } from "./expect.mjs";

export class LoginScreen {
  constructor(page) {
    this.page = page;
  }

  async signIn({ username, password }) {
    await this.page.getByLabel("Username").fill(username);
    await this.page.getByLabel("Password").fill(password);
    await this.page.getByRole("button", { name: "Sign in" }).click();
  }
}

export class DisclaimerScreen {
  constructor(page) {
    this.page = page;
  }

  async accept() {
    await this.page.getByLabel("I have read and understood this notice").check();
    await this.page.getByRole("button", { name: "Accept and continue" }).click();
  }
}

export class UploadScreen {
  constructor(page) {
    this.page = page;
  }

  async upload(file, patientCode) {
    await this.page.getByRole("link", { name: "Upload", exact: true }).first().click();
    await this.page.getByLabel("Patient code (optional)").fill(patientCode);
    await this.page.getByTestId("file-input").setInputFiles(file);
    await this.page.getByRole("button", { name: "Upload 1 file(s)" }).click();
    await this.page.getByText("Uploaded — analysis queued").waitFor({ timeout: 60_000 });
    await this.page.getByRole("link", { name: "Open study" }).click();
  }

  /** Several files in one batch: `defaults` for all, then each file's own `fields` over them. */
  async uploadEach(defaults, files) {
    await this.page.getByRole("link", { name: "Upload", exact: true }).first().click();
    await this.page.getByLabel("Patient code (optional)").fill(defaults.patientCode);
    await this.page.getByLabel("Visit date", { exact: true }).fill(defaults.visitDate);
    await this.page.getByTestId("file-input").setInputFiles(files.map((f) => f.path));
    for (const { name, fields } of files) {
      if (fields.patientCode) await this.page.getByLabel(`Patient code — ${name}`).fill(fields.patientCode);
      if (fields.side) await this.page.getByLabel(`Hand — ${name}`).selectOption(fields.side);
      if (fields.visitDate) await this.page.getByLabel(`Visit date — ${name}`).fill(fields.visitDate);
    }
    await this.page.getByRole("button", { name: `Upload ${files.length} file(s)` }).click();
    await this.page.getByText("Uploaded — analysis queued").nth(files.length - 1).waitFor({ timeout: 60_000 });
  }
}

const KIND_LABEL = { erosion: "Erosion", jsn: "JSN" };
const SIDE_LABEL = { right: "Right", left: "Left" };

export class StudyScreen {
  constructor(page) {
    this.page = page;
  }

  get id() {
    return new URL(this.page.url()).pathname.split("/").pop();
  }

  async waitUntilScored(timeout = 300_000) {
    await this.page.getByTestId("score-table").waitFor({ timeout });
  }

  markers() {
    return this.page.getByTestId("joint-marker");
  }

  marker(side, code) {
    return this.page.locator(`[data-testid="joint-marker"][data-side="${side}"][data-joint="${code}"]`);
  }

  cell(side, code, kind) {
    return this.page.getByTestId(`cell-${side}-${code}-${kind}`);
  }

  gradeLabel(side, rowLabel, kind) {
    return `${KIND_LABEL[kind]}, ${rowLabel}, ${SIDE_LABEL[side]}`;
  }

  /** A grade cell of the table: a button showing the grade, opening the list of grades. */
  grade(side, rowLabel, kind) {
    return this.page.getByRole("combobox", { name: this.gradeLabel(side, rowLabel, kind), exact: true });
  }

  /** The mouse path: click the cell, then the grade in its list. */
  async chooseGrade(side, rowLabel, kind, value) {
    await this.grade(side, rowLabel, kind).click();
    const list = this.page.getByRole("listbox", { name: this.gradeLabel(side, rowLabel, kind), exact: true });
    await list.getByRole("option", { name: String(value), exact: true }).click();
  }

  async focusedLabel() {
    return this.page.locator(":focus").getAttribute("aria-label");
  }

  async total(kind) {
    return Number(await this.page.getByTestId(`total-${kind}`).textContent());
  }

  async studyJson() {
    const response = await this.page.request.get(`/api/studies/${this.id}`);
    expect(response.ok(), `GET /api/studies/${this.id} answered ${response.status()}`);
    return response.json();
  }

  async joint(side, code) {
    const study = await this.studyJson();
    return study.joints.find((j) => j.side === side && j.joint === code);
  }

  /** Drags a marker by (dx, dy) screen pixels the way a mouse does. */
  async dragMarker(side, code, dx, dy) {
    const box = await this.marker(side, code).locator("circle").first().boundingBox();
    const x = box.x + box.width / 2;
    const y = box.y + box.height / 2;
    await this.page.mouse.move(x, y);
    await this.page.mouse.down();
    await this.page.mouse.move(x + dx / 2, y + dy / 2, { steps: 4 });
    await this.page.mouse.move(x + dx, y + dy, { steps: 4 });
    await this.page.mouse.up();
  }

  async resetAll() {
    await this.page.getByRole("button", { name: "Reset to model values" }).click();
    await this.page.getByRole("alertdialog").getByRole("button", { name: "Reset" }).click();
  }

  async download(format, saveTo) {
    const [file] = await Promise.all([
      this.page.waitForEvent("download", { timeout: 120_000 }),
      this.page.getByRole("button", { name: format.toUpperCase(), exact: true }).click(),
    ]);
    await file.saveAs(saveTo);
    return file.suggestedFilename();
  }
}

export class ReadingScreen {
  constructor(page) {
    this.page = page;
  }

  async position() {
    return this.page.getByTestId("reading-position").textContent();
  }

  /** The grade cells of the film's table, column by column (Right Erosion, Right JSN, Left …), top to bottom. */
  async columns() {
    await this.page.getByTestId("score-table").waitFor();
    const cells = this.page.getByTestId("score-table").getByRole("combobox");
    const labels = await cells.evaluateAll((buttons) => buttons.map((b) => b.getAttribute("aria-label")));
    const columns = new Map();
    for (const label of labels) {
      const [kind, , side] = label.split(", ");
      const key = `${kind}, ${side}`;
      columns.set(key, [...(columns.get(key) ?? []), label]);
    }
    return [...columns.values()];
  }

  /**
   * Grades every joint from the keyboard: in each column, focus its top cell and type one digit
   * per joint (a typed grade is saved and the focus moves down). `gradeOf(row)` gives the digit.
   */
  async gradeAll(gradeOf) {
    for (const column of await this.columns()) {
      await this.page.getByRole("combobox", { name: column[0], exact: true }).focus();
      for (let row = 0; row < column.length; row++) await this.page.keyboard.press(String(gradeOf(row)));
    }
  }

  /** "Done": the click waits while typed grades are being saved (the button is disabled meanwhile). */
  async finish() {
    await this.page.getByRole("button", { name: "Done", exact: true }).click();
  }
}
