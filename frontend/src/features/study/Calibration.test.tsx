import { fireEvent, screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { http, HttpResponse } from "msw";
import type { Study } from "@/lib/api";
import { makeStudy } from "@/test/fixtures";
import { signedIn, noOtherVisits } from "@/test/handlers";
import { renderApp } from "@/test/render";
import { server } from "@/test/server";

/** A JPEG: no pixel spacing, widths in pixels only (15 px at every joint with a narrowing grade). */
function jpegStudy(): Study {
  const study = makeStudy({ pixel_spacing_mm: null, width: 2000, height: 1500 });
  return {
    ...study,
    joints: study.joints.map((j) => ({ ...j, jsw_mm: null, jsw_mm_basis: null, jsw_reason: j.jsw_px ? "pixel spacing unknown" : j.jsw_reason })),
  };
}

/** The service's answer to a calibration: every measured width in mm at `mmPerPixel`. */
function calibrated(study: Study, mmPerPixel: number): Study {
  return {
    ...study,
    reader_pixel_spacing_mm: mmPerPixel,
    joints: study.joints.map((j) =>
      j.jsw_px === null ? j : { ...j, jsw_mm: j.jsw_px * mmPerPixel, jsw_mm_basis: "reader" as const, jsw_reason: null },
    ),
  };
}

function serviceWithJpeg() {
  const sent: unknown[] = [];
  const moves: unknown[] = [];
  const study = jpegStudy();
  server.use(
    ...signedIn,
    noOtherVisits,
    http.get("/api/studies/7", () => HttpResponse.json(study)),
    http.get("/api/studies/7/history", () => HttpResponse.json([])),
    http.get("/api/studies/7/image", () => new HttpResponse(null, { status: 404 })),
    http.put("/api/studies/7/pixel-spacing", async ({ request }) => {
      const body = (await request.json()) as { mm_per_pixel?: number; distance_mm?: number; start?: { x: number }; end?: { x: number } };
      sent.push(body);
      if (body.mm_per_pixel !== undefined && body.mm_per_pixel > 2)
        return HttpResponse.json(
          { detail: "5 mm per pixel is not plausible for a hand radiograph; accepted: more than 0 and at most 2 mm per pixel." },
          { status: 422 },
        );
      return HttpResponse.json(calibrated(study, body.mm_per_pixel ?? 0.1));
    }),
    http.put("/api/studies/7/joints/:side/:joint/position", async ({ request, params }) => {
      moves.push({ joint: `${String(params.side)}/${String(params.joint)}`, ...((await request.json()) as object) });
      return HttpResponse.json(study.joints[0], { status: 202 });
    }),
  );
  return { sent, moves, study };
}

const jswOf = (code: string) => within(document.querySelector(`tr[data-joint="${code}"]`) as HTMLElement);

describe("the reader's pixel spacing", () => {
  it("a known distance drawn on the turned film reaches the service in the film's own pixels; widths then read in mm", async () => {
    const { sent } = serviceWithJpeg();
    renderApp("/studies/7");
    await screen.findByTestId("score-table");
    expect(screen.getByTestId("calibration-status")).toHaveTextContent("Unknown: joint space widths are in pixels only");
    expect(jswOf("MCP2").getAllByText("—").length).toBeGreaterThan(0);

    await userEvent.click(screen.getByRole("button", { name: "Rotate 90° clockwise" }));
    await userEvent.click(screen.getByRole("button", { name: "Draw a known distance" }));
    expect(screen.getByText(/Click one end of a known distance/)).toBeInTheDocument();
    const svg = screen.getByTestId("viewer-svg");
    // an empty jsdom layout fits at scale 1; turned a quarter clockwise, screen (sx, sy) is film (sy, 1500 - sx)
    fireEvent.pointerDown(svg, { button: 0, clientX: 100, clientY: 200, pointerId: 1 });
    fireEvent.pointerUp(svg, { clientX: 100, clientY: 200, pointerId: 1 });
    expect(screen.getByText("Now click the other end.")).toBeInTheDocument();
    fireEvent.pointerDown(svg, { button: 0, clientX: 400, clientY: 200, pointerId: 1 });
    fireEvent.pointerUp(svg, { clientX: 400, clientY: 200, pointerId: 1 });
    expect(screen.getByText("Line: 300.0 pixels.")).toBeInTheDocument();
    expect(screen.getByTestId("measure-line").querySelectorAll("circle")).toHaveLength(2);

    await userEvent.type(screen.getByLabelText("True length, mm"), "30");
    await userEvent.click(screen.getAllByRole("button", { name: "Set" }).at(-1)!);
    await waitFor(() => expect(sent).toHaveLength(1));
    expect(sent[0]).toEqual({ distance_mm: 30, start: { x: 200, y: 1400 }, end: { x: 200, y: 1100 } });
    await waitFor(() => expect(screen.getByTestId("calibration-status")).toHaveTextContent("Reader calibration: 0.1000 mm per pixel"));
    const mcp2 = jswOf("MCP2").getAllByText("1.50")[0].closest("td")!;
    expect(mcp2).toHaveAttribute("title", expect.stringContaining("reader calibration"));
    expect(screen.queryByTestId("measure-line")).not.toBeInTheDocument();
  });

  it("a typed spacing the service refuses says why, and nothing changes", async () => {
    const { sent } = serviceWithJpeg();
    renderApp("/studies/7");
    await screen.findByTestId("score-table");
    await userEvent.type(screen.getByLabelText("mm per pixel"), "5");
    await userEvent.click(screen.getByRole("button", { name: "Set" }));
    expect(await screen.findByText(/not plausible for a hand radiograph; accepted: more than 0 and at most 2/)).toBeInTheDocument();
    expect(sent).toEqual([{ mm_per_pixel: 5 }]);
    expect(screen.getByTestId("calibration-status")).toHaveTextContent("Unknown");
  });
});

describe("a flipped view", () => {
  it("a marker dragged on the mirrored film is saved where it lies on the film", async () => {
    const { moves, study } = serviceWithJpeg();
    renderApp("/studies/7");
    await screen.findByTestId("score-table");
    await userEvent.click(screen.getByRole("button", { name: "Flip left–right" }));
    const joint = study.joints.find((j) => j.side === "left" && j.joint === "MCP3")!;
    const marker = screen.getAllByTestId("joint-marker").find(
      (m) => m.getAttribute("data-joint") === "MCP3" && m.getAttribute("data-side") === "left",
    )!;
    // mirrored: the marker is drawn at (2000 - x, y)
    expect(marker).toHaveAttribute("transform", `translate(${2000 - joint.x!} ${joint.y})`);
    const svg = screen.getByTestId("viewer-svg");
    fireEvent.pointerDown(marker, { button: 0, clientX: 2000 - joint.x!, clientY: joint.y!, pointerId: 1 });
    fireEvent.pointerMove(svg, { clientX: 2000 - joint.x! + 20, clientY: joint.y! + 10, pointerId: 1 });
    fireEvent.pointerUp(svg, { clientX: 2000 - joint.x! + 30, clientY: joint.y! + 10, pointerId: 1 });
    // 30 px to the right on the mirrored screen is 30 px to the left on the film
    await waitFor(() => expect(moves).toEqual([{ joint: "left/MCP3", x: joint.x! - 30, y: joint.y! + 10 }]));
  });
});
