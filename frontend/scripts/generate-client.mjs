// Writes the typed API client's schema (src/api/) from the service's own OpenAPI description,
// and the joint scheme from the library's:
//   python -m rasharp_service.openapi  ->  src/api/openapi.json  ->  src/api/schema.ts
//   python -m rasharp.scheme --typescript  ->  src/api/scheme.ts
//   python -m rasharp_service.exports.labels --typescript  ->  src/api/jswReasons.ts
// Never edit src/api by hand; run `npm run generate-client` after an API or scheme change.
import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync, writeFileSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import openapiTS, { astToString } from "openapi-typescript";

const here = dirname(fileURLToPath(import.meta.url));
const frontend = resolve(here, "..");
const repo = resolve(frontend, "..");
const outDir = resolve(frontend, "src/api");

const venvPython = resolve(repo, ".venv/bin/python");
const python = process.env.PYTHON ?? (existsSync(venvPython) ? venvPython : "python3");

const runPython = (...args) =>
  execFileSync(python, args, { cwd: repo, encoding: "utf8", maxBuffer: 32 * 1024 * 1024 });

const document = JSON.parse(runPython("-m", "rasharp_service.openapi"));

const banner =
  "// The service's API types, from its OpenAPI description (`npm run generate-client`).\n" +
  "// Do not edit: regenerate instead.\n\n";

mkdirSync(outDir, { recursive: true });
writeFileSync(resolve(outDir, "openapi.json"), JSON.stringify(document, null, 2) + "\n");
const ast = await openapiTS(document, { alphabetize: false });
writeFileSync(resolve(outDir, "schema.ts"), banner + astToString(ast));
writeFileSync(resolve(outDir, "scheme.ts"), runPython("-m", "rasharp.scheme", "--typescript"));
writeFileSync(
  resolve(outDir, "jswReasons.ts"),
  runPython("-m", "rasharp_service.exports.labels", "--typescript"),
);
console.log(`API client types written to ${outDir} (${Object.keys(document.paths).length} paths)`);
