import { http, HttpResponse } from "msw";

export const user = { id: 1, username: "dr.ivanova", team: "rheuma", is_admin: false };

export const health = (worker: "ok" | "down") => {
  const up = worker === "ok";
  return HttpResponse.json(
    {
      status: up ? "ok" : "degraded",
      version: "0.1.0",
      database: "ok",
      broker: "ok",
      worker,
      workers_alive: up ? 1 : 0,
      trainers_alive: 0,
      models: { localizer: "test", scorer: "test" },
    },
    { status: up ? 200 : 503 },
  );
};

/** The user is signed in and has accepted the current disclaimer; a worker runs. */
export const signedIn = [
  http.get("/api/health", () => health("ok")),
  http.get("/api/auth/me", () => HttpResponse.json(user)),
  http.get("/api/disclaimer", () =>
    HttpResponse.json({
      version: "2026-1",
      language: "en",
      text: "For research use only.",
      accepted: true,
      accepted_language: "en",
    }),
  ),
];

/** The patient has no other study: the study page finds nothing to compare with. */
export const noOtherVisits = http.get("/api/studies", () =>
  HttpResponse.json({ items: [], limit: 200, offset: 0, total: 0 }),
);
