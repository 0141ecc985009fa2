import assert from "node:assert/strict";

export function expect(condition, message) {
  assert.ok(condition, message);
}

/** Polls `probe` until it returns a truthy value; fails with `message` after `timeoutMs`. */
export async function eventually(probe, message, timeoutMs = 120_000, everyMs = 500) {
  const deadline = Date.now() + timeoutMs;
  let last;
  while (Date.now() < deadline) {
    last = await probe();
    if (last) return last;
    await new Promise((r) => setTimeout(r, everyMs));
  }
  assert.fail(`${message} (not within ${timeoutMs / 1000} s)`);
}
