/**
 * W1, each tool's overhead: every read tool, and every write's preview step (never confirmed
 * here: a confirmation changes the account, so it has no repeatable cache miss), measured as
 * - a cache miss (the account's cached responses made unreachable first, token kept) against
 *   the very Hostaway requests it made, sent again directly to the sandbox right after
 *   (replay.mjs), in the same run and under the same load: the ratio of the medians;
 * - a cache hit (the same call again at once), also as a share of the miss.
 * The first miss of each tool also gives W5's figures: the size of its answer against the raw
 * Hostaway payloads it was built from (the replay's response bodies).
 */
import { plusDays } from "./fixtures.mjs";
import { ratio, summarize } from "./measure.mjs";
import { replayable, replayDirectly } from "./replay.mjs";
import { DEMO_ACCOUNT } from "./server.mjs";
import { readCalls } from "./upstream-cost.mjs";

/** The write tools' preview calls (no confirmationToken: nothing is written). */
export function previewCalls(fixtures) {
	const { listingId, today, freeStay, conversationId, bookingId } = fixtures;
	const calendarDay = plusDays(today, 200);
	return [
		["update_calendar", { listingId, startDate: calendarDay, endDate: calendarDay, note: "bench" }],
		[
			"create_booking",
			{ listingId: freeStay.listingId, arrival: freeStay.arrival, departure: freeStay.departure, guestName: "Bench Guest", adults: 2 },
		],
		["update_booking", { bookingId, hostNote: "bench: late arrival" }],
		["send_guest_message", { conversationId, message: "Thank you, see you soon." }],
		["cancel_booking", { bookingId, cancelledBy: "host" }],
	];
}

/**
 * The body of a logged request other than GET, for its replay: only create_booking's preview
 * makes one, Hostaway's price quote (changes nothing), whose body follows from the stay.
 */
function bodyFor(tool, args) {
	return (entry) => {
		if (tool === "create_booking" && entry.method === "POST" && /\/calendar\/priceDetails$/.test(entry.path)) {
			return { startingDate: args.arrival, endingDate: args.departure, numberOfGuests: args.adults, version: 2 };
		}
		return undefined;
	};
}

/** The token request is the bench's own concern on the direct side (its token is held): never replayed. */
const upstreamOf = (entries) => entries.filter((entry) => !entry.path.endsWith("/accessTokens"));

/** Text of a tool result as a client puts it in the model's context: its text content, and its structured content as JSON. */
export function resultSize(outcome) {
	return { textChars: outcome.text.length, structuredChars: outcome.data === undefined ? 0 : JSON.stringify(outcome.data).length };
}

/**
 * Each miss and its replay meet the same simulated latencies: the sandbox's jitter is seeded
 * anew for each miss (a request's delay then depends on the seed and the request only), so the
 * ratio compares the server with the very same upstream time rather than with another random
 * draw, while the misses still spread over the whole range.
 * @param {import("./server.mjs").BenchServer} server
 * @param {{ misses: number, hits: number }} counts
 * @param {{ medianMs: number, spreadMs: number }} latency the run's sandbox latency, restored after
 */
export async function measureToolOverhead(server, fixtures, counts, latency, account = DEMO_ACCOUNT) {
	const session = await server.session("bench-tool-overhead");
	try {
		await server.directToken(account);
		// The session's own start (token, first whoami) is no tool's cost.
		await session.mustCall("whoami");
		const rows = [];
		const calls = [...readCalls(fixtures).map((call) => [...call, "read"]), ...previewCalls(fixtures).map((call) => [...call, "preview"])];
		for (const [tool, args, kind] of calls) rows.push(await measureTool(server, session, account, tool, args, kind, counts, latency));
		return rows;
	} finally {
		await server.setLatency(latency.medianMs, latency.spreadMs);
		await session.close();
	}
}

async function measureTool(server, session, account, tool, args, kind, counts, latency) {
	const body = bodyFor(tool, args);
	const missMs = [];
	const directMs = [];
	const requestsPerMiss = [];
	let context = null;
	let routes = {};
	let canReplay = true;
	for (let index = 0; index < counts.misses; index++) {
		await server.invalidateCache(account.accountId);
		await server.clearLog();
		await server.setLatency(latency.medianMs, latency.spreadMs, index + 1);
		const miss = await session.mustCall(tool, args);
		const entries = upstreamOf((await server.log()).entries);
		missMs.push(miss.ms);
		requestsPerMiss.push(entries.length);
		canReplay &&= replayable(entries, body);
		const direct = canReplay ? await replayDirectly(server, entries, account, body) : null;
		if (direct) directMs.push(direct.ms);
		if (index === 0) {
			routes = routeCounts(entries);
			context = { ...resultSize(miss), rawChars: direct?.responseChars ?? null };
		}
	}
	const before = await server.stats();
	const hitMs = [];
	for (let index = 0; index < counts.hits; index++) hitMs.push((await session.mustCall(tool, args)).ms);
	const upstreamDuringHits = (await server.stats()).total - before.total;
	const miss = summarize(missMs);
	const direct = canReplay ? summarize(directMs) : null;
	const hit = summarize(hitMs);
	return {
		tool,
		kind,
		upstreamPerMiss: [...new Set(requestsPerMiss)],
		routes,
		miss,
		direct,
		// No upstream request (get_audit_log): there is nothing to compare with.
		missRatio: requestsPerMiss.every((count) => count === 0) ? null : ratio(miss.medianMs, direct?.medianMs),
		hit,
		hitShareOfMiss: ratio(hit.medianMs, miss.medianMs),
		upstreamPerHit: counts.hits === 0 ? null : upstreamDuringHits / counts.hits,
		context,
	};
}

function routeCounts(entries) {
	const routes = {};
	for (const entry of entries) {
		const route = `${entry.method} ${entry.path.replace(/^\/v1/, "").replace(/\/\d+/g, "/{id}")}`;
		routes[route] = (routes[route] ?? 0) + 1;
	}
	return routes;
}
