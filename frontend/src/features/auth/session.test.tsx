import { screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { http, HttpResponse, type JsonBodyType } from "msw";
import { makeStudy } from "@/test/fixtures";
import { user, noOtherVisits } from "@/test/handlers";
import { renderApp } from "@/test/render";
import { server } from "@/test/server";

describe("session", () => {
  it("sends a user whose session expired to the login page and back to the study afterwards", async () => {
    let signedIn = true;
    let studyRequests = 0;
    const logins: unknown[] = [];
    const unlessExpired = (body: JsonBodyType) =>
      signedIn ? HttpResponse.json(body) : HttpResponse.json({ detail: "Please sign in." }, { status: 401 });
    server.use(
      http.get("/api/auth/me", () => unlessExpired(user)),
      http.post("/api/auth/login", async ({ request }) => {
        logins.push(await request.json());
        signedIn = true;
        return HttpResponse.json({ ...user, disclaimer_accepted: true });
      }),
      http.get("/api/disclaimer", () => unlessExpired({ version: "1", text: "Research only.", accepted: true })),
      noOtherVisits,
      http.get("/api/studies/7", () => {
        studyRequests += 1;
        if (studyRequests === 1) signedIn = false; // the session runs out as the study is opened
        return unlessExpired(makeStudy());
      }),
      http.get("/api/studies/7/history", () => unlessExpired([])),
      http.get("/api/studies/7/image", () => new HttpResponse(null, { status: 404 })),
    );

    renderApp("/studies/7");
    expect(await screen.findByText(/Your session has expired/)).toBeInTheDocument();
    await userEvent.type(screen.getByLabelText("Username"), "dr.ivanova");
    await userEvent.type(screen.getByLabelText("Password"), "secret");
    await userEvent.click(screen.getByRole("button", { name: "Sign in" }));

    expect(await screen.findByTestId("score-table")).toBeInTheDocument();
    expect(screen.getByRole("heading", { name: "Patient RA-0042" })).toBeInTheDocument();
    expect(logins).toEqual([{ username: "dr.ivanova", password: "secret" }]);
  });

  it("keeps a grade refused because the session expired, and saves it by itself after signing in again", async () => {
    let signedIn = true;
    let expiredOnce = false;
    const saved: unknown[] = [];
    const unlessExpired = (body: JsonBodyType) =>
      signedIn ? HttpResponse.json(body) : HttpResponse.json({ detail: "Please sign in." }, { status: 401 });
    server.use(
      http.get("/api/auth/me", () => unlessExpired(user)),
      http.post("/api/auth/login", () => {
        signedIn = true;
        return HttpResponse.json({ ...user, disclaimer_accepted: true });
      }),
      http.get("/api/disclaimer", () => unlessExpired({ version: "1", text: "Research only.", accepted: true })),
      noOtherVisits,
      http.get("/api/studies/7", () => unlessExpired(makeStudy())),
      http.get("/api/studies/7/history", () => unlessExpired([])),
      http.get("/api/studies/7/image", () => new HttpResponse(null, { status: 404 })),
      http.patch("/api/studies/7/joints/:side/:joint", async ({ request }) => {
        if (!expiredOnce) {
          expiredOnce = true;
          signedIn = false; // the session ran out just before this edit
        }
        if (!signedIn) return HttpResponse.json({ detail: "Please sign in." }, { status: 401 });
        const body = (await request.json()) as { erosion: number };
        saved.push(body);
        const joint = makeStudy().joints.find((j) => j.side === "right" && j.joint === "MCP4")!;
        return HttpResponse.json({ ...joint, erosion: { ...joint.erosion!, value: body.erosion, edited: true } });
      }),
    );

    renderApp("/studies/7");
    (await screen.findByRole("combobox", { name: "Erosion, MCP 4, Right" })).focus();
    await userEvent.keyboard("3"); // a focused grade cell takes the typed grade
    expect(await screen.findByText(/Your session has expired/)).toBeInTheDocument();
    await userEvent.type(screen.getByLabelText("Username"), "dr.ivanova");
    await userEvent.type(screen.getByLabelText("Password"), "secret");
    expect(saved).toEqual([]);
    await userEvent.click(screen.getByRole("button", { name: "Sign in" }));

    const cell = await screen.findByTestId("cell-right-MCP4-erosion");
    expect(screen.getByRole("combobox", { name: "Erosion, MCP 4, Right" })).toHaveTextContent("3");
    await waitFor(() => expect(saved).toEqual([{ erosion: 3 }])); // no Retry to press
    await waitFor(() => expect(within(cell).queryByText("Waiting to be saved")).not.toBeInTheDocument());
  });

  it("never sends a reader's waiting grade under another reader's session: it waits for its own reader", async () => {
    const readers: Record<string, typeof user> = {
      "dr.ivanova": user,
      "dr.petrov": { ...user, id: 2, username: "dr.petrov" },
    };
    let signedIn: typeof user | null = user;
    let expiredOnce = false;
    const saved: { by: string; body: unknown }[] = [];
    const unlessExpired = (body: JsonBodyType) =>
      signedIn ? HttpResponse.json(body) : HttpResponse.json({ detail: "Please sign in." }, { status: 401 });
    server.use(
      http.get("/api/auth/me", () => unlessExpired(signedIn)),
      http.post("/api/auth/login", async ({ request }) => {
        signedIn = readers[((await request.json()) as { username: string }).username];
        return HttpResponse.json({ ...signedIn, disclaimer_accepted: true });
      }),
      http.post("/api/auth/logout", () => {
        signedIn = null;
        return new HttpResponse(null, { status: 204 });
      }),
      http.get("/api/disclaimer", () => unlessExpired({ version: "1", text: "Research only.", accepted: true })),
      http.get("/api/studies", () => unlessExpired({ items: [], limit: 50, offset: 0, total: 0 })),
      noOtherVisits,
      http.get("/api/studies/7", () => unlessExpired(makeStudy())),
      http.get("/api/studies/7/history", () => unlessExpired([])),
      http.get("/api/studies/7/image", () => new HttpResponse(null, { status: 404 })),
      http.patch("/api/studies/7/joints/:side/:joint", async ({ request }) => {
        if (!expiredOnce) {
          expiredOnce = true;
          signedIn = null; // dr.ivanova's session ran out just before her edit
        }
        if (!signedIn) return HttpResponse.json({ detail: "Please sign in." }, { status: 401 });
        saved.push({ by: signedIn.username, body: await request.json() });
        const joint = makeStudy().joints.find((j) => j.side === "right" && j.joint === "MCP4")!;
        return HttpResponse.json(joint);
      }),
    );
    const signInAs = async (username: string) => {
      await userEvent.type(await screen.findByLabelText("Username"), username);
      await userEvent.type(screen.getByLabelText("Password"), "secret");
      await userEvent.click(screen.getByRole("button", { name: "Sign in" }));
    };

    renderApp("/studies/7");
    (await screen.findByRole("combobox", { name: "Erosion, MCP 4, Right" })).focus();
    await userEvent.keyboard("3");
    expect(await screen.findByText(/Your session has expired/)).toBeInTheDocument();
    await signInAs("dr.petrov"); // a colleague at the same browser
    expect(await screen.findByRole("combobox", { name: "Erosion, MCP 4, Right" })).toHaveTextContent("1");
    await new Promise((resolve) => setTimeout(resolve, 1500)); // past the first retry
    expect(saved).toEqual([]);

    await userEvent.click(screen.getByRole("button", { name: "Sign out" }));
    await signInAs("dr.ivanova");
    await waitFor(() => expect(saved).toEqual([{ by: "dr.ivanova", body: { erosion: 3 } }]));
  });

  it("says plainly when the password is wrong and keeps what was typed", async () => {
    server.use(
      http.get("/api/auth/me", () => HttpResponse.json({ detail: "Please sign in." }, { status: 401 })),
      http.post("/api/auth/login", () =>
        HttpResponse.json({ detail: "Wrong username or password." }, { status: 401 }),
      ),
    );
    renderApp("/studies/7");
    await userEvent.type(await screen.findByLabelText("Username"), "dr.ivanova");
    await userEvent.type(screen.getByLabelText("Password"), "typo");
    await userEvent.click(screen.getByRole("button", { name: "Sign in" }));
    expect(await screen.findByRole("alert")).toHaveTextContent("Wrong username or password.");
    expect(screen.getByLabelText("Username")).toHaveValue("dr.ivanova");
  });

  it("switches to Russian and remembers the choice", async () => {
    server.use(http.get("/api/auth/me", () => HttpResponse.json({ detail: "Please sign in." }, { status: 401 })));
    const first = renderApp("/");
    await userEvent.selectOptions(await screen.findByLabelText("Language"), "ru");
    expect(screen.getByRole("heading", { name: "Вход" })).toBeInTheDocument();
    expect(screen.getByTestId("research-banner")).toHaveTextContent("Только для исследовательских целей");
    first.unmount();

    renderApp("/");
    expect(await screen.findByRole("heading", { name: "Вход" })).toBeInTheDocument();
  });
});
