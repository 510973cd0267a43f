/**
 * The Worker the bench measures, built once at the start (`wrangler deploy --dry-run`, the same
 * build a deploy makes, for the `dev` environment): every server of the run serves this bundle,
 * so edits to the working tree during the run neither reload a server mid-measurement nor mix
 * two versions of the code in one report. Also its size, raw and gzip-compressed.
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { gzipSync } from "node:zlib";

const PROJECT_ROOT = resolve(import.meta.dirname, "../..");

/** @returns {{ script: string, bytes: number, gzipBytes: number, remove: () => void }} */
export function buildWorkerBundle() {
	const outdir = mkdtempSync(join(tmpdir(), "hostaway-mcp-bench-bundle-"));
	const build = spawnSync(join(PROJECT_ROOT, "node_modules/.bin/wrangler"), ["deploy", "--dry-run", "--env", "dev", "--outdir", outdir], {
		cwd: PROJECT_ROOT,
		encoding: "utf8",
		env: { ...process.env, WRANGLER_SEND_METRICS: "false", CI: "true", NO_COLOR: "1" },
		timeout: 180_000,
	});
	if (build.status !== 0) {
		rmSync(outdir, { recursive: true, force: true });
		throw new Error(`wrangler deploy --dry-run failed:\n${(build.stdout + build.stderr).slice(-4000)}`);
	}
	const script = join(outdir, "index.js");
	const code = readFileSync(script);
	return {
		script,
		bytes: code.length,
		gzipBytes: gzipSync(code, { level: 9 }).length,
		remove: () => rmSync(outdir, { recursive: true, force: true }),
	};
}
