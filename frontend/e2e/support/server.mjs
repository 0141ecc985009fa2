// Starts the real service (`rasharp-serve`: embedded PostgreSQL and Redis, a Celery worker and
// the API serving the built UI) on a free port with a temporary data directory.
import { spawn } from "node:child_process";
import { createWriteStream, mkdtempSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { REPO } from "./paths.mjs";

export const ADMIN = { username: "admin", password: "e2e-admin-password" };

function freePort() {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once("error", reject);
    probe.listen(0, "127.0.0.1", () => {
      const { port } = probe.address();
      probe.close(() => resolve(port));
    });
  });
}

async function waitForHealth(url, child, timeoutMs) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`rasharp-serve exited with ${child.exitCode}; see its log`);
    try {
      const response = await fetch(`${url}/api/health`);
      if (response.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 500));
  }
  throw new Error(`rasharp-serve did not answer ${url}/api/health within ${timeoutMs / 1000} s`);
}

export async function startService(artifacts) {
  const port = await freePort();
  const dataDir = mkdtempSync(join(tmpdir(), "rasharp-e2e-"));
  const log = createWriteStream(join(artifacts, "service.log"));
  const env = { ...process.env, RASHARP_ADMIN_PASSWORD: ADMIN.password };
  // the embedded engines are the ones under test: no outside servers
  delete env.DATABASE_URL;
  delete env.REDIS_URL;
  const child = spawn(
    join(REPO, ".venv/bin/rasharp-serve"),
    ["--host", "127.0.0.1", "--port", String(port), "--data-dir", dataDir],
    { cwd: REPO, env, stdio: ["ignore", "pipe", "pipe"], detached: true },
  );
  child.stdout.pipe(log);
  child.stderr.pipe(log);
  const url = `http://127.0.0.1:${port}`;
  await waitForHealth(url, child, 180_000);

  const stop = async () => {
    if (child.exitCode !== null) return;
    const exited = new Promise((resolve) => child.once("exit", resolve));
    child.kill("SIGTERM");
    const timer = setTimeout(() => {
      try {
        process.kill(-child.pid, "SIGKILL");
      } catch {
        // already gone
      }
    }, 90_000);
    await exited;
    clearTimeout(timer);
  };
  return { url, dataDir, stop };
}
