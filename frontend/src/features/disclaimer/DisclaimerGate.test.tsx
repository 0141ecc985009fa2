import { screen, waitFor } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { http, HttpResponse } from "msw";
import { user } from "@/test/handlers";
import { renderApp } from "@/test/render";
import { server } from "@/test/server";

const TEXT = "This software is for research use only.\n\nIt does not give a diagnosis.";

function serviceWithDisclaimer() {
  let accepted = false;
  const accepts: string[] = [];
  server.use(
    http.get("/api/auth/me", () => HttpResponse.json(user)),
    http.get("/api/disclaimer", () => HttpResponse.json({ version: "2026-1", text: TEXT, accepted })),
    http.post("/api/disclaimer/accept", ({ request }) => {
      accepts.push(request.method);
      accepted = true;
      return HttpResponse.json({ version: "2026-1", accepted: true });
    }),
    http.get("/api/studies", () => HttpResponse.json([])),
  );
  return accepts;
}

describe("disclaimer gate", () => {
  it("shows the disclaimer instead of the upload page until it is accepted", async () => {
    const accepts = serviceWithDisclaimer();
    renderApp("/upload");

    expect(await screen.findByText("This software is for research use only.")).toBeInTheDocument();
    expect(screen.getByText("It does not give a diagnosis.")).toBeInTheDocument();
    expect(screen.queryByText("Upload radiographs")).not.toBeInTheDocument();

    const accept = screen.getByRole("button", { name: "Accept and continue" });
    expect(accept).toBeDisabled();
    await userEvent.click(screen.getByLabelText("I have read and understood this notice"));
    await userEvent.click(accept);

    expect(await screen.findByText("Upload radiographs")).toBeInTheDocument();
    expect(accepts).toHaveLength(1);
  });

  it("shows a Russian reader the Russian text and records that it was accepted in Russian", async () => {
    window.localStorage.setItem("rasharp.language", "ru");
    const accepted: unknown[] = [];
    let acceptedLanguage: string | null = null;
    server.use(
      http.get("/api/auth/me", () => HttpResponse.json(user)),
      http.get("/api/disclaimer", ({ request }) => {
        const language = new URL(request.url).searchParams.get("lang");
        const text = language === "ru" ? "Только для исследований." : "For research use only.";
        return HttpResponse.json({
          version: "2026-1",
          language,
          text,
          accepted: acceptedLanguage !== null,
          accepted_language: acceptedLanguage,
        });
      }),
      http.post("/api/disclaimer/accept", async ({ request }) => {
        accepted.push(await request.json());
        acceptedLanguage = "ru";
        return HttpResponse.json({ version: "2026-1", language: "ru", text: "", accepted: true, accepted_language: "ru" });
      }),
      http.get("/api/studies", () => HttpResponse.json({ items: [], total: 0, offset: 0, limit: 50 })),
    );
    renderApp("/upload");

    expect(await screen.findByText("Только для исследований.")).toBeInTheDocument();
    expect(screen.queryByText("For research use only.")).not.toBeInTheDocument();
    await userEvent.click(screen.getByLabelText("Я прочитал(а) и понял(а) это уведомление"));
    await userEvent.click(screen.getByRole("button", { name: "Принять и продолжить" }));
    expect(await screen.findByText("Загрузка рентгенограмм")).toBeInTheDocument();
    expect(accepted).toEqual([{ version: "2026-1", language: "ru" }]);
  });

  it("keeps the research-only banner on every page, the login page included", async () => {
    server.use(http.get("/api/auth/me", () => HttpResponse.json({ detail: "Not signed in" }, { status: 401 })));
    renderApp("/");
    expect(await screen.findByRole("heading", { name: "Sign in" })).toBeInTheDocument();
    expect(screen.getByTestId("research-banner")).toHaveTextContent(
      "For research use only — not for clinical diagnosis",
    );
  });

  it("says in words what went wrong when accepting fails, and lets the user try again", async () => {
    server.use(
      http.get("/api/auth/me", () => HttpResponse.json(user)),
      http.get("/api/disclaimer", () => HttpResponse.json({ version: "2026-1", text: TEXT, accepted: false })),
      http.post("/api/disclaimer/accept", () => HttpResponse.json({ detail: "boom" }, { status: 500 })),
    );
    renderApp("/");
    await userEvent.click(await screen.findByLabelText("I have read and understood this notice"));
    await userEvent.click(screen.getByRole("button", { name: "Accept and continue" }));
    expect(await screen.findByRole("alert")).toHaveTextContent("The server had a problem");
    await waitFor(() => expect(screen.getByRole("button", { name: "Accept and continue" })).toBeEnabled());
  });
});
