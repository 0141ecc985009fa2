import { isActive, percentDone, secondsLeft } from "./progress";

const job = { status: "running" as const, files_found: 200, files_done: 50, films_per_second: 5 };

describe("folder import progress", () => {
  it("tells the share done and the time left at the current speed", () => {
    expect(percentDone(job)).toBe(25);
    expect(secondsLeft(job)).toBe(30);
  });

  it("knows nothing of either before the folder has been walked", () => {
    const walking = { ...job, files_found: null, files_done: 0, films_per_second: null };
    expect(percentDone(walking)).toBeNull();
    expect(secondsLeft(walking)).toBeNull();
  });

  it("counts an empty folder as done and a finished import as needing no time", () => {
    expect(percentDone({ files_found: 0, files_done: 0 })).toBe(100);
    expect(secondsLeft({ ...job, status: "done" })).toBeNull();
    expect(isActive({ status: "queued" })).toBe(true);
    expect(isActive({ status: "failed" })).toBe(false);
  });
});
