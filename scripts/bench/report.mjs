/**
 * The bench's results as Markdown: the upstream-cost table for README.md and the whole report
 * for docs/benchmarks.md. Pure functions of the results object bench.mjs assembles (also
 * written as JSON).
 */
import { markdownTable } from "./markdown.mjs";
import {
	burstSection,
	concurrencySection,
	contextSection,
	targetsTable,
	tenantsSection,
	toolOverheadSection,
	workflowsSection,
} from "./report-workloads.mjs";

export const README_MARKER = "bench:upstream-cost";

const ms = (value) => (value === null || value === undefined ? null : `${Math.round(value)} ms`);
const seconds = (value) => `${(value / 1000).toFixed(1)} s`;
const yesNo = (met) => (met ? "met" : "**not met**");

/** `GET /listings ×2, GET /reservations` */
export function routesText(routes) {
	return Object.entries(routes ?? {})
		.map(([route, count]) => (count > 1 ? `${route} ×${count}` : route))
		.join(", ");
}

/** An average number of requests: whole numbers as they are, others to one decimal. */
function requestsText(value) {
	if (value === null || value === undefined) return null;
	return Number.isInteger(value) ? String(value) : value.toFixed(1);
}

function stepLabel(row) {
	return row.step === "call" ? `\`${row.tool}\`` : `\`${row.tool}\` (${row.step})`;
}

/** README's table: upstream requests of each tool call, cold and warm, and which endpoints a cold call used. */
export function upstreamCostTable(rows) {
	return markdownTable(
		["tool", "cold", "warm", "Hostaway requests of a cold call"],
		rows.map((row) => [
			stepLabel(row),
			requestsText(row.upstreamCold),
			requestsText(row.upstreamWarm),
			routesText(row.coldRoutes) || "none",
		]),
		["left", "right", "right", "left"],
	);
}

/** The block between README's markers. */
export function readmeBlock(results) {
	return [
		`Hostaway requests per tool call on the sandbox's demo account (${results.fixtures.listingCount} listings), measured by \`npm run bench\``,
		`on ${results.measuredAt.slice(0, 10)} (generated; do not edit by hand). **Cold**: the first call with an empty cache (the`,
		"account's token already held); **warm**: the same call again at once. A write is two calls, preview and confirm; its",
		"warm preview is a second preview of the same change. Times, the server's own time and the rate-limit runs are in",
		"[docs/benchmarks.md](docs/benchmarks.md).",
		"",
		upstreamCostTable(results.upstreamCost),
	].join("\n");
}

function machineText(machine) {
	return `${machine.cpuModel} × ${machine.cpuCount}, ${machine.memoryGiB} GiB, ${machine.platform} ${machine.release}, Node ${machine.node}; load average at the start ${machine.loadAverage.join(" / ")}`;
}

function costTimingTable(rows) {
	return markdownTable(
		["tool", "upstream cold", "upstream warm", "cold", "warm median", "warm p95"],
		rows.map((row) => [
			stepLabel(row),
			requestsText(row.upstreamCold),
			requestsText(row.upstreamWarm),
			ms(row.coldMs),
			ms(row.warm.medianMs),
			ms(row.warm.p95Ms),
		]),
		["left", "right", "right", "right", "right", "right"],
	);
}

function overheadTable(overhead) {
	const { miss, direct, hit, concurrent, targets, met } = overhead;
	return markdownTable(
		["figure", "measured", "target", ""],
		[
			[
				"cache-miss `get_calendar` against the same Hostaway request made directly",
				`${ms(miss.medianMs)} vs ${ms(direct.medianMs)} (median; p95 ${ms(miss.p95Ms)} vs ${ms(direct.p95Ms)}): **${overhead.missRatio}×**`,
				`≤ ${targets.missRatio}×`,
				yesNo(met.miss),
			],
			[
				"cache hit (`get_calendar` again)",
				`median ${ms(hit.medianMs)}, p95 ${ms(hit.p95Ms)}`,
				`< ${targets.hitMedianMs} ms (median)`,
				yesNo(met.hit),
			],
			...(overhead.floor
				? [
						[
							"for comparison: an MCP `ping` and a `GET /health`, interleaved with the hits",
							`median ${ms(overhead.floor.ping.medianMs)} and ${ms(overhead.floor.health.medianMs)}: the hit's own share about ${ms(hit.medianMs - overhead.floor.ping.medianMs)}`,
							"",
							"",
						],
					]
				: []),
			[
				"100 concurrent cached `list_listings` over 10 sessions",
				`${concurrent.answered} of ${concurrent.calls} answered; wall ${ms(concurrent.wallMedianMs)} (median of ${concurrent.rounds}; ${concurrent.wallMs.map((w) => ms(w)).join(", ")}), per call p95 ${ms(concurrent.perCall.p95Ms)}`,
				`all answered, < ${targets.concurrentWallMs} ms`,
				yesNo(met.concurrent),
			],
		],
	);
}

function scenarioRows(runs) {
	return runs.map((run) => {
		const [accountId, figures] = Object.entries(run.upstream)[0] ?? [null, null];
		return [
			run.title,
			run.profile,
			`${run.answered} / ${run.calls}`,
			seconds(run.wallMs),
			figures?.requests ?? 0,
			figures?.rateLimited ?? 0,
			figures?.maxIn10s ?? 0,
			figures?.maxIn10sAfterFirstWindow ?? 0,
			figures ? seconds(figures.firstRequestAfterMs) : null,
			`${run.limits.account} / ${run.limits.ip}`,
			accountId,
		];
	});
}

function scenarioTable(runs) {
	return markdownTable(
		[
			"scenario",
			"limits",
			"answered",
			"wall time",
			"upstream requests",
			"upstream 429s",
			"most in any 10 s",
			"… after the first 10 s",
			"first upstream request after",
			"sandbox limit (account / IP)",
			"account",
		],
		scenarioRows(runs),
		["left", "left", "right", "right", "right", "right", "right", "right", "right", "right", "left"],
	);
}

function scenarioNotes(runs) {
	const notes = [];
	for (const run of runs) {
		if (run.serverReloads > 0)
			notes.push(
				`- ${run.title} (${run.profile}): wrangler reloaded the Worker ${run.serverReloads} time(s) during the run, emptying the sandbox's log and the gates' memory: its upstream figures are not whole.`,
			);
		else if (Object.keys(run.upstream).length === 0 && run.answered > 0)
			notes.push(
				`- ${run.title} (${run.profile}): the sandbox's log is empty although calls were answered: it lost its memory during the run (see the run's wrangler log), so there are no upstream figures.`,
			);
		if (!run.logComplete)
			notes.push(
				`- ${run.title} (${run.profile}): the sandbox's log (last 1000 requests) overflowed; its window figures cover only the end of the run.`,
			);
		for (const failure of run.failures)
			notes.push(`- ${run.title} (${run.profile}): \`${failure.tool}\` after ${ms(failure.ms)}: ${failure.text.replace(/\s+/g, " ")}`);
	}
	return notes;
}

/** docs/benchmarks.md */
export function benchmarkReport(results) {
	const { options, machine, bundle } = results;
	const lines = [
		"# Benchmarks",
		"",
		"Generated by `npm run bench` (scripts/bench.mjs); do not edit by hand. The numbers are from one run on the machine below;",
		"they move with its load. Targets are reported here, never asserted by tests.",
		"",
		`- Measured: ${results.measuredAt} (business date ${results.fixtures.today})`,
		`- Machine: ${machineText(machine)}`,
		`- Server: \`wrangler dev\` (sandbox mode, as \`npm run dev\`), the Worker built once for the run; its bundle ${(bundle.bytes / 1024 / 1024).toFixed(2)} MiB, ${(bundle.gzipBytes / 1024).toFixed(0)} KiB gzip-compressed`,
		`- Client: the official MCP SDK client over Streamable HTTP, sessions of the sandbox's demo account (local open access); in W4 sessions of all five sandbox accounts, with API keys`,
		`- Simulated Hostaway latency: ${options.latency} ± ${options.jitter} ms per request, uniform (the server's own time, issue 11 item 9: a fixed ${options.overheadLatency} ms)`,
		`- Full run took ${seconds(results.durationMs)}${options.quick ? " (`--quick`: a reduced set)" : ""}`,
		"",
		"## Targets",
		"",
		targetsTable(results.targets),
		"",
		...(results.toolOverhead ? toolOverheadSection(results.toolOverhead, options) : []),
		...(results.workflows ? workflowsSection(results.workflows) : []),
		...(results.burst ? burstSection(results.burst) : []),
		...(results.tenants ? tenantsSection(results.tenants) : []),
		...(results.contextSize ? contextSection(results.contextSize) : []),
		...(results.concurrency ? concurrencySection(results.concurrency) : []),
		"## Upstream cost and time per tool",
		"",
		`Cold: the first call after the account's cache was made unreachable (a signed reservation webhook), token held; warm: ${options.warm} more calls at once (upstream: per call).`,
		"",
		costTimingTable(results.upstreamCost),
		"",
		"## The server's own time (issue 11, item 9)",
		"",
		`The sandbox at a fixed ${options.overheadLatency} ms per request. A miss is a \`get_calendar\` for a stretch of days not cached yet (its listing cached), ${results.overhead.miss.count} times; its Hostaway requests (${results.overhead.miss.upstreamRequestsPerMiss.join(" or ")} per miss, from the sandbox's log) were sent again directly to the sandbox over HTTP (\`/sandbox/v1/…\` with a token) right after each, and timed the same way.`,
		"",
		"Measured on workerd serving the bundle directly (Miniflare, no `wrangler dev`): `wrangler dev` puts a proxy Worker, a second workerd process, in front of the Worker to reload code without dropping connections, which adds an HTTP hop to every request and exists nowhere in production (`scripts/bench/direct-runtime.mjs`). The same figures through `wrangler dev` follow.",
		"",
		overheadTable(results.overhead),
		"",
		...(results.overheadViaWranglerDev
			? ["Through `wrangler dev` (its local proxy included), for comparison:", "", overheadTable(results.overheadViaWranglerDev), ""]
			: []),
		...(results.overhead.concurrent.failures?.length > 0
			? [
					`Calls not answered among the concurrent ones (first three): ${results.overhead.concurrent.failures.map((text) => `“${text}”`).join("; ")}`,
					"",
				]
			: []),
		"## Rate limits (issue 11, item 2)",
		"",
		"Each run starts with a cold cache and empty sandbox windows; on the legacy limits each starts on a new server, so the account has not adapted to them yet. A burst's calls rotate `get_booking` (another booking each time), `search_bookings` (another week of arrivals each time) and `get_listing` (the portfolio's listings in turn; calls for one listing in flight together all miss, later ones hit), so a call costs one upstream request at most. Windows are counted from the sandbox's request log, per account, over any 10 s. Requests are counted when the sandbox received them, the moment its rate limiter counts them. \"… after the first 10 s\" counts from the account's first upstream request on: what it sends once it has had a chance to adapt.",
		"",
		scenarioTable(results.rateLimits),
		"",
	];
	const notes = scenarioNotes(results.rateLimits);
	if (notes.length > 0) lines.push("Failed calls (first five of each run) and gaps:", "", ...notes, "");
	return `${lines.join("\n")}`;
}
