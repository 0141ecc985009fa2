/// <reference types="vitest/config" />
import { fileURLToPath, URL } from "node:url";
import react from "@vitejs/plugin-react";
import { defineConfig } from "vite";

// The dev server forwards /api to a running `rasharp-serve` (default port 8000). It keeps the
// browser's Host header (no changeOrigin), so the service sees its pages' Origin as its own and
// accepts their changes; with changeOrigin it would refuse them as cross-site.
const apiTarget = process.env.RASHARP_API ?? "http://127.0.0.1:8000";

export default defineConfig({
  plugins: [react()],
  resolve: { alias: { "@": fileURLToPath(new URL("./src", import.meta.url)) } },
  server: { proxy: { "/api": apiTarget } },
  build: { outDir: "dist", sourcemap: true },
  test: {
    globals: true,
    environment: "jsdom",
    setupFiles: ["./src/test/setup.ts"],
    include: ["src/**/*.test.{ts,tsx}"],
    // generous: the machines this runs on are small and often busy
    testTimeout: 30_000,
  },
});
