import { screen } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { http, HttpResponse } from "msw";
import { signedIn } from "@/test/handlers";
import { renderApp } from "@/test/render";
import { server } from "@/test/server";

function systemPrefers(scheme: "dark" | "light") {
  vi.stubGlobal("matchMedia", (query: string) => ({ matches: query === `(prefers-color-scheme: ${scheme})` }));
}

describe("the dark theme", () => {
  beforeEach(() => {
    server.use(...signedIn, http.get("/api/studies", () => HttpResponse.json({ items: [], limit: 50, offset: 0, total: 0 })));
  });
  afterEach(() => {
    vi.unstubAllGlobals();
    delete document.documentElement.dataset.theme;
  });

  it("follows a dark system on the first visit, and the reader's choice after that", async () => {
    systemPrefers("dark");
    const { unmount } = renderApp("/");
    const toggle = await screen.findByRole("button", { name: /Dark theme/ });
    expect(document.documentElement.dataset.theme).toBe("dark");
    expect(toggle).toHaveAttribute("aria-pressed", "true");

    await userEvent.click(toggle);
    expect(document.documentElement.dataset.theme).toBe("light");
    expect(toggle).toHaveAttribute("aria-pressed", "false");
    unmount();

    renderApp("/"); // a later visit: the system still prefers dark, the reader chose light
    await screen.findByRole("button", { name: /Dark theme/ });
    expect(document.documentElement.dataset.theme).toBe("light");
  });

  it("starts light on a light system", async () => {
    systemPrefers("light");
    renderApp("/");
    expect(await screen.findByRole("button", { name: /Dark theme/ })).toHaveAttribute("aria-pressed", "false");
    expect(document.documentElement.dataset.theme).toBe("light");
  });
});
