import { screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { http, HttpResponse } from "msw";
import type { JointChange, Patient, PatientChange, PatientList, Totals, Visit } from "@/lib/api";
import { JOINTS, SIDES } from "@/lib/scheme";
import { signedIn } from "@/test/handlers";
import { renderApp } from "@/test/render";
import { server } from "@/test/server";

const totals = (erosion: number, jsn: number): Totals => ({
  erosion,
  jsn,
  total: erosion + jsn,
  svdh_erosion: erosion - 2,
  svdh_jsn: jsn,
  svdh_total: erosion - 2 + jsn,
});

const visit = (date: string, studies: [number, number], sums: Totals, edited = false): Visit => ({
  date,
  date_source: "visit_date",
  hands: [
    { side: "right", study_id: studies[0], date_source: "visit_date", edited },
    { side: "left", study_id: studies[1], date_source: "visit_date", edited },
  ],
  totals: sums,
  edited,
});

const visits = [
  visit("2023-03-01", [11, 11], totals(20, 10)),
  visit("2024-03-01", [12, 13], totals(24, 12)),
  visit("2025-03-01", [14, 14], totals(25, 12), true),
];

const patient: Patient = {
  id: 5,
  code: "RA-0100",
  birth_year: 1958,
  sex: "F",
  visits,
  sdc: 3,
  sdc_source: "default",
};

/** Every joint unchanged except the ones given, as (side, joint) -> [erosion change, jsn change]. */
function change(from: Visit, to: Visit, changed: Record<string, [number, number]>): PatientChange {
  const joints: JointChange[] = SIDES.flatMap((side) =>
    JOINTS.map((j) => {
      const [erosion, jsn] = changed[`${side} ${j.code}`] ?? [0, 0];
      return {
        side,
        joint: j.code,
        erosion: { before: 1, after: 1 + erosion, change: erosion },
        jsn: j.grades.includes("jsn") ? { before: 0, after: jsn, change: jsn } : null,
      };
    }),
  );
  const difference = (name: keyof Totals) => to.totals[name] - from.totals[name];
  const totalsChange = Object.fromEntries(
    (Object.keys(from.totals) as (keyof Totals)[]).map((name) => [name, difference(name)]),
  ) as unknown as Totals;
  return {
    patient_id: 5,
    before: from,
    after: to,
    compared_sides: ["right", "left"],
    joints,
    totals_change: totalsChange,
    sdc: 3,
    sdc_source: "default",
    progression: totalsChange.total > 3,
  };
}

function servePatient(asked: string[] = []) {
  server.use(
    ...signedIn,
    http.get("/api/patients/5", () => HttpResponse.json(patient)),
    http.get("/api/patients/5/change", ({ request }) => {
      const query = new URL(request.url).searchParams;
      const [from, to] = [query.get("from"), query.get("to")];
      asked.push(`${from}..${to}`);
      const before = visits.find((v) => v.date === from)!;
      const after = visits.find((v) => v.date === to)!;
      if (from === "2023-03-01" && to === "2025-03-01")
        return HttpResponse.json(change(before, after, { "right MCP2": [3, 0], "left PIP3": [1, 2] }));
      return HttpResponse.json(change(before, after, { "left MCP1": [1, 0] }));
    }),
  );
}

describe("patient page", () => {
  it("draws the totals over time with the SDC band and their data as a table", async () => {
    servePatient();
    renderApp("/patients/5");
    const chart = await screen.findByRole("img", { name: /Scores over time/ });
    expect(chart).toHaveAccessibleName(expect.stringContaining("baseline total 30 ± 3"));
    const band = within(chart).getByTestId("sdc-band");
    // the band spans 27-33 of a 0-40 axis: 6/40 of the plot's height
    const plotHeight = 260 - 16 - 40;
    expect(Number(band.getAttribute("height"))).toBeCloseTo((6 / 40) * plotHeight, 5);
    expect(chart.querySelectorAll(".series-total circle")).toHaveLength(3);

    const data = screen.getByText("Chart data").closest("details")!;
    const rows = within(data).getAllByRole("row").slice(1);
    expect(rows.map((row) => within(row).getAllByRole("cell").map((c) => c.textContent))).toEqual([
      ["1 Mar 2023", "30", "20", "10", "28"],
      ["1 Mar 2024", "36", "24", "12", "34"],
      ["1 Mar 2025", "37", "25", "12", "35"],
    ]);
  });

  it("lists the visits with their studies, and compares the first and last visit by default", async () => {
    const asked: string[] = [];
    servePatient(asked);
    renderApp("/patients/5");
    const items = await screen.findAllByTestId("visit");
    expect(items).toHaveLength(3);
    expect(within(items[1]).getByRole("link", { name: "study 12" })).toHaveAttribute("href", "/studies/12");
    expect(within(items[1]).getByRole("link", { name: "study 13" })).toHaveAttribute("href", "/studies/13");
    expect(items[2]).toHaveTextContent("a reader changed grades");
    expect(items[0]).toHaveTextContent("(visit date)");

    const flag = await screen.findByTestId("progression");
    expect(flag).toHaveTextContent(
      "Progression: the total rose by +7, more than the smallest detectable change of 3 (the service's default).",
    );
    expect(asked).toEqual(["2023-03-01..2025-03-01"]);
    const changes = screen.getByTestId("joint-changes");
    expect(within(changes).getAllByRole("row").slice(1).map((row) => row.textContent)).toEqual([
      "Right handMCP 21 → 4 (+3)0 → 0 (0)",
      "Left handPIP 31 → 2 (+1)0 → 2 (+2)",
    ]);
    expect(screen.getByRole("link", { name: "Compare the right hands" })).toHaveAttribute(
      "href",
      "/compare?before=11&after=14&side=right",
    );

    await userEvent.click(screen.getByRole("checkbox", { name: "Only joints that changed" }));
    expect(within(screen.getByTestId("joint-changes")).getAllByRole("row")).toHaveLength(31);
  });

  it("compares any two visits picked", async () => {
    const asked: string[] = [];
    servePatient(asked);
    renderApp("/patients/5");
    await screen.findByTestId("progression");
    await userEvent.selectOptions(screen.getByRole("combobox", { name: "From" }), "2024-03-01");
    await waitFor(() => expect(asked).toContain("2024-03-01..2025-03-01"));
    expect(await screen.findByText(/No progression: the total changed by \+1,/)).toBeInTheDocument();
    expect(screen.getByRole("link", { name: "Compare the left hands" })).toHaveAttribute(
      "href",
      "/compare?before=13&after=14&side=left",
    );
    // only later visits can be the second one
    const to = screen.getByRole("combobox", { name: "To" });
    expect(within(to).getAllByRole("option").map((o) => o.getAttribute("value"))).toEqual(["2025-03-01"]);
  });

  it("says in Russian that a patient of another team does not exist", async () => {
    server.use(
      ...signedIn,
      http.get("/api/patients/9", () =>
        HttpResponse.json(
          { detail: "There is no patient 9 in your team.", code: "patient.not_found", params: { patient_id: 9 } },
          { status: 404 },
        ),
      ),
    );
    Object.defineProperty(window.navigator, "languages", { value: ["ru-RU"], configurable: true });
    try {
      renderApp("/patients/9");
      expect(await screen.findByRole("alert")).toHaveTextContent("В вашей команде нет пациента 9.");
    } finally {
      delete (window.navigator as { languages?: unknown }).languages;
    }
  });
});

describe("patients list", () => {
  it("lists the team's patients with their progression, and downloads the cohort CSV", async () => {
    const list: PatientList = {
      items: [
        {
          id: 5,
          code: "RA-0100",
          birth_year: 1958,
          sex: "F",
          visits: 3,
          first_visit: "2023-03-01",
          last_visit: "2025-03-01",
          latest_total: 37,
          progression: true,
        },
        {
          id: 6,
          code: "RA-0101",
          birth_year: null,
          sex: null,
          visits: 1,
          first_visit: "2024-01-01",
          last_visit: "2024-01-01",
          latest_total: 12,
          progression: false,
        },
      ],
      limit: 50,
      offset: 0,
      total: 2,
      sdc: 3,
      sdc_source: "default",
    };
    server.use(
      ...signedIn,
      http.get("/api/studies", () => HttpResponse.json({ items: [], limit: 50, offset: 0, total: 0 })),
      http.get("/api/patients", () => HttpResponse.json(list)),
      http.get("/api/exports/cohort.csv", () =>
        new HttpResponse("Patient_ID,visit_date\nRA-0100,2023-03-01\n", {
          headers: { "Content-Type": "text/csv", "Content-Disposition": 'attachment; filename="rasharp-cohort-2026-11-30.csv"' },
        }),
      ),
    );
    const saved: string[] = [];
    Object.assign(URL, { createObjectURL: () => "blob:test/0", revokeObjectURL: () => {} });
    const click = vi.spyOn(HTMLAnchorElement.prototype, "click").mockImplementation(function (this: HTMLAnchorElement) {
      saved.push(this.download);
    });
    try {
      renderApp("/");
      await userEvent.click(await screen.findByRole("link", { name: "Patients" }));
      const rows = await screen.findAllByTestId("patient-row");
      expect(rows.map((row) => within(row).getAllByRole("cell").map((c) => c.textContent))).toEqual([
        ["RA-0100", "3", "1 Mar 2023", "1 Mar 2025", "37", "Progressed"],
        ["RA-0101", "1", "1 Jan 2024", "1 Jan 2024", "12", "No"],
      ]);
      expect(within(rows[0]).getByRole("link", { name: "RA-0100" })).toHaveAttribute("href", "/patients/5");
      await userEvent.click(screen.getByRole("button", { name: "Download cohort CSV" }));
      await waitFor(() => expect(saved).toEqual(["rasharp-cohort-2026-11-30.csv"]));
    } finally {
      click.mockRestore();
    }
  });
});
