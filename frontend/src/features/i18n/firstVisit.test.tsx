import { screen } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { http, HttpResponse } from "msw";
import { renderApp } from "@/test/render";
import { server } from "@/test/server";
import { browserLanguage } from "./i18n";

/** The browser's preferred languages, as navigator.languages gives them. */
function browserPrefers(languages: string[]) {
  Object.defineProperty(window.navigator, "languages", { value: languages, configurable: true });
}

const signedOut = () =>
  server.use(http.get("/api/auth/me", () => HttpResponse.json({ detail: "Not signed in", code: "auth.not_signed_in", params: {} }, { status: 401 })));

describe("the language on a first visit", () => {
  afterEach(() => {
    delete (window.navigator as { languages?: unknown }).languages; // back to jsdom's own
  });

  it("follows a Russian browser", async () => {
    browserPrefers(["ru-RU", "ru", "en-US"]);
    signedOut();
    renderApp("/login");
    expect(await screen.findByRole("heading", { name: "Вход" })).toBeInTheDocument();
    expect(screen.getByLabelText("Имя пользователя")).toBeInTheDocument();
    expect(document.documentElement.lang).toBe("ru");
  });

  it("is English for a browser whose languages the UI does not speak", async () => {
    browserPrefers(["de-DE", "fr"]);
    signedOut();
    renderApp("/login");
    expect(await screen.findByRole("heading", { name: "Sign in" })).toBeInTheDocument();
  });

  it("keeps the reader's own choice afterwards, whatever the browser prefers", async () => {
    browserPrefers(["ru-RU"]);
    signedOut();
    const first = renderApp("/login");
    await userEvent.selectOptions(await screen.findByRole("combobox", { name: "Язык" }), "English");
    expect(await screen.findByRole("heading", { name: "Sign in" })).toBeInTheDocument();
    first.unmount();

    renderApp("/login"); // the next visit
    expect(await screen.findByRole("heading", { name: "Sign in" })).toBeInTheDocument();
  });

  it("takes the first of the browser's languages that it speaks", () => {
    expect(browserLanguage(["ru-RU", "en"])).toBe("ru");
    expect(browserLanguage(["uk-UA", "ru", "en"])).toBe("ru");
    expect(browserLanguage(["en-GB", "ru"])).toBe("en");
    expect(browserLanguage(["RU"])).toBe("ru");
    expect(browserLanguage([])).toBe("en");
  });
});
