import { jswReasonIn } from "./jswReasons";

describe("reasons for a missing joint space width", () => {
  it("are said in Russian, part by part, with the joint they name", () => {
    expect(jswReasonIn("ru", "no relative width: the bone's edges were not clear; no z-score: no reference values for DIP3")).toBe(
      "нет относительной ширины: края кости нечёткие; нет z-оценки: нет норм для DIP3",
    );
    expect(jswReasonIn("ru", "CMC1 has no joint space narrowing grade in this scheme")).toBe(
      "у CMC1 нет оценки сужения щели в этой схеме",
    );
  });

  it("stay as the service said them in English, or when unknown", () => {
    expect(jswReasonIn("en", "no z-score: reference values are for adults")).toBe("no z-score: reference values are for adults");
    expect(jswReasonIn("ru", "a reason added later")).toBe("a reason added later");
  });
});
