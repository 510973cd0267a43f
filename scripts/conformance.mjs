#!/usr/bin/env node
/**
 * `npm run conformance`: starts the server with `wrangler dev` (sandbox), runs the official
 * MCP conformance suite's server scenarios against it, and stops the server.
 *
 * The suite needs Node 22; this machine's Node may be older, so it runs under
 * `npx -y node@22`. Scenarios can be chosen with arguments: `npm run conformance -- ping`.
 */
import { spawnSync } from "node:child_process";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { startWranglerDev } from "./lib/wrangler-dev.mjs";

// completion-complete is left out: it asks for the suite's own fixture prompt
// (test_prompt_with_arguments). Completion of this server's prompt arguments is covered
// by test/mcp/resources-prompts.test.ts.
const DEFAULT_SCENARIOS = [
	"server-initialize",
	"ping",
	"tools-list",
	"dns-rebinding-protection",
	"logging-set-level",
	"resources-list",
	"prompts-list",
];

const scenarios = process.argv.slice(2).length > 0 ? process.argv.slice(2) : DEFAULT_SCENARIOS;
const require = createRequire(import.meta.url);
const suiteEntry = join(dirname(require.resolve("@modelcontextprotocol/conformance/package.json")), "dist/index.js");

const server = await startWranglerDev();
const failed = [];
try {
	for (const scenario of scenarios) {
		console.log(`\n=== conformance: ${scenario} ===`);
		const run = spawnSync("npx", ["-y", "node@22", suiteEntry, "server", "--url", `${server.url}/mcp`, "--scenario", scenario], {
			stdio: "inherit",
			timeout: 180_000,
		});
		if (run.status !== 0) failed.push(scenario);
	}
} finally {
	await server.stop();
}

if (failed.length > 0) {
	console.error(`\nConformance failed: ${failed.join(", ")}`);
	process.exit(1);
}
console.log(`\nConformance passed: ${scenarios.join(", ")}`);
