import { createHash } from "node:crypto";
import { cloudflareTest } from "@cloudflare/vitest-pool-workers";
import { defineConfig } from "vitest/config";
import { TEST_API_KEYS } from "./test/helpers/api-keys";
import SlowestFilesReporter from "./test/reporters/slowest-files";

/**
 * Three kinds of tests, all run by `npm test`:
 * - `unit` (`*.unit.test.ts`): pure functions, in plain Node;
 * - `workers`: inside the real Workers runtime (workerd via Miniflare) with real Durable
 *   Objects and KV, driving the Worker through the official MCP SDK client. Each vitest worker
 *   starts one runtime and runs its files there one after another (`isolate: false`): starting
 *   and importing a runtime per file cost most of the suite's time. Files therefore share Durable
 *   Objects and KV; every file starts from `freshSandbox()` (test/helpers/sandbox.ts), which
 *   restores the sandbox and makes the product's cached responses unreachable, and each test
 *   passes on its own too;
 * - `e2e`: in Node, against real `wrangler dev` processes over real HTTP.
 *
 * SANDBOX_TODAY from the environment pins the business date of the Workers runtime and of
 * every `wrangler dev` the e2e tests start (unset: the real date), so the suite can be run
 * as of any day: `SANDBOX_TODAY=2028-02-29 npm test`.
 */

/**
 * The workers tests' rate window. Tool tests are not about Hostaway's limits, yet a test that
 * spends a budget (or the messages counter's 28 per minute) would wait out real windows; a
 * 1-second window (6 s for messages) keeps the same logic at a tenth of the wait. The budget's
 * own tests (test/hostaway/rate-budget.test.ts) build their clients with the real windows.
 */
const TEST_RATE_WINDOW_MS = "1000";

/**
 * The workers tests' timeout of one Hostaway request. Tests of writes that hang past the
 * timeout wait it out once per case; the sandbox answers in milliseconds otherwise.
 */
const TEST_HOSTAWAY_TIMEOUT_MS = "4000";

/**
 * Instrumented code (`npm run coverage`) runs several times slower, the first import of the
 * Worker in each runtime most of all: test and hook timeouts stretch with it.
 */
const TIMEOUT_SCALE = process.argv.some((argument) => argument.startsWith("--coverage")) ? 4 : 1;

/** The workers tests' API keys (test/helpers/api-keys.ts), configured by their SHA-256 as in production. */
const TEST_MCP_API_KEYS = JSON.stringify(
	TEST_API_KEYS.map(({ id, key, accountId, access }) => ({
		id,
		sha256: createHash("sha256").update(key).digest("hex"),
		accountId,
		access,
	})),
);

export default defineConfig({
	test: {
		reporters: ["default", new SlowestFilesReporter()],
		// Every tool call writes an audit line (src/audit); tests that care read them with a spy.
		onConsoleLog: (log) => !log.startsWith('{"type":"audit"'),
		// Most of a file's time is spent waiting (sandbox latency, token not-before seconds, rate
		// windows), not computing, so more files than cores run at once.
		maxWorkers: 4,
		// `npm run coverage` (scripts/coverage.mjs). Istanbul instruments the source as Vite
		// transforms it, so it also counts code run inside workerd, which V8's coverage cannot see.
		coverage: {
			provider: "istanbul",
			include: ["src/**/*.ts"],
			reporter: ["text", "json-summary"],
			reportsDirectory: "coverage",
			thresholds: { statements: 80 },
			// A long instrumented run still reports what it measured when a test fails.
			reportOnFailure: true,
		},
		projects: [
			{
				test: {
					name: "unit",
					include: ["test/**/*.unit.test.ts"],
					environment: "node",
					// The scripts' tests start Node processes, which take seconds on a loaded machine.
					testTimeout: 30_000 * TIMEOUT_SCALE,
				},
			},
			{
				plugins: [
					cloudflareTest({
						main: "./src/index.ts",
						wrangler: { configPath: "./wrangler.toml", environment: "dev" },
						miniflare: {
							bindings: {
								SANDBOX_TODAY: process.env.SANDBOX_TODAY ?? "",
								HOSTAWAY_RATE_WINDOW_MS: TEST_RATE_WINDOW_MS,
								HOSTAWAY_TIMEOUT_MS: TEST_HOSTAWAY_TIMEOUT_MS,
								MCP_API_KEYS: TEST_MCP_API_KEYS,
							},
						},
					}),
				],
				test: {
					name: "workers",
					isolate: false,
					include: ["test/**/*.test.ts"],
					exclude: ["test/e2e/**", "test/**/*.unit.test.ts"],
					// Reseeding the sandbox and waiting out token not-before seconds take a few
					// seconds on a loaded two-core machine; these are not performance limits.
					testTimeout: 30_000 * TIMEOUT_SCALE,
					hookTimeout: 30_000 * TIMEOUT_SCALE,
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
