#!/usr/bin/env node
/**
 * `npm run bench`: what each tool costs upstream, how much time the server adds, how it behaves
 * at Hostaway's rate limits and with several tenants, and how much it puts into a model's
 * context. Speed targets live here (targets.mjs), reported as met or not, never in tests.
 *
 * Builds the Worker once, serves it with `wrangler dev` on the sandbox (a simulated Hostaway
 * latency, default 80 ms ± 40 ms: 40 to 120 ms per request, uniform), drives it with the
 * official MCP SDK client, and reads every upstream figure from the sandbox's own counters and
 * request log. Phases (scripts/bench/), all by default:
 * - cost (upstream-cost.mjs): each tool cold and warm, writes as preview and confirm (README's table);
 * - overhead (overhead.mjs): the server's own time at a fixed 100 ms upstream (issue 11 item 9);
 * - w1 (tool-overhead.mjs): each tool's cache miss against the same Hostaway calls made directly, and its cache hit;
 * - w2 (workflows.mjs): three workflows, upstream requests against the fewest needed, and wall time;
 * - w3: the 400-call burst from 20 sessions of one tenant (part of rate; alone when rate is not selected);
 * - w4 (tenants.mjs): five tenants bursting together against each alone;
 * - w5 (context-size.mjs): each tool's answer against the raw payloads, and its tools/list entry;
 * - w6 (concurrency.mjs): 100 concurrent cached reads and /health, all answered correctly;
 * - rate (rate-scenarios.mjs): the thirteen-tool sequence and the 40- and 400-call bursts, on the
 *   documented limits and on the legacy ones (issue 11 item 2).
 * Writes bench-results/bench-<time>.json (all numbers), and after a full run docs/benchmarks.md
 * and the upstream-cost table in README.md between its marker comments. About 8 to 10 minutes;
 * `--quick` runs a reduced set and writes only the JSON.
 *
 *   npm run bench
 *   npm run bench -- --quick
 *   npm run bench -- --latency 150 --jitter 100 --warm 10 --phases w1,w5
 */
import { cpus, freemem, loadavg, platform, release, totalmem } from "node:os";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { parseArgs } from "node:util";
import { buildWorkerBundle } from "./bench/bundle.mjs";
import { readFixtures } from "./bench/fixtures.mjs";
import { replaceBetweenMarkers } from "./bench/markdown.mjs";
import { lastCoverageSummary } from "./bench/coverage-summary.mjs";
import { measureOverhead } from "./bench/overhead.mjs";
import { letWindowPass, PROFILE_LIMITS, runScenario, scenarioPlan } from "./bench/rate-scenarios.mjs";
import { benchmarkReport, README_MARKER, readmeBlock } from "./bench/report.mjs";
import { BenchServer, DEMO_ACCOUNT, SANDBOX_ACCOUNTS } from "./bench/server.mjs";
import { measureUpstreamCost } from "./bench/upstream-cost.mjs";
import { measureToolOverhead } from "./bench/tool-overhead.mjs";
import { measureContextSize } from "./bench/context-size.mjs";
import { measureWorkflows } from "./bench/workflows.mjs";
import { measureConcurrency } from "./bench/concurrency.mjs";
import { measureTenants } from "./bench/tenants.mjs";
import { burstFigures, evaluateTargets } from "./bench/targets.mjs";

const ROOT = resolve(import.meta.dirname, "..");
const PHASES = ["cost", "overhead", "w1", "w2", "w3", "w4", "w5", "w6", "rate"];
const USAGE = `npm run bench -- [--quick] [--latency ms] [--jitter ms] [--overhead-latency ms] [--warm n] [--phases ${PHASES.join(",")}] [--no-write]`;

function readOptions() {
	let values;
	try {
		({ values } = parseArgs({
			options: {
				quick: { type: "boolean", default: false },
				latency: { type: "string", default: "80" },
				jitter: { type: "string", default: "40" },
				"overhead-latency": { type: "string", default: "100" },
				warm: { type: "string" },
				phases: { type: "string", default: PHASES.join(",") },
				"no-write": { type: "boolean", default: false },
			},
			strict: true,
		}));
	} catch (error) {
		fail(error.message);
	}
	const count = (name, value, min) => {
		const number = Number(value);
		if (!Number.isInteger(number) || number < min)
			fail(`--${name} must be a whole number of at least ${min}, got ${JSON.stringify(value)}`);
		return number;
	};
	const phases = values.phases.split(",").map((phase) => phase.trim());
	for (const phase of phases) if (!PHASES.includes(phase)) fail(`--phases: unknown phase ${JSON.stringify(phase)} (${PHASES.join(", ")})`);
	const quick = values.quick;
	if (Number(values.jitter) > Number(values.latency))
		fail(`--jitter (${values.jitter}) must not exceed --latency (${values.latency}): the latency is latency ± jitter`);
	return {
		quick,
		latency: count("latency", values.latency, 0),
		jitter: count("jitter", values.jitter, 0),
		overheadLatency: count("overhead-latency", values["overhead-latency"], 0),
		warm: count("warm", values.warm ?? (quick ? "1" : "5"), 0),
		phases,
		// A reduced or partial run is a smoke test: it never replaces the published numbers.
		write: !values["no-write"] && !quick && phases.length === PHASES.length,
		overheadCounts: quick ? { misses: 3, hits: 10, rounds: 1 } : { misses: 15, hits: 40, rounds: 3 },
		documentedScenarios: quick ? ["thirteen-tools", "burst-40"] : ["thirteen-tools", "burst-40", "burst-400"],
		legacyScenarios: quick ? ["burst-40"] : ["thirteen-tools", "burst-40", "burst-400"],
		toolCounts: quick ? { misses: 2, hits: 3 } : { misses: 11, hits: 10 },
		workflowRuns: quick ? 1 : 3,
		tenantLoad: quick ? { callsPerTenant: 30, sessionsPerTenant: 3 } : { callsPerTenant: 100, sessionsPerTenant: 4 },
		concurrencyRounds: quick ? 1 : 3,
	};
}

function fail(message) {
	console.error(`bench: ${message}\nusage: ${USAGE}`);
	process.exit(2);
}

function machine() {
	const cpu = cpus();
	return {
		cpuModel: cpu[0]?.model?.trim() ?? "unknown",
		cpuCount: cpu.length,
		memoryGiB: Math.round(totalmem() / 2 ** 30),
		freeMemoryGiB: Math.round((freemem() / 2 ** 30) * 10) / 10,
		platform: platform(),
		release: release(),
		node: process.version,
		loadAverage: loadavg().map((load) => Math.round(load * 100) / 100),
	};
}

const log = (message) => console.log(`[bench ${new Date().toISOString().slice(11, 19)}] ${message}`);

async function main() {
	const options = readOptions();
	const startedAt = performance.now();
	const results = { measuredAt: new Date().toISOString(), options, machine: machine(), errors: [] };

	log("building the Worker (wrangler deploy --dry-run)…");
	const bundle = buildWorkerBundle();
	results.bundle = { bytes: bundle.bytes, gzipBytes: bundle.gzipBytes };
	// wrangler's output of each server, kept next to the JSON: where a reload or an error shows.
	const serverOutputs = [];
	const stopServer = async (server) => serverOutputs.push(await server.stop());
	const startServer = async (profile) => {
		const server = await BenchServer.start(bundle.script);
		await server.setLatency(options.latency, options.jitter);
		await server.setRateLimits(profile);
		return server;
	};

	try {
		log("starting wrangler dev…");
		let server = await startServer("documented");
		try {
			const fixtures = await readFixtures(server);
			results.fixtures = { today: fixtures.today, listingCount: fixtures.listingIds.length, accountId: DEMO_ACCOUNT.accountId };

			if (options.phases.includes("cost")) {
				log("upstream cost per tool…");
				try {
					results.upstreamCost = await measureUpstreamCost(server, fixtures, { warmCalls: options.warm });
				} finally {
					// The writes' booking, message and calendar note are undone; the cache forgets them too.
					// A reset also clears the sandbox's settings: the latency and limits are set again.
					await server.reset(DEMO_ACCOUNT.accountId);
					await server.setLatency(options.latency, options.jitter);
					await server.setRateLimits("documented");
					await server.invalidateCache();
				}
			}
			if (options.phases.includes("overhead")) {
				log(`the server's own time (sandbox at a fixed ${options.overheadLatency} ms), on workerd without wrangler's proxy…`);
				const direct = await BenchServer.start(bundle.script, {}, { runtime: "direct" });
				try {
					await direct.setLatency(options.overheadLatency, 0);
					results.overhead = await measureOverhead(direct, await readFixtures(direct), options.overheadCounts);
				} finally {
					await stopServer(direct);
				}
				log(`the same through wrangler dev…`);
				await server.setLatency(options.overheadLatency, 0);
				results.overheadViaWranglerDev = await measureOverhead(server, fixtures, options.overheadCounts);
				await server.setLatency(options.latency, options.jitter);
			}
			await runWorkloads(server, fixtures, options, results);

			const burstOnly = options.phases.includes("w3") && !options.phases.includes("rate");
			if (options.phases.includes("rate") || burstOnly) {
				const plan = scenarioPlan(fixtures);
				results.rateLimits = [];
				await server.setLatency(options.latency, options.jitter);
				for (const name of burstOnly ? ["burst-400"] : options.documentedScenarios) {
					await letWindowPass();
					log(`rate limits, documented: ${plan[name].title}…`);
					results.rateLimits.push({ ...(await runScenario(server, name, plan[name], "documented")), limits: PROFILE_LIMITS.documented });
				}
				if (burstOnly) options.legacyScenarios = [];
				await stopServer(server);
				server = undefined;
				// A new server for each: the account adapts to the legacy limits for a day, in its gate's storage.
				for (const name of options.legacyScenarios) {
					log(`rate limits, legacy: ${plan[name].title} (new server)…`);
					server = await startServer("legacy");
					results.rateLimits.push({ ...(await runScenario(server, name, plan[name], "legacy")), limits: PROFILE_LIMITS.legacy });
					await stopServer(server);
					server = undefined;
				}
			}
		} finally {
			if (server) await stopServer(server);
		}
	} catch (error) {
		results.errors.push(error instanceof Error ? (error.stack ?? error.message) : String(error));
	} finally {
		bundle.remove();
	}
	results.coverage = lastCoverageSummary();
	results.burst = burstFigures(results.rateLimits);
	results.targets = evaluateTargets(results);
	results.durationMs = Math.round(performance.now() - startedAt);
	await writeOutputs(results, options, serverOutputs);
	if (results.errors.length > 0) {
		console.error(`\nbench failed:\n${results.errors.join("\n")}`);
		process.exitCode = 1;
	}
}

/** The issue-13 workloads W1, W2, W4, W5 and W6 on the running server (W3 is the rate phase's 400-call burst). */
async function runWorkloads(server, fixtures, options, results) {
	const { phases } = options;
	if (phases.includes("w1")) {
		log(`W1: each tool's cache miss against the same calls made directly, and its hit…`);
		results.toolOverhead = await measureToolOverhead(server, fixtures, options.toolCounts, {
			medianMs: options.latency,
			spreadMs: options.jitter,
		});
	}
	if (phases.includes("w5")) {
		log("W5: answers against the raw payloads, tools/list…");
		const rows =
			results.toolOverhead ??
			(await measureToolOverhead(server, fixtures, { misses: 1, hits: 0 }, { medianMs: options.latency, spreadMs: options.jitter }));
		results.contextSize = await measureContextSize(server, rows);
	}
	if (phases.includes("w2")) {
		log("W2: workflows…");
		const restore = async () => {
			await server.reset(DEMO_ACCOUNT.accountId);
			await server.setLatency(options.latency, options.jitter);
			await server.setRateLimits("documented");
			await server.invalidateCache();
		};
		results.workflows = await measureWorkflows(server, fixtures, { runs: options.workflowRuns, restore });
	}
	if (phases.includes("w6")) {
		log("W6: 100 concurrent cached reads and /health…");
		results.concurrency = await measureConcurrency(server, fixtures, { rounds: options.concurrencyRounds });
	}
	if (phases.includes("w4")) {
		log("W4: five tenants, alone and together…");
		const tenantFixtures = [];
		for (const account of SANDBOX_ACCOUNTS) tenantFixtures.push({ account, fixtures: await readFixtures(server, account) });
		await letWindowPass();
		results.tenants = await measureTenants(server, tenantFixtures, options.tenantLoad);
	}
}

/** Writes a generated Markdown file as Prettier would format it, so `npm run lint` accepts it as it is. */
async function writeMarkdown(path, text) {
	const prettier = await import("prettier");
	const config = (await prettier.resolveConfig(path)) ?? {};
	writeFileSync(path, await prettier.format(text, { ...config, filepath: path }));
}

async function writeOutputs(results, options, serverOutputs) {
	mkdirSync(join(ROOT, "bench-results"), { recursive: true });
	const name = `bench-${results.measuredAt.replace(/[:.]/g, "-")}`;
	const json = join(ROOT, "bench-results", `${name}.json`);
	writeFileSync(json, `${JSON.stringify(results, null, "\t")}\n`);
	writeFileSync(
		join(ROOT, "bench-results", `${name}-wrangler.log`),
		serverOutputs.map((output, i) => `=== server ${i + 1} ===\n${output}`).join("\n"),
	);
	log(`all numbers: ${json} (wrangler's output: ${name}-wrangler.log)`);
	printSummary(results);
	if (!options.write || results.errors.length > 0) {
		log("README.md and docs/benchmarks.md left as they were (a reduced, partial or failed run).");
		return;
	}
	mkdirSync(join(ROOT, "docs"), { recursive: true });
	await writeMarkdown(join(ROOT, "docs", "benchmarks.md"), benchmarkReport(results));
	// Read just before writing: README.md is edited by hand too.
	const readmePath = join(ROOT, "README.md");
	await writeMarkdown(readmePath, replaceBetweenMarkers(readFileSync(readmePath, "utf8"), README_MARKER, readmeBlock(results)));
	log("written: docs/benchmarks.md and README.md's upstream-cost table");
}

function printSummary(results) {
	if (results.toolOverhead) {
		console.log("\nW1, each tool's overhead:");
		console.table(
			results.toolOverhead.map((row) => ({
				tool: row.kind === "read" ? row.tool : `${row.tool} (preview)`,
				upstream: row.upstreamPerMiss.join("/"),
				missMedianMs: row.miss.medianMs,
				directMedianMs: row.direct?.medianMs ?? null,
				missRatio: row.missRatio,
				hitMedianMs: row.hit.medianMs,
				hitP95Ms: row.hit.p95Ms,
				hitShare: row.hitShareOfMiss,
			})),
		);
	}
	if (results.workflows) {
		console.log("\nW2, workflows:");
		console.table(
			results.workflows.map((run) => ({
				workflow: run.workflow,
				upstream: run.upstreamMedian,
				minimum: run.minimum,
				wallMedianMs: run.wall.medianMs,
				wallP95Ms: run.wall.p95Ms,
			})),
		);
	}
	if (results.burst) console.log("\nW3, burst:", results.burst);
	if (results.tenants) {
		console.log("\nW4, tenants:");
		console.table(
			results.tenants.tenants.map((t) => ({
				account: t.accountId,
				alonePerS: t.alone?.throughputPerS,
				togetherPerS: t.together.throughputPerS,
				share: t.togetherShareOfAlone,
				answeredTogether: `${t.together.answered}/${t.together.calls}`,
				upstream429: t.together.upstream?.rateLimited ?? 0,
			})),
		);
		console.log(results.tenants.together);
	}
	if (results.contextSize) {
		console.log("\nW5, answers against raw payloads:");
		console.table(
			results.contextSize.results.map(({ tool, kind, textChars, structuredChars, rawChars, textShareOfRaw }) => ({
				tool,
				kind,
				textChars,
				structuredChars,
				rawChars,
				textShareOfRaw,
			})),
		);
		console.log(
			`tools/list: ${results.contextSize.toolsList.totalChars} characters, ≈ ${results.contextSize.toolsList.totalTokens} tokens`,
		);
	}
	if (results.concurrency) {
		const { answeredCorrectly, calls, perRequest, wallMs, upstream429 } = results.concurrency;
		console.log(
			`\nW6: ${answeredCorrectly}/${calls} answered correctly; per request median ${perRequest.medianMs} ms, p95 ${perRequest.p95Ms} ms; wall ${wallMs.join(", ")} ms; upstream 429s ${upstream429}`,
		);
	}
	console.log("\nTargets (reported, not asserted):");
	console.table(
		results.targets.map(({ label, target, measured, met }) => ({
			label,
			target,
			measured,
			met: met === null ? "not measured" : met ? "met" : "NOT MET",
		})),
	);
	if (results.upstreamCost) {
		console.table(
			results.upstreamCost.map((row) => ({
				tool: row.step === "call" ? row.tool : `${row.tool} (${row.step})`,
				upstreamCold: row.upstreamCold,
				upstreamWarm: row.upstreamWarm,
				coldMs: row.coldMs,
				warmMedianMs: row.warm.medianMs,
				warmP95Ms: row.warm.p95Ms,
			})),
		);
	}
	if (results.overhead) {
		const { miss, direct, missRatio, hit, concurrent, targets, met } = results.overhead;
		const verdict = (ok) => (ok ? "met" : "NOT MET");
		console.log(`\nServer's own time (targets reported, not asserted):`);
		console.log(
			`  cache miss get_calendar: median ${miss.medianMs} ms vs direct ${direct.medianMs} ms = ${missRatio}× (target ≤ ${targets.missRatio}×: ${verdict(met.miss)})`,
		);
		console.log(`  cache hit: median ${hit.medianMs} ms, p95 ${hit.p95Ms} ms (target < ${targets.hitMedianMs} ms: ${verdict(met.hit)})`);
		const { floor } = results.overhead;
		console.log(`  for comparison: MCP ping median ${floor.ping.medianMs} ms, GET /health median ${floor.health.medianMs} ms`);
		const viaDev = results.overheadViaWranglerDev;
		if (viaDev) {
			console.log(
				`  through wrangler dev: miss ${viaDev.missRatio}×, hit median ${viaDev.hit.medianMs} ms (ping ${viaDev.floor.ping.medianMs} ms, /health ${viaDev.floor.health.medianMs} ms), 100 concurrent wall ${viaDev.concurrent.wallMedianMs} ms`,
			);
		}
		console.log(
			`  100 concurrent cached list_listings / 10 sessions: ${concurrent.answered}/${concurrent.calls} answered, wall ${concurrent.wallMedianMs} ms (median), p95 ${concurrent.perCall.p95Ms} ms (target all answered, < ${targets.concurrentWallMs} ms: ${verdict(met.concurrent)})`,
		);
	}
	if (results.rateLimits) {
		console.log("\nRate limits:");
		console.table(
			results.rateLimits.map((run) => {
				const figures = Object.values(run.upstream)[0] ?? {};
				return {
					scenario: run.scenario,
					profile: run.profile,
					answered: `${run.answered}/${run.calls}`,
					wallS: Math.round(run.wallMs / 100) / 10,
					upstream: figures.requests ?? 0,
					upstream429: figures.rateLimited ?? 0,
					maxIn10s: figures.maxIn10s ?? 0,
					maxAfterFirst10s: figures.maxIn10sAfterFirstWindow ?? 0,
				};
			}),
		);
	}
}

await main();
