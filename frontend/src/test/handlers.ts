import { http, HttpResponse } from "msw";

export const user = { id: 1, username: "dr.ivanova", team: "rheuma", is_admin: false };

/** The user is signed in and has accepted the current disclaimer. */
export const signedIn = [
  http.get("/api/auth/me", () => HttpResponse.json(user)),
  http.get("/api/disclaimer", () =>
    HttpResponse.json({ version: "2026-1", text: "For research use only.", accepted: true }),
  ),
];
