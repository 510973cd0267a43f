/**
 * docs/benchmarks.md's sections for the issue-13 workloads (W1 to W6) and the targets table.
 * Pure functions of the results object bench.mjs assembles; report.mjs puts them in order.
 */
import { markdownTable } from "./markdown.mjs";
import { TARGETS } from "./targets.mjs";
import { WORKFLOW_MINIMUM } from "./workflows.mjs";

const ms = (value) => (value === null || value === undefined ? null : `${Math.round(value)} ms`);
const seconds = (value) => (value === null || value === undefined ? null : `${(value / 1000).toFixed(1)} s`);
const times = (value) => (value === null || value === undefined ? null : `${value}×`);
const percent = (value) => (value === null || value === undefined ? null : `${Math.round(value * 100)} %`);
const verdict = (met) => (met === null ? "not measured" : met ? "met" : "**not met**");

export function targetsTable(targets) {
	return markdownTable(
		["target", "goal", "measured", ""],
		targets.map((row) => [row.label, row.target, row.measured, verdict(row.met)]),
	);
}

export function toolOverheadSection(rows, options) {
	return [
		"## W1: each tool's overhead",
		"",
		`Every read tool, and every write's preview step (previews only: a confirmation changes the account, so it has no repeatable cache miss). A miss: the account's cached responses made unreachable (a signed reservation webhook, token held), then the call, ${rows[0]?.miss.count ?? 0} times; right after each, the Hostaway requests it made (from the sandbox's log) sent again directly to the sandbox over HTTP with a token of the bench's own, parallel where the call's were (\`direct\`). A hit: the same call again at once, ${rows[0]?.hit.count ?? 0} times. Sandbox latency ${options.latency} ± ${options.jitter} ms, drawn anew for each miss and the same for its replay (the sandbox's seeded jitter), so each miss is compared with the very same upstream time.`,
		"",
		markdownTable(
			[
				"tool",
				"upstream per miss",
				"miss median / p95",
				"direct median / p95",
				"miss ÷ direct",
				"hit median / p95",
				"hit ÷ miss",
				"upstream per hit",
			],
			rows.map((row) => [
				row.kind === "read" ? `\`${row.tool}\`` : `\`${row.tool}\` (preview)`,
				row.upstreamPerMiss.join(" or "),
				`${ms(row.miss.medianMs)} / ${ms(row.miss.p95Ms)}`,
				row.direct ? `${ms(row.direct.medianMs)} / ${ms(row.direct.p95Ms)}` : null,
				times(row.missRatio),
				`${ms(row.hit.medianMs)} / ${ms(row.hit.p95Ms)}`,
				percent(row.hitShareOfMiss),
				row.upstreamPerHit,
			]),
			["left", "right", "right", "right", "right", "right", "right", "right"],
		),
		"",
	];
}

export function workflowsSection(workflows) {
	const minimumNotes = workflows.flatMap((run) => [
		`- ${run.title}: ${run.minimum}: ${WORKFLOW_MINIMUM[run.workflow].map(([request, why]) => `\`${request}\` (${why})`).join("; ")}.`,
	]);
	return [
		"## W2: workflows",
		"",
		"Each run in one session from a cold cache (token held); the writes confirmed (the message sent, the booking made) and the account restored after each run. Upstream requests from the sandbox's log, against the fewest the workflow needs:",
		"",
		...minimumNotes,
		"",
		markdownTable(
			["workflow", "runs", "upstream (median)", "minimum", "upstream ÷ minimum", "wall median / p95", "requests of the first run"],
			workflows.map((run) => [
				run.title,
				run.runs,
				run.upstreamMedian,
				run.minimum,
				times(Math.round((run.upstreamMedian / run.minimum) * 100) / 100),
				`${ms(run.wall.medianMs)} / ${ms(run.wall.p95Ms)}`,
				Object.entries(run.routes)
					.map(([route, count]) => (count > 1 ? `${route} ×${count}` : route))
					.join(", "),
			]),
			["left", "right", "right", "right", "right", "right", "left"],
		),
		"",
	];
}

export function burstSection(burst) {
	return [
		"## W3: burst of one tenant",
		"",
		`${burst.calls} calls from ${burst.sessions} concurrent sessions of one tenant, on Hostaway's documented limits (the rate phase's 400-call burst below). The floor: the admitted upstream requests at Hostaway's ${TARGETS.hostawayLimitPer10s} per 10 s per account, the first ${TARGETS.hostawayLimitPer10s} at once and each further ${TARGETS.hostawayLimitPer10s} a window later.`,
		"",
		markdownTable(
			["answered", "upstream requests", "upstream 429s", "most in any 10 s", "total time", "floor", "over the floor"],
			[
				[
					`${burst.answered} / ${burst.calls} (${percent(burst.answeredShare)})`,
					burst.upstreamRequests,
					burst.upstream429,
					burst.maxIn10s,
					seconds(burst.wallMs),
					seconds(burst.floorMs),
					seconds(burst.overFloorMs),
				],
			],
			["right", "right", "right", "right", "right", "right", "right"],
		),
		"",
	];
}

export function tenantsSection(tenants) {
	return [
		"## W4: five tenants together",
		"",
		`Each of the sandbox's five accounts sends ${tenants.callsPerTenant} calls (the burst's rotation: at most one upstream request each) from ${tenants.sessionsPerTenant} sessions with API keys of its own: first each alone, then all five at once. Throughput: answered calls per second of the tenant's own wall time. All five share the Worker's address, so the sandbox's per-IP limit (200 per 10 s) counts them together, and the server divides its budget for the address (190 per 10 s by default) among the accounts sending at once: together at most ${tenants.together.maxAllAccountsIn10s} requests in any 10 s, ${tenants.together.upstream429} upstream 429s (${tenants.aloneUpstream429} alone). Alone, an account has the address to itself, so its throughput together is bounded by its share.`,
		"",
		markdownTable(
			[
				"account",
				"answered alone",
				"alone",
				"answered together",
				"together",
				"together ÷ alone",
				"429s together",
				"most in any 10 s together",
			],
			tenants.tenants.map((t) => [
				t.accountId,
				`${t.alone?.answered} / ${t.alone?.calls}`,
				`${t.alone?.throughputPerS}/s in ${seconds(t.alone?.wallMs)}`,
				`${t.together.answered} / ${t.together.calls}`,
				`${t.together.throughputPerS}/s in ${seconds(t.together.wallMs)}`,
				percent(t.togetherShareOfAlone),
				t.together.upstream?.rateLimited ?? 0,
				t.together.upstream?.maxIn10s ?? 0,
			]),
			["left", "right", "right", "right", "right", "right", "right", "right"],
		),
		"",
		...tenantFailureNotes(tenants),
	];
}

/** The calls of W4 that were not answered (first three per tenant and run), as a list. */
function tenantFailureNotes(tenants) {
	const notes = tenants.tenants.flatMap((t) =>
		[
			["alone", t.alone],
			["together", t.together],
		].flatMap(([when, run]) =>
			(run?.failures ?? []).map((failure) => `- ${t.accountId} ${when}: \`${failure.tool}\`: ${failure.text.replace(/\s+/g, " ")}`),
		),
	);
	return notes.length ? ["Calls not answered (first three per tenant and run):", "", ...notes, ""] : [];
}

export function contextSection(context) {
	const { toolsList, results } = context;
	return [
		"## W5: context size",
		"",
		"Characters of each tool's answer from a cold call (its text content; its structured content as JSON alongside) against the raw Hostaway payloads it was built from (the response bodies of that call's upstream requests), and tokens estimated as characters / 4.",
		"",
		markdownTable(
			["tool", "answer text", "≈ tokens", "structured", "raw payloads", "≈ tokens", "answer ÷ raw"],
			results.map((row) => [
				`\`${row.tool}\`${row.kind === "preview" ? " (preview)" : ""}${row.isList ? " (list)" : ""}`,
				row.textChars,
				row.textTokens,
				row.structuredChars,
				row.rawChars,
				row.rawTokens,
				percent(row.textShareOfRaw),
			]),
			["left", "right", "right", "right", "right", "right", "right"],
		),
		"",
		`\`tools/list\`: ${toolsList.totalChars} characters in all, ≈ ${toolsList.totalTokens} tokens.`,
		"",
		markdownTable(
			["tool", "description", "input schema", "output schema", "whole entry", "≈ tokens"],
			toolsList.tools.map((row) => [
				`\`${row.tool}\``,
				row.descriptionChars,
				row.inputSchemaChars,
				row.outputSchemaChars,
				row.chars,
				row.tokens,
			]),
			["left", "right", "right", "right", "right", "right"],
		),
		"",
	];
}

export function concurrencySection(run) {
	const notes = run.wrong.map((wrong) => `- ${wrong.what}: ${wrong.text.replace(/\s+/g, " ")}`);
	return [
		"## W6: 100 concurrent requests",
		"",
		`${run.requestsPerRound} requests at once, ${run.requestsPerRound - run.healthPerRound} cached tool calls (list_listings, get_listing, get_booking, get_calendar, search_bookings in turn) over 10 sessions and ${run.healthPerRound} \`GET /health\`, ${run.rounds} rounds. Correct: a tool call's answer equal to the one that cached it, /health “ok”.`,
		"",
		markdownTable(
			["answered correctly", "per request median / p95", "wall per round", "upstream requests", "upstream 429s"],
			[
				[
					`${run.answeredCorrectly} / ${run.calls}`,
					`${ms(run.perRequest.medianMs)} / ${ms(run.perRequest.p95Ms)}`,
					run.wallMs.map(ms).join(", "),
					run.upstreamRequests,
					run.upstream429,
				],
			],
			["right", "right", "right", "right", "right"],
		),
		"",
		...(run.upstreamRequests === null
			? ["The sandbox's counters went back during the rounds (it lost its memory): its upstream figures are unknown.", ""]
			: []),
		...(notes.length ? ["Not answered correctly (first three):", "", ...notes, ""] : []),
	];
}
