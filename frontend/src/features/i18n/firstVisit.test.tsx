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

  it("tells a Russian reader in Russian why signing in was refused", async () => {
    browserPrefers(["ru-RU"]);
    signedOut();
    let attempts = 0;
    server.use(
      http.post("/api/auth/login", () => {
        attempts += 1;
        return attempts === 1
          ? HttpResponse.json({ detail: "Wrong username or password.", code: "auth.wrong_credentials", params: {} }, { status: 401 })
          : HttpResponse.json(
              { detail: "Too many failed sign-ins …", code: "auth.too_many_attempts", params: { minutes: 15 } },
              { status: 429, headers: { "Retry-After": "900" } },
            );
      }),
    );
    renderApp("/login");
    await userEvent.type(await screen.findByLabelText("Имя пользователя"), "dr.ivanova");
    await userEvent.type(screen.getByLabelText("Пароль"), "wrong-password");
    await userEvent.click(screen.getByRole("button", { name: "Войти" }));
    expect(await screen.findByText("Неверное имя пользователя или пароль.")).toBeInTheDocument();

    await userEvent.click(screen.getByRole("button", { name: "Войти" }));
    expect(await screen.findByText(/вход приостановлен примерно на 15 мин/)).toBeInTheDocument();
  });

  it("takes the first of the browser's languages that it speaks", () => {
    expect(browserLanguage(["ru-RU", "en"])).toBe("ru");
    expect(browserLanguage(["uk-UA", "ru", "en"])).toBe("ru");
    expect(browserLanguage(["en-GB", "ru"])).toBe("en");
    expect(browserLanguage(["RU"])).toBe("ru");
    expect(browserLanguage([])).toBe("en");
  });
});
