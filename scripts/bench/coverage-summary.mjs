/**
 * The last test coverage measured by `npm run coverage` (coverage/coverage-summary.json), for
 * the bench report's targets: the bench does not run the instrumented suite itself (minutes
 * more, and its own timing would suffer), so it reports the summary on disk with its date, or
 * says that there is none.
 */
import { existsSync, readFileSync, statSync } from "node:fs";
import { join, resolve } from "node:path";

const SUMMARY = join(resolve(import.meta.dirname, "../.."), "coverage", "coverage-summary.json");

/** @returns {{ statements: number, branches: number, functions: number, lines: number, measuredAt: string } | null} */
export function lastCoverageSummary(path = SUMMARY) {
	if (!existsSync(path)) return null;
	const { total } = JSON.parse(readFileSync(path, "utf8"));
	return {
		statements: total.statements.pct,
		branches: total.branches.pct,
		functions: total.functions.pct,
		lines: total.lines.pct,
		measuredAt: statSync(path).mtime.toISOString(),
	};
}
