#!/usr/bin/env node
/**
 * `npm run docs:tools [-- --check] [-- --out <file>]`: writes the tool reference (docs/tools.md)
 * from the operations registry (src/operations/registry.ts); `--check` writes nothing and fails
 * when the file differs from what the registry gives (test/scripts/tool-reference.unit.test.ts
 * checks the same in `npm test`).
 *
 * The registry is TypeScript and Node 20 runs only JavaScript, so it is bundled first with the
 * esbuild that wrangler brings (no dependency of its own), its packages left as imports: the
 * bundle goes under node_modules/.cache, where `zod` resolves to the project's copy, the one the
 * renderer converts schemas with. The registry imports nothing of the Workers runtime.
 */
import { mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { parseArgs } from "node:util";
import { build } from "esbuild";
import { fail } from "./lib/cli.mjs";
import { renderToolReference, TOOL_REFERENCE_PATH } from "./lib/tool-reference.mjs";

const COMMAND = "docs:tools";
const USAGE = "npm run docs:tools [-- --check] [-- --out <file>]";
const PROJECT_ROOT = resolve(import.meta.dirname, "..");
const REGISTRY = join(PROJECT_ROOT, "src/operations/registry.ts");

const options = commandLineOptions();
const target = resolve(PROJECT_ROOT, options.out ?? TOOL_REFERENCE_PATH);

const operations = await loadOperations();
const reference = await renderToolReference(operations, { prettierConfigFile: join(PROJECT_ROOT, TOOL_REFERENCE_PATH) });

if (options.check) {
	let committed = "";
	try {
		committed = readFileSync(target, "utf8");
	} catch {
		fail(COMMAND, `${target} does not exist; run \`npm run docs:tools\``);
	}
	if (committed !== reference) fail(COMMAND, `${target} is stale: run \`npm run docs:tools\` and commit the result`);
	console.log(`${target} is up to date (${operations.length} tools).`);
} else {
	writeFileSync(target, reference);
	console.log(`Wrote ${target} (${operations.length} tools).`);
}

async function loadOperations() {
	const outdir = join(PROJECT_ROOT, "node_modules/.cache/tool-reference");
	mkdirSync(outdir, { recursive: true });
	const outfile = join(outdir, `registry-${process.pid}.mjs`);
	try {
		await build({
			entryPoints: [REGISTRY],
			outfile,
			bundle: true,
			format: "esm",
			platform: "node",
			packages: "external",
			logLevel: "error",
		});
		const { operations } = await import(pathToFileURL(outfile).href);
		return operations;
	} finally {
		rmSync(outfile, { force: true });
	}
}

function commandLineOptions() {
	try {
		return parseArgs({ options: { out: { type: "string" }, check: { type: "boolean" } }, strict: true, allowPositionals: false }).values;
	} catch (error) {
		return fail(COMMAND, error instanceof Error ? error.message : String(error), USAGE);
	}
}
