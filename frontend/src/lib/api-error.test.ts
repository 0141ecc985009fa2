import { ApiError, describeError, detailFrom, type ErrorMessageKey } from "./api-error";

// Names the message chosen; the i18n feature's tests read the words themselves.
const t = (key: ErrorMessageKey, values?: Record<string, string | number>) =>
  values ? `${key} ${JSON.stringify(values)}` : key;

describe("errors in a clinician's words", () => {
  it("passes on the service's own sentence for a refused request", () => {
    expect(describeError(new ApiError(403, "Accept the current disclaimer first."), t)).toBe(
      "Accept the current disclaimer first.",
    );
    expect(describeError(new ApiError(503, "The workers are busy. Please try again."), t)).toBe(
      "The workers are busy. Please try again.",
    );
  });

  it("hides engineers' text of a server fault", () => {
    expect(describeError(new ApiError(500, "Traceback: KeyError 'x'"), t)).toBe("error.server");
    expect(describeError(new ApiError(0, null), t)).toBe("error.network");
    expect(describeError(new TypeError("Failed to fetch"), t)).toBe("error.network");
  });

  it("says what a bare status means", () => {
    expect(describeError(new ApiError(404, null), t)).toBe("error.notFound");
    expect(describeError(new ApiError(401, null), t)).toBe("error.session");
    expect(describeError(new ApiError(418, null), t)).toBe('error.unknown {"status":418}');
  });

  it("reads validation errors given as a list", () => {
    expect(detailFrom({ detail: [{ msg: "erosion must be 0-5" }, { msg: "jsn must be 0-4" }] })).toBe(
      "erosion must be 0-5; jsn must be 0-4",
    );
    expect(detailFrom("plain text")).toBeNull();
  });
});
