/**
 * Prints the ten slowest test files at the end of every run (import, setup and tests), so a
 * file that starts to wait or to sprawl is visible before the whole suite becomes slow.
 */
import type { Reporter, TestModule } from "vitest/node";

const SHOWN = 10;

export default class SlowestFilesReporter implements Reporter {
	onTestRunEnd(testModules: ReadonlyArray<TestModule>): void {
		const rows = testModules
			.map((module) => {
				const diagnostic = module.diagnostic();
				const total = diagnostic.environmentSetupDuration + diagnostic.prepareDuration + diagnostic.collectDuration + diagnostic.duration;
				return { file: module.relativeModuleId, project: module.project.name, total };
			})
			.sort((a, b) => b.total - a.total)
			.slice(0, SHOWN);
		if (rows.length === 0) return;
		const lines = rows.map((row) => `${(row.total / 1000).toFixed(1).padStart(7)} s  ${row.project.padEnd(7)} ${row.file}`);
		console.log(`\nSlowest ${rows.length} test files:\n${lines.join("\n")}\n`);
	}
}
