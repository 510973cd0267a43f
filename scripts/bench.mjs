#!/usr/bin/env node
/**
 * `npm run bench`: how fast the server answers, and what each answer costs upstream.
 *
 * Starts `wrangler dev` on the sandbox, gives the sandbox a realistic Hostaway latency
 * (default 150 ms ± 100 ms per request), then calls each tool once cold and N times warm
 * through the official MCP SDK client over real HTTP. Prints latency percentiles, upstream
 * requests per call (from the sandbox's counters) and the targets; writes the numbers to
 * bench-results/. Speed targets live here, never in tests.
 *
 *   npm run bench                       # defaults
 *   npm run bench -- --warm 15 --latency 250 --jitter 150
 */
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StreamableHTTPClientTransport } from "@modelcontextprotocol/sdk/client/streamableHttp.js";
import { mkdirSync, writeFileSync } from "node:fs";
import { parseArgs } from "node:util";
import { startWranglerDev } from "./lib/wrangler-dev.mjs";

const { values: options } = parseArgs({
	options: {
		warm: { type: "string", default: "8" },
		latency: { type: "string", default: "150" },
		jitter: { type: "string", default: "100" },
	},
});
const WARM_CALLS = Number(options.warm);

/** Targets for a warm call's p95, in ms: cached reads feel instant; uncached ones pay Hostaway. */
const TARGETS = { cached: 400, uncached: 2_500, cold: 5_000 };

const isoDay = (offset) => new Date(Date.now() + offset * 86_400_000).toISOString().slice(0, 10);

function percentile(sorted, p) {
	if (sorted.length === 0) return NaN;
	return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}

const server = await startWranglerDev();
const control = async (method, path, body) => {
	const response = await fetch(`${server.url}/sandbox/control${path}`, {
		method,
		headers: { "Content-Type": "application/json" },
		body: body === undefined ? undefined : JSON.stringify(body),
	});
	return response.json();
};

const results = [];
try {
	await control("POST", "/reset", {});
	await control("PUT", "/latency", { fixedMs: Number(options.latency), jitterMs: Number(options.jitter) });

	const client = new Client({ name: "hostaway-mcp-bench", version: "1.0.0" });
	await client.connect(new StreamableHTTPClientTransport(new URL(`${server.url}/mcp`)));

	/** A call the account's rate budget refused ("retry in N seconds") is counted, not fatal. */
	const call = async (name, args) => {
		const started = performance.now();
		const result = await client.callTool({ name, arguments: args });
		const ms = performance.now() - started;
		const text = JSON.stringify(result.content);
		if (result.isError && !/request budget is used up/.test(text)) throw new Error(`${name} failed: ${text}`);
		return { ms, result, refused: result.isError === true };
	};

	// Ids for the detail tools, read through the server itself.
	const listings = (await call("list_listings", { limit: 5 })).result.structuredContent;
	const listingId = listings.listings[0].id;
	const bookings = (await call("search_bookings", { arrivalFrom: isoDay(-10), arrivalTo: isoDay(10) })).result.structuredContent;
	const bookingId = bookings.bookings[0].id;

	const scenarios = [
		{ tool: "whoami", args: {}, kind: "cached" },
		{ tool: "list_listings", args: {}, kind: "cached" },
		{ tool: "get_listing", args: { listingId }, kind: "cached" },
		{ tool: "get_calendar", args: { listingId }, kind: "cached" },
		{ tool: "check_availability", args: { listingId, arrival: isoDay(40), departure: isoDay(43), guests: 2 }, kind: "uncached" },
		{ tool: "find_available_listings", args: { arrival: isoDay(40), departure: isoDay(43), guests: 2 }, kind: "cached" },
		{ tool: "search_bookings", args: { arrivalFrom: isoDay(0), arrivalTo: isoDay(14) }, kind: "cached" },
		{ tool: "get_booking", args: { bookingId }, kind: "cached" },
		{ tool: "get_guest", args: { bookingId }, kind: "cached" },
		{ tool: "list_conversations", args: {}, kind: "uncached" },
		{ tool: "get_message_history", args: { bookingId }, kind: "uncached" },
		{ tool: "daily_briefing", args: {}, kind: "uncached" },
		{ tool: "occupancy_report", args: { start: isoDay(-30), end: isoDay(-1) }, kind: "cached" },
	];

	for (const scenario of scenarios) {
		// A fresh 10-second rate window for each scenario, so one does not pay for another.
		await new Promise((r) => setTimeout(r, 10_500));
		await control("DELETE", "/log");
		const cold = await call(scenario.tool, scenario.args);
		const coldUpstream = (await control("GET", "/stats")).total;
		const warm = [];
		let refused = 0;
		for (let i = 0; i < WARM_CALLS; i++) {
			const outcome = await call(scenario.tool, scenario.args);
			if (outcome.refused) refused++;
			else warm.push(outcome.ms);
		}
		const totalUpstream = (await control("GET", "/stats")).total;
		warm.sort((a, b) => a - b);
		const p50 = percentile(warm, 50);
		const p95 = percentile(warm, 95);
		const target = TARGETS[scenario.kind];
		results.push({
			tool: scenario.tool,
			kind: scenario.kind,
			coldMs: Math.round(cold.ms),
			warmP50Ms: Math.round(p50),
			warmP95Ms: Math.round(p95),
			warmMaxMs: Math.round(warm[warm.length - 1]),
			upstreamCold: coldUpstream,
			upstreamPerWarmCall: Number(((totalUpstream - coldUpstream) / WARM_CALLS).toFixed(2)),
			refusedByBudget: refused,
			targetP95Ms: target,
			meetsTarget: !cold.refused && refused === 0 && p95 <= target && cold.ms <= TARGETS.cold,
		});
	}
	await client.close();
} finally {
	await server.stop();
}

console.log(`\nSandbox latency ${options.latency} ms ± ${options.jitter} ms per Hostaway request; ${WARM_CALLS} warm calls per tool.\n`);
console.table(results);
const missed = results.filter((r) => !r.meetsTarget);
console.log(missed.length === 0 ? "All targets met." : `Targets missed: ${missed.map((r) => r.tool).join(", ")}`);
mkdirSync("bench-results", { recursive: true });
const file = `bench-results/bench-${new Date().toISOString().replace(/[:.]/g, "-")}.json`;
writeFileSync(file, JSON.stringify({ options, targets: TARGETS, results }, null, 2));
console.log(`Written to ${file}`);
