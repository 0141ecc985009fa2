import { format } from "@/features/i18n";
import { en, type MessageKey } from "@/features/i18n/messages";
import { ApiError, describeError, detailFrom } from "./api-error";

const t = (key: MessageKey, values?: Record<string, string | number>) => format(en[key], values);

describe("errors in a clinician's words", () => {
  it("passes on the service's own sentence for a refused request", () => {
    expect(describeError(new ApiError(403, "Accept the current disclaimer first."), t)).toBe(
      "Accept the current disclaimer first.",
    );
    expect(describeError(new ApiError(503, "The workers are busy. Please try again."), t)).toBe(
      "The workers are busy. Please try again.",
    );
  });

  it("hides engineers' text of a server fault and says nothing typed was lost", () => {
    expect(describeError(new ApiError(500, "Traceback: KeyError 'x'"), t)).toMatch(/^The server had a problem.*Nothing you entered was lost/);
    expect(describeError(new ApiError(0, null), t)).toMatch(/^The server cannot be reached/);
    expect(describeError(new TypeError("Failed to fetch"), t)).toMatch(/^The server cannot be reached/);
  });

  it("says what a bare status means", () => {
    expect(describeError(new ApiError(404, null), t)).toBe("This study does not exist or belongs to another team.");
    expect(describeError(new ApiError(401, null), t)).toBe("Your session has expired. Please sign in again.");
    expect(describeError(new ApiError(418, null), t)).toBe("Something went wrong (error 418).");
  });

  it("reads validation errors given as a list", () => {
    expect(detailFrom({ detail: [{ msg: "erosion must be 0-5" }, { msg: "jsn must be 0-4" }] })).toBe(
      "erosion must be 0-5; jsn must be 0-4",
    );
    expect(detailFrom("plain text")).toBeNull();
  });
});
