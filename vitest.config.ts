import { cloudflareTest } from "@cloudflare/vitest-pool-workers";
import { defineConfig } from "vitest/config";

/**
 * Two kinds of tests, both run by `npm test`:
 * - `workers`: inside the real Workers runtime (workerd via Miniflare) with real Durable
 *   Objects and KV, driving the Worker through the official MCP SDK client;
 * - `e2e`: in Node, against a real `wrangler dev` process over real HTTP.
 */
export default defineConfig({
	test: {
		projects: [
			{
				plugins: [
					cloudflareTest({
						main: "./src/index.ts",
						wrangler: { configPath: "./wrangler.toml", environment: "dev" },
					}),
				],
				test: {
					name: "workers",
					include: ["test/**/*.test.ts"],
					exclude: ["test/e2e/**"],
					// Reseeding the sandbox and waiting out token not-before seconds take a few
					// seconds on a loaded two-core machine; these are not performance limits.
					testTimeout: 30_000,
					hookTimeout: 30_000,
				},
			},
			{
				test: {
					name: "e2e",
					include: ["test/e2e/**/*.test.ts"],
					environment: "node",
					testTimeout: 120_000,
					hookTimeout: 120_000,
				},
			},
		],
	},
});
