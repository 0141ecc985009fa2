import { ApiError, describeError } from "@/lib/api-error";
import { format } from "./i18n";
import { en, type MessageKey } from "./messages";

const t = (key: MessageKey, values?: Record<string, string | number>) => format(en[key], values);

describe("errors in English", () => {
  it("say that nothing typed was lost when the server fails or cannot be reached", () => {
    expect(describeError(new ApiError(500, "Traceback: KeyError 'x'"), t)).toMatch(/^The server had a problem.*Nothing you entered was lost/);
    expect(describeError(new ApiError(0, null), t)).toMatch(/^The server cannot be reached/);
    expect(describeError(new TypeError("Failed to fetch"), t)).toMatch(/^The server cannot be reached/);
  });

  it("say what a bare status means", () => {
    expect(describeError(new ApiError(404, null), t)).toBe("This study does not exist or belongs to another team.");
    expect(describeError(new ApiError(401, null), t)).toBe("Your session has expired. Please sign in again.");
    expect(describeError(new ApiError(418, null), t)).toBe("Something went wrong (error 418).");
  });
});
