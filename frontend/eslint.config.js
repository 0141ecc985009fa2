import js from "@eslint/js";
import reactHooks from "eslint-plugin-react-hooks";
import { defineConfig, globalIgnores } from "eslint/config";
import globals from "globals";
import tseslint from "typescript-eslint";

// The UI's layers (see README.md, "Layout"). Each entry is one import the rule refuses.
const refuse = {
  parentFolder: {
    regex: "^\\.\\./",
    message: "Import from another folder through the @/ alias, so the layer rules below can see it.",
  },
  generatedClient: {
    regex: "^@/api(/|$)",
    message: "The generated client is wrapped by @/lib/api; import from there.",
  },
  app: {
    regex: "^@/app(/|$)",
    message: "Only main.tsx and tests render the app; nothing else imports from src/app.",
  },
  anyFeature: {
    regex: "^@/features/",
    message: "lib and components are shared by every feature and do not depend on one; take what you need as a parameter or prop.",
  },
  otherFeature: {
    regex: "^@/features/(?!i18n$)",
    message: "Features do not import each other (i18n through its index.ts is the exception); compose them in src/app, or move what they share to src/lib or src/components.",
  },
  featureInternals: {
    regex: "^@/features/[^/]+/",
    message: "Import a feature through its index.ts.",
  },
};

const layer = (files, ...refused) => ({
  files,
  rules: { "no-restricted-imports": ["error", { patterns: refused }] },
});

export default defineConfig(
  globalIgnores(["dist/", "src/api/", "e2e-artifacts/"]),

  {
    files: ["**/*.{js,mjs}"],
    extends: [js.configs.recommended],
    languageOptions: { globals: globals.node },
  },

  {
    files: ["**/*.{ts,tsx}"],
    extends: [tseslint.configs.recommendedTypeChecked, reactHooks.configs.flat["recommended-latest"]],
    languageOptions: {
      globals: globals.browser,
      parserOptions: {
        projectService: { allowDefaultProject: ["vite.config.ts"] },
        tsconfigRootDir: import.meta.dirname,
      },
    },
    rules: {
      // `_` marks a deliberately unused parameter, as tsc's noUnusedParameters allows.
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_" }],
    },
  },

  // For a file two entries match, the later one's list replaces the earlier, so each lists all it refuses.
  layer(["src/**"], refuse.parentFolder, refuse.generatedClient, refuse.app, refuse.featureInternals),
  layer(["src/app/**", "src/main.tsx"], refuse.parentFolder, refuse.generatedClient, refuse.featureInternals),
  layer(["src/features/**"], refuse.parentFolder, refuse.generatedClient, refuse.app, refuse.otherFeature),
  layer(["src/lib/**"], refuse.parentFolder, refuse.app, refuse.anyFeature),
  layer(["src/components/**"], refuse.parentFolder, refuse.generatedClient, refuse.app, refuse.anyFeature),
  // Test set-up renders the whole app and builds fixtures from any feature's data.
  layer(["src/test/**"], refuse.parentFolder, refuse.generatedClient),
);
