import { readFileSync } from "node:fs";
import { ApiError, apiErrorFrom, describeError } from "@/lib/api-error";
import { format } from "./i18n";
import { dictionaries, type Language, type MessageKey } from "./messages";

const translator = (language: Language) => (key: MessageKey, values?: Record<string, string | number>) =>
  format(dictionaries[language][key] ?? key, values);
const en = translator("en");
const ru = translator("ru");

/** A refusal as the service sends it: `{"detail", "code", "params"}`. */
const refusal = (status: number, detail: string, code: string, params: Record<string, string | number> = {}) =>
  apiErrorFrom(status, { detail, code, params });

describe("the service's messages, said from their codes", () => {
  it("has a text in English and Russian for every code the service documents", () => {
    // The service's own list, as `npm run generate-client` wrote it from its OpenAPI.
    const document = JSON.parse(readFileSync("src/api/openapi.json", "utf8")) as {
      components: { schemas: { ErrorBody: { properties: { code: { enum: string[] } } } } };
    };
    const codes = document.components.schemas.ErrorBody.properties.code.enum;
    expect(codes.length).toBeGreaterThan(40);
    for (const language of ["en", "ru"] as const) {
      const messages: Partial<Record<string, string>> = dictionaries[language];
      const missing = codes.filter((code) => !messages[`server.${code}`]?.trim());
      expect(missing, `${language} has no text for`).toEqual([]);
    }
  });

  it("says a wrong password in the reader's language", () => {
    const wrong = refusal(401, "Wrong username or password.", "auth.wrong_credentials");
    expect(describeError(wrong, ru)).toBe("Неверное имя пользователя или пароль.");
    expect(describeError(wrong, en)).toBe("Wrong username or password.");
    // any other 401 is an expired session, in the reader's words
    expect(describeError(refusal(401, "Not signed in.", "auth.not_signed_in"), ru)).toBe("Сеанс истёк. Войдите снова.");
  });

  it("puts the values the service names into the sentence", () => {
    const tooSmall = refusal(422, "The file was not accepted: tiny.png: image of 16 x 16 pixels …", "upload.file_too_small", {
      problem: "tiny.png: image of 16 x 16 pixels is too small for a radiograph (at least 32 pixels a side)",
      accepted: "DICOM (uncompressed, …), PNG (8 or 16 bit) and JPEG",
      name: "tiny.png",
      width: 16,
      height: 16,
      minimum: 32,
    });
    expect(describeError(tooSmall, ru)).toBe(
      "Файл не принят: tiny.png — 16 × 16 пикселей, слишком мало для рентгенограммы (нужно не меньше 32 пикселей по каждой стороне).",
    );
    expect(describeError(refusal(413, "The file is larger than …", "upload.too_large", { megabytes: 200 }), ru)).toBe(
      "Файл больше допустимого размера загрузки (200 МБ).",
    );
  });

  it("translates the hands and grade kinds the service names", () => {
    const noHand = refusal(404, "No left hand was found on this radiograph, so it has no MCP2.", "joint.hand_not_found", {
      side: "left",
      joint: "MCP2",
    });
    expect(describeError(noHand, ru)).toBe("Кисть (левая) на этой рентгенограмме не найдена, поэтому сустава MCP2 нет.");
    const range = refusal(422, "jsn grade of MCP2 must be an integer 0-4.", "grade.out_of_range", {
      joint: "MCP2",
      kind: "jsn",
      minimum: 0,
      maximum: 4,
    });
    expect(describeError(range, ru)).toBe("Оценка «сужение» сустава MCP2 должна быть целым числом 0–4.");
    expect(describeError(range, en)).toBe("The narrowing grade of MCP2 must be a whole number 0–4.");
  });

  it("says 'busy, try again' (503) in the reader's language too", () => {
    const busy = refusal(503, "The report was not ready within 60 s …", "export.report_timeout", { seconds: 60 });
    expect(describeError(busy, ru)).toBe("Отчёт не был готов за 60 с: обработчики заняты или не запущены. Повторите попытку.");
  });

  it("falls back to the service's English sentence for a code it does not know", () => {
    const newer = refusal(409, "The study was deleted meanwhile.", "study.deleted_meanwhile", { study_id: 3 });
    expect(describeError(newer, ru)).toBe("The study was deleted meanwhile.");
    const untranslated = refusal(422, "Something only said in English.", "untranslated", {
      detail: "Something only said in English.",
    });
    expect(describeError(untranslated, ru)).toBe("Something only said in English.");
    // an older service: no code at all
    expect(describeError(new ApiError(403, "Accept the disclaimer first."), ru)).toBe("Accept the disclaimer first.");
  });

  it("reads the code and the values from a refusal's body, ignoring what is not a value", () => {
    const error = apiErrorFrom(404, {
      detail: "There is no study 7 in your team.",
      code: "study.not_found",
      params: { study_id: 7, nested: { a: 1 } },
    });
    expect(error.serverMessage).toEqual({ code: "study.not_found", params: { study_id: 7 } });
    expect(error.detail).toBe("There is no study 7 in your team.");
    expect(apiErrorFrom(500, "Internal Server Error").serverMessage).toBeNull();
  });
});
