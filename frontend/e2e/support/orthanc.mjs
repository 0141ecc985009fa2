// A real Orthanc PACS with its DICOMweb plugin, for the PACS test: free port, its own storage
// folder, HTTP basic authentication. From Debian's orthanc and orthanc-dicomweb packages
// (`make pacs-tools`); without them the test skips and says why.
import { spawn } from "node:child_process";
import { createWriteStream, existsSync, mkdtempSync, readdirSync, writeFileSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";

const BINARY = "/usr/sbin/Orthanc";
const PLUGIN_DIRS = ["/usr/share/orthanc/plugins", "/usr/lib/orthanc"];

function dicomwebPlugin() {
  for (const folder of PLUGIN_DIRS) {
    if (!existsSync(folder)) continue;
    const found = readdirSync(folder).find((name) => name.startsWith("libOrthancDicomWeb.so"));
    if (found) return join(folder, found);
  }
  return null;
}

/** Why Orthanc cannot be started here, or null. */
export function orthancMissing() {
  if (!existsSync(BINARY)) return "Orthanc is not installed (apt-get install orthanc orthanc-dicomweb, or make pacs-tools)";
  if (!dicomwebPlugin()) return "Orthanc's DICOMweb plugin is not installed (apt-get install orthanc-dicomweb)";
  return null;
}

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

export async function startOrthanc(artifacts) {
  const folder = mkdtempSync(join(tmpdir(), "rasharp-e2e-orthanc-"));
  const port = await freePort();
  const credentials = { username: "rasharp", password: `pacs-${Date.now()}` };
  const config = {
    Name: "rasharp-e2e-pacs",
    StorageDirectory: join(folder, "storage"),
    IndexDirectory: join(folder, "storage"),
    HttpPort: port,
    DicomServerEnabled: false,
    RemoteAccessAllowed: false,
    AuthenticationEnabled: true,
    RegisteredUsers: { [credentials.username]: credentials.password },
    Plugins: [dicomwebPlugin()],
    DicomWeb: { Enable: true, Root: "/dicom-web/" },
  };
  writeFileSync(join(folder, "orthanc.json"), JSON.stringify(config));
  const child = spawn(BINARY, [join(folder, "orthanc.json")], { stdio: ["ignore", "pipe", "pipe"] });
  const log = createWriteStream(join(artifacts, "orthanc.log"));
  child.stdout.pipe(log);
  child.stderr.pipe(log);
  const url = `http://127.0.0.1:${port}`;
  const authorization = `Basic ${Buffer.from(`${credentials.username}:${credentials.password}`).toString("base64")}`;
  const call = (path, init = {}) => fetch(`${url}${path}`, { ...init, headers: { ...init.headers, authorization } });
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`Orthanc exited with ${child.exitCode}; see orthanc.log`);
    try {
      if ((await call("/system")).ok) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) throw new Error("Orthanc did not answer within 60 s");
    await new Promise((r) => setTimeout(r, 300));
  }
  return {
    dicomwebUrl: `${url}/dicom-web`,
    credentials,
    /** Stores a DICOM file, as a modality would. */
    store: async (bytes) => {
      const response = await call("/instances", { method: "POST", body: bytes });
      if (!response.ok) throw new Error(`Orthanc refused the file: ${response.status}`);
    },
    /** The modalities of the series of a study, sorted. */
    seriesModalities: async (studyUid) => {
      const response = await call(`/dicom-web/studies/${studyUid}/series`);
      const series = await response.json();
      return series.map((s) => s["00080060"].Value[0]).sort();
    },
    stop: () => {
      if (child.exitCode === null) child.kill("SIGTERM");
    },
  };
}
