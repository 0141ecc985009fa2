import { dirname } from "node:path";
import { ESLint } from "eslint";

// The import rules of eslint.config.js, run on snippets placed in each layer.
const eslint = new ESLint({
  cwd: dirname(import.meta.dirname),
  // The layer rule needs no type information; the snippets are not files of the project.
  overrideConfig: { languageOptions: { parserOptions: { projectService: false } } },
  ruleFilter: ({ ruleId }) => ruleId === "no-restricted-imports",
});

async function refusals(filePath: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath });
  return result.messages.map((message) => message.ruleId ?? message.message);
}

describe("the UI's layers", () => {
  it.each([
    ["src/features/worklist/Page.tsx", 'import { StudyPage } from "@/features/study";'],
    ["src/features/worklist/Page.tsx", 'import { JOINTS } from "@/features/study/scheme";'],
    ["src/features/worklist/Page.tsx", 'import { en } from "@/features/i18n/messages";'],
    ["src/features/worklist/Page.tsx", 'import { jointKey } from "../study/scheme";'],
    ["src/features/worklist/Page.tsx", 'import { AppRoutes } from "@/app/App";'],
    ["src/features/worklist/Page.tsx", 'import type { paths } from "@/api/schema";'],
    ["src/lib/dates.ts", 'import type { MessageKey } from "@/features/i18n";'],
    ["src/components/Badge.tsx", 'import { useI18n } from "@/features/i18n";'],
    ["src/app/Layout.tsx", 'import { useMe } from "@/features/auth/session";'],
  ])("%s may not `%s`", async (filePath, code) => {
    expect(await refusals(filePath, code)).toEqual(["no-restricted-imports"]);
  });

  it.each([
    ["src/features/worklist/Page.tsx", 'import { useI18n } from "@/features/i18n";'],
    ["src/features/worklist/Page.tsx", 'import { api } from "@/lib/api";\nimport { StatusBadge } from "@/components/StatusBadge";'],
    ["src/features/study/Page.tsx", 'import { jointKey } from "./scheme";'],
    ["src/lib/api.ts", 'import type { paths } from "@/api/schema";'],
    ["src/app/App.tsx", 'import { StudyPage } from "@/features/study";\nimport { LoginPage } from "@/features/auth";'],
    ["src/test/fixtures.ts", 'import { JOINTS } from "@/features/study/scheme";'],
  ])("%s may `%s`", async (filePath, code) => {
    expect(await refusals(filePath, code)).toEqual([]);
  });
});
