#!/usr/bin/env node
/**
 * `npm run coverage`: runs the unit and workers tests with Istanbul coverage of src/ (settings
 * and the 80% statements threshold in vitest.config.ts), then says where the summary is.
 *
 * The e2e project is left out: its tests drive separate `wrangler dev` processes, whose code
 * Istanbul never instruments, so they would add minutes and no coverage. Arguments go to
 * vitest: `npm run coverage -- test/operations` measures a subset.
 */
import { spawnSync } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join, relative, resolve } from "node:path";

const PROJECT_ROOT = resolve(import.meta.dirname, "..");
const SUMMARY = join(PROJECT_ROOT, "coverage", "coverage-summary.json");

const require = createRequire(import.meta.url);
const vitest = join(dirname(require.resolve("vitest/package.json")), "vitest.mjs");

const run = spawnSync(
	process.execPath,
	[vitest, "run", "--coverage", "--project", "unit", "--project", "workers", ...process.argv.slice(2)],
	{ cwd: PROJECT_ROOT, stdio: "inherit" },
);

if (existsSync(SUMMARY)) {
	const { total } = JSON.parse(readFileSync(SUMMARY, "utf8"));
	const figures = ["statements", "branches", "functions", "lines"].map((metric) => `${metric} ${total[metric].pct}%`);
	console.log(`\nCoverage of src/: ${figures.join(", ")}`);
	console.log(`Summary: ${relative(process.cwd(), SUMMARY)} (json-summary, per file and in total)`);
}
process.exit(run.status ?? 1);
