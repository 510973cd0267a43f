/**
 * Upstream cost per tool (issue 11 item 7): how many Hostaway requests each tool makes with a
 * cold cache (every cached response made unreachable, the account's token kept) and warm (the
 * same call again at once), read from the sandbox's own counters. Also the time of each.
 *
 * Read tools are called as a model would call them; write tools run their two steps, preview
 * (cold, then warm: a second preview of the same change) and confirm, on the demo account,
 * in an order that leaves little behind (a booking is created, changed and cancelled again);
 * the caller resets the sandbox afterwards.
 */
import { summarize } from "./measure.mjs";
import { plusDays } from "./fixtures.mjs";

/** The read tools and their arguments, in the order the tools are listed. */
export function readCalls(fixtures) {
	const { today, listingId, bookingId, conversationBookingId } = fixtures;
	return [
		["whoami", {}],
		["list_listings", {}],
		["get_listing", { listingId }],
		["check_availability", { listingId, arrival: plusDays(today, 40), departure: plusDays(today, 43), guests: 2 }],
		["find_available_listings", { arrival: plusDays(today, 40), departure: plusDays(today, 43), guests: 2 }],
		["get_calendar", { listingId }],
		["search_bookings", { arrivalFrom: today, arrivalTo: plusDays(today, 14) }],
		["get_booking", { bookingId }],
		["get_guest", { bookingId }],
		["list_conversations", {}],
		["get_message_history", { bookingId: conversationBookingId }],
		["daily_briefing", {}],
		["occupancy_report", { start: plusDays(today, -30), end: plusDays(today, -1) }],
		["get_audit_log", {}],
	];
}

/** Upstream requests and routes used between two snapshots of the sandbox's counters. */
function costBetween(before, after) {
	const routes = {};
	for (const [route, count] of Object.entries(after.byRoute)) {
		const used = count - (before.byRoute[route] ?? 0);
		if (used > 0) routes[route] = used;
	}
	return { requests: after.total - before.total, routes };
}

/** One call with the upstream requests it made. */
async function measured(server, session, tool, args) {
	const before = await server.stats();
	const outcome = await session.mustCall(tool, args);
	const cost = costBetween(before, await server.stats());
	return { outcome, ...cost };
}

/** A read tool: cold once, then `warmCalls` times warm. */
async function readCost(server, session, tool, args, warmCalls) {
	await server.invalidateCache();
	const cold = await measured(server, session, tool, args);
	// One snapshot of the counters around all warm calls: no control request between them.
	const before = await server.stats();
	const warm = [];
	for (let i = 0; i < warmCalls; i++) warm.push((await session.mustCall(tool, args)).ms);
	const warmRequests = costBetween(before, await server.stats()).requests;
	return {
		tool,
		step: "call",
		upstreamCold: cold.requests,
		upstreamWarm: warmCalls === 0 ? null : warmRequests / warmCalls,
		coldRoutes: cold.routes,
		coldMs: Math.round(cold.outcome.ms * 10) / 10,
		warm: summarize(warm),
	};
}

/**
 * A write: the preview cold and again warm (each hands out a token), then the confirmation with
 * the last token. Returns both rows and the confirmed result's structured content.
 */
async function writeCost(server, session, tool, args) {
	await server.invalidateCache();
	const cold = await measured(server, session, tool, args);
	const warm = await measured(server, session, tool, args);
	const token = warm.outcome.data?.confirmationToken;
	if (typeof token !== "string")
		throw new Error(`${tool}: the preview handed out no confirmationToken: ${warm.outcome.text.slice(0, 300)}`);
	const confirm = await measured(server, session, tool, { ...args, confirmationToken: token });
	if (confirm.outcome.data?.status !== "done")
		throw new Error(`${tool}: the confirmation did not write: ${confirm.outcome.text.slice(0, 300)}`);
	return {
		rows: [
			{
				tool,
				step: "preview",
				upstreamCold: cold.requests,
				upstreamWarm: warm.requests,
				coldRoutes: cold.routes,
				coldMs: Math.round(cold.outcome.ms * 10) / 10,
				warm: summarize([warm.outcome.ms]),
			},
			{
				tool,
				step: "confirm",
				// A confirmation follows its preview, whose reads are cached: there is no colder case.
				upstreamCold: confirm.requests,
				upstreamWarm: null,
				coldRoutes: confirm.routes,
				coldMs: Math.round(confirm.outcome.ms * 10) / 10,
				warm: summarize([]),
			},
		],
		result: confirm.outcome.data?.result,
	};
}

/**
 * Every tool's upstream cost on one MCP session of the demo account.
 * @param {import("./server.mjs").BenchServer} server
 */
export async function measureUpstreamCost(server, fixtures, { warmCalls }) {
	const session = await server.session("bench-upstream-cost");
	try {
		// The session's own start (token, whoami-style checks) is not any tool's cost.
		await session.mustCall("whoami");
		const rows = [];
		for (const [tool, args] of readCalls(fixtures)) rows.push(await readCost(server, session, tool, args, warmCalls));

		const { listingId, today, freeStay, conversationId } = fixtures;
		const calendarDay = plusDays(today, 200);
		rows.push(
			...(await writeCost(server, session, "update_calendar", { listingId, startDate: calendarDay, endDate: calendarDay, note: "bench" }))
				.rows,
		);
		const created = await writeCost(server, session, "create_booking", {
			listingId: freeStay.listingId,
			arrival: freeStay.arrival,
			departure: freeStay.departure,
			guestName: "Bench Guest",
			adults: 2,
		});
		rows.push(...created.rows);
		const bookingId = created.result?.booking?.id;
		if (typeof bookingId !== "number")
			throw new Error(`create_booking returned no booking id: ${JSON.stringify(created.result).slice(0, 300)}`);
		rows.push(...(await writeCost(server, session, "update_booking", { bookingId, hostNote: "bench: late arrival" })).rows);
		rows.push(...(await writeCost(server, session, "send_guest_message", { conversationId, message: "Thank you, see you soon." })).rows);
		rows.push(...(await writeCost(server, session, "cancel_booking", { bookingId, cancelledBy: "host" })).rows);
		return rows;
	} finally {
		await session.close();
	}
}
