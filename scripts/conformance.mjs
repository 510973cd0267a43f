#!/usr/bin/env node
/**
 * `npm run conformance`: starts the server with `wrangler dev` (sandbox), runs the official
 * MCP conformance suite's server scenarios against it, and stops the server. Which scenarios
 * run, and why the others cannot: docs/conformance.md.
 *
 * The suite needs Node 22; this machine's Node may be older, so it runs under
 * `npx -y node@22`. Scenarios can be chosen with arguments: `npm run conformance -- ping`.
 * The default run takes about 30 seconds.
 *
 * The server runs as `npm run dev` does (wrangler.toml's env.dev): on the sandbox with
 * LOCAL_DEV_OPEN_ACCESS=true, so the suite's client, which sends no credentials, acts as the
 * sandbox's demo tenant. The suite (0.1.16) has no server scenario for authorization: its auth/*
 * scenarios test OAuth clients against the suite's own fake servers. The OAuth side (401 with
 * resource_metadata, metadata documents, registration, PKCE, consent) is tested by
 * test/auth/oauth-flow.test.ts and test/e2e/consent-page.test.ts.
 */
import { spawnSync } from "node:child_process";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { startWranglerDev } from "./lib/wrangler-dev.mjs";

// The scenarios that apply to this server. The suite's other server scenarios call its own
// fixture tools, prompts and resources (test_simple_text, test_prompt_with_arguments, …) or
// features the server does not offer (subscriptions, sampling, elicitation); each one, and the
// test that covers its behaviour here, is listed in docs/conformance.md.
const DEFAULT_SCENARIOS = [
	"server-initialize",
	"ping",
	"tools-list",
	"dns-rebinding-protection",
	"logging-set-level",
	"resources-list",
	"prompts-list",
	// Three concurrent requests on one session: each passes the session-owner check on its own.
	"server-sse-multiple-streams",
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
