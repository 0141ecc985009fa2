import assert from "node:assert/strict";
import AxeBuilder from "@axe-core/playwright";

/** axe-core on the page as it is now; fails listing every serious or critical violation. */
export async function checkAccessibility(page, where) {
  const { violations } = await new AxeBuilder({ page }).analyze();
  const grave = violations.filter((v) => v.impact === "serious" || v.impact === "critical");
  const report = grave
    .map((v) => `${v.impact} ${v.id}: ${v.help}\n${v.nodes.slice(0, 5).map((n) => `    ${n.target.join(" ")}`).join("\n")}`)
    .join("\n");
  assert.equal(grave.length, 0, `axe-core on ${where}:\n${report}`);
  const minor = violations.map((v) => `${v.impact} ${v.id}`).join(", ");
  console.log(`axe-core on ${where}: no serious or critical violation${minor ? ` (others: ${minor})` : ""}`);
}
