import "@testing-library/jest-dom/vitest";
import { cleanup, configure } from "@testing-library/react";
import { afterAll, afterEach, beforeAll } from "vitest";
import { stopStudyOutboxes } from "@/features/study/useStudyOutbox";
import { installNodeFormData } from "./native-form-data";
import { server } from "./server";

await installNodeFormData();
configure({ asyncUtilTimeout: 5000 });

// Any request without a handler fails the test: the UI must not call what the test did not expect.
beforeAll(() => server.listen({ onUnhandledRequest: "error" }));
afterEach(() => {
  cleanup();
  stopStudyOutboxes(); // each test's changes go to its own service
  server.resetHandlers();
  window.localStorage.clear();
  window.sessionStorage.clear();
});
afterAll(() => server.close());
