/**
 * W6, the roadmap's criterion: 100 requests at once, cached tool calls over 10 sessions and
 * `GET /health`, every one answered correctly: a tool call with the same answer as the call
 * that cached it, /health with its status "ok". Several rounds; the time of each request and
 * each round's wall time, and the upstream requests and 429s during the rounds (from the
 * sandbox's counters).
 */
import { isDeepStrictEqual } from "node:util";
import { plusDays } from "./fixtures.mjs";
import { percentile, summarize } from "./measure.mjs";

const HEALTH_TIMEOUT_MS = 30_000;
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/** The cached reads the rounds rotate through. */
export function cachedReads(fixtures) {
	const { listingId, bookingId, today } = fixtures;
	return [
		["list_listings", {}],
		["get_listing", { listingId }],
		["get_booking", { bookingId }],
		["get_calendar", { listingId, startDate: plusDays(today, 1), endDate: plusDays(today, 14) }],
		["search_bookings", { arrivalFrom: today, arrivalTo: plusDays(today, 14) }],
	];
}

/** An answer without the moment it was made (`asOf`, which some answers carry), for comparing two answers. */
export function withoutMoments(value) {
	if (Array.isArray(value)) return value.map(withoutMoments);
	if (value && typeof value === "object") {
		return Object.fromEntries(
			Object.entries(value)
				.filter(([key]) => key !== "asOf")
				.map(([key, inner]) => [key, withoutMoments(inner)]),
		);
	}
	return value;
}

async function health(server) {
	const started = performance.now();
	try {
		// A request never answered counts as failed after a while, rather than holding up the round.
		const answer = fetch(`${server.url}/health`).then(async (response) => ({ response, body: await response.json() }));
		const { response, body } = await Promise.race([
			answer,
			sleep(HEALTH_TIMEOUT_MS).then(() => Promise.reject(new Error("no answer in 30 s"))),
		]);
		return {
			ok: response.ok && body.status === "ok",
			ms: performance.now() - started,
			what: "/health",
			text: JSON.stringify(body).slice(0, 200),
		};
	} catch (error) {
		return { ok: false, ms: performance.now() - started, what: "/health", text: String(error) };
	}
}

/**
 * @param {import("./server.mjs").BenchServer} server
 * @param {{ rounds: number, requests?: number, healthShare?: number }} options
 */
export async function measureConcurrency(server, fixtures, { rounds, requests = 100, healthShare = 0.1 }) {
	const reads = cachedReads(fixtures);
	const sessions = await Promise.all(Array.from({ length: 10 }, (_, i) => server.session(`bench-w6-${i}`)));
	try {
		// Each read cached once, its answer the reference; each session makes a call before the rounds.
		const expected = [];
		for (const [tool, args] of reads) expected.push(withoutMoments((await sessions[0].mustCall(tool, args)).data));
		for (const session of sessions) await session.mustCall(...reads[0]);
		const healthEvery = Math.round(1 / healthShare);
		const before = await server.stats();
		const reloadsBefore = server.reloads();
		const walls = [];
		const perRequest = [];
		const wrong = [];
		for (let round = 0; round < rounds; round++) {
			const started = performance.now();
			const outcomes = await Promise.all(
				Array.from({ length: requests }, async (_, index) => {
					if (index % healthEvery === 0) return health(server);
					const which = index % reads.length;
					const [tool, args] = reads[which];
					const outcome = await sessions[index % sessions.length].call(tool, args);
					const correct = outcome.ok && isDeepStrictEqual(withoutMoments(outcome.data), expected[which]);
					return {
						ok: correct,
						ms: outcome.ms,
						what: tool,
						text: outcome.ok ? "a different answer than the cached one" : outcome.text.slice(0, 200),
					};
				}),
			);
			walls.push(performance.now() - started);
			perRequest.push(...outcomes.map((outcome) => outcome.ms));
			wrong.push(...outcomes.filter((outcome) => !outcome.ok));
		}
		const after = await server.stats();
		return {
			rounds,
			requestsPerRound: requests,
			healthPerRound: Math.ceil(requests / healthEvery),
			calls: rounds * requests,
			answeredCorrectly: rounds * requests - wrong.length,
			wallMs: walls.map((ms) => Math.round(ms)),
			wallMedianMs: Math.round(percentile(walls, 50)),
			perRequest: summarize(perRequest),
			// Counters lower than before: the sandbox lost its memory (a restart) and the figures are unknown.
			upstreamRequests: after.total >= before.total ? after.total - before.total : null,
			upstream429: after.total >= before.total ? (after.byStatus["429"] ?? 0) - (before.byStatus["429"] ?? 0) : null,
			serverReloads: server.reloads() - reloadsBefore,
			wrong: wrong.slice(0, 3).map(({ what, text }) => ({ what, text })),
		};
	} finally {
		await Promise.all(sessions.map((session) => session.close().catch(() => undefined)));
	}
}
