/**
 * Tool calls meet Hostaway's rate limits patiently (issue 11): against the sandbox with its
 * limits switched on, a session calling the thirteen read tools one after another, and a burst
 * from many sessions of one account, are answered in full by waiting their turn, not refused;
 * on an account still under Hostaway's older, lower limits the first window's 429s teach the
 * account's budget the lower limit and no later window exceeds it.
 *
 * The sessions run with the product's default budget and Hostaway's real 10-second window
 * (test/helpers/budgeted-session.ts; the Worker under test shortens the window for the other
 * files), so these tests take real time: about a minute together. Every claim is read from the
 * sandbox's own request log.
 */
import type { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { runInDurableObject } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { HOSTAWAY_LIMIT_WINDOW_MS } from "../../src/config";
import { tenantGate } from "../../src/gate/stub";
import { businessToday, plusDays } from "../helpers/business-date";
import { connectWithBudget } from "../helpers/budgeted-session";
import { DEMO, type LogEntry, freshSandbox, keepingSandboxAwake, maxCallsInAnyWindow, sandboxLog } from "../helpers/sandbox";
import { sandboxListings, sandboxReservations } from "../helpers/sandbox-records";
import { callTool, type ToolResult } from "../helpers/tools";
import { restartDurableObjects } from "../hostaway/harness";

/** The product's defaults with Hostaway's real window (190 per 10 s, a wait of at most 25 s). */
const REAL_WINDOW = { HOSTAWAY_RATE_WINDOW_MS: String(HOSTAWAY_LIMIT_WINDOW_MS) };

/** The sandbox's older limits (src/sandbox/control/rate-limits.ts): the IP's 15 per 10 s is the one met first. */
const OLDER_LIMIT = 15;

/** The sandbox stamps a call when it answers it, a little after the gate let it go: windows on the log are counted this much shorter. */
const ANSWER_SPREAD_MS = 250;

const ACCOUNT_LIMIT = 200;

let sessions: Client[] = [];

async function openSessions(count: number): Promise<Client[]> {
	sessions = await Promise.all(Array.from({ length: count }, () => connectWithBudget(DEMO, REAL_WINDOW)));
	return sessions;
}

/** The thirteen read tools of the issue, one after another, with arguments taken from the sandbox's data. */
async function thirteenToolSequence(): Promise<Array<[string, Record<string, unknown>]>> {
	const today = businessToday();
	const listing = (await sandboxListings())[0];
	const booking = (await sandboxReservations()).find((reservation) => reservation.guestEmail && reservation.status === "new");
	if (!listing || !booking) throw new Error("the demo portfolio has no listing or no booking with a guest e-mail");
	return [
		["whoami", {}],
		["list_listings", {}],
		["get_listing", { listingId: listing.id }],
		["check_availability", { listingId: listing.id, arrival: plusDays(today, 30), departure: plusDays(today, 33), guests: 2 }],
		["find_available_listings", { arrival: plusDays(today, 30), departure: plusDays(today, 33), guests: 2 }],
		["get_calendar", { listingId: listing.id }],
		["search_bookings", { arrivalFrom: today, arrivalTo: plusDays(today, 14) }],
		["get_booking", { bookingId: booking.id }],
		["get_guest", { bookingId: booking.id }],
		["list_conversations", {}],
		["get_message_history", { bookingId: booking.id }],
		["daily_briefing", {}],
		["occupancy_report", { start: plusDays(today, -30), end: plusDays(today, -1) }],
	];
}

/** `count` different booking searches (arrivals on `count` different days): one upstream request each, none from the cache. */
function distinctBookingSearches(count: number): Array<Record<string, unknown>> {
	const first = plusDays(businessToday(), -Math.floor(count / 2));
	return Array.from({ length: count }, (_, index) => ({ arrivalFrom: plusDays(first, index), arrivalTo: plusDays(first, index) }));
}

function failures(results: readonly ToolResult[]): string[] {
	return results.filter((result) => result.isError).map((result) => result.text);
}

/**
 * The calls from one window after the account's first 429 on: by then the 429s of that window
 * have taught the account's budget the lower limit. (All calls, if there was no 429.)
 */
function afterAdaptation(log: readonly LogEntry[]): LogEntry[] {
	const refusedAt = log.filter((entry) => entry.status === 429).map((entry) => Date.parse(entry.at));
	if (refusedAt.length === 0) return [...log];
	const adaptedAt = Math.min(...refusedAt) + HOSTAWAY_LIMIT_WINDOW_MS;
	return log.filter((entry) => Date.parse(entry.at) >= adaptedAt);
}

async function demoLog(): Promise<LogEntry[]> {
	return (await sandboxLog()).filter((entry) => entry.accountId === DEMO.accountId);
}

beforeEach(async () => {
	// Empty rate windows and no adopted limit: each test starts as after a deploy.
	await runInDurableObject(tenantGate(env, DEMO.accountId), (_instance, state) => state.storage.deleteAll());
	await restartDurableObjects();
});

afterEach(async () => {
	await Promise.all(sessions.map((session) => session.close()));
	sessions = [];
	// An adopted older limit is kept for a day in the gate's storage: later files start without it.
	await runInDurableObject(tenantGate(env, DEMO.accountId), (_instance, state) => state.storage.deleteAll());
	await restartDurableObjects();
});

describe.each([
	["Hostaway's documented limits", true],
	["Hostaway's older limits (15 per 10 s per IP, 20 per account)", "legacy"],
] as const)("on %s", (_name, rateLimits) => {
	it("answers all thirteen read tools called one after another in one session", async () => {
		await freshSandbox({ rateLimits });
		const sequence = await thirteenToolSequence();
		const [session] = await openSessions(1);
		const results: ToolResult[] = [];
		await keepingSandboxAwake(
			(async () => {
				for (const [name, args] of sequence) results.push(await callTool(session as Client, name, args));
			})(),
		);
		expect(failures(results)).toEqual([]);
		expect(results).toHaveLength(13);

		const log = await demoLog();
		if (rateLimits === "legacy") {
			expect(afterAdaptation(log).filter((entry) => entry.status === 429)).toEqual([]);
		} else {
			expect(log.filter((entry) => entry.status === 429)).toEqual([]);
		}
	});

	it("answers every one of forty calls from eight concurrent sessions", async () => {
		await freshSandbox({ rateLimits });
		const calls = distinctBookingSearches(40);
		const clients = await openSessions(8);
		const results = await keepingSandboxAwake(
			Promise.all(calls.map((args, index) => callTool(clients[index % clients.length] as Client, "search_bookings", args))),
		);
		expect(failures(results)).toEqual([]);

		const log = await demoLog();
		expect(log.filter((entry) => entry.status === 200 && entry.path === "/v1/reservations")).toHaveLength(40);
		if (rateLimits === "legacy") {
			// The first window that met the older limit taught it to the budget; from then on the account kept under it.
			const later = afterAdaptation(log);
			expect(later.filter((entry) => entry.status === 429)).toEqual([]);
			expect(maxCallsInAnyWindow(later, DEMO.accountId, HOSTAWAY_LIMIT_WINDOW_MS - ANSWER_SPREAD_MS)).toBeLessThanOrEqual(OLDER_LIMIT);
		} else {
			expect(log.filter((entry) => entry.status === 429)).toEqual([]);
		}
	});
});

describe("a burst of 400 calls from 20 sessions on an account under Hostaway's older limits", () => {
	it("never exceeds the older limit once the budget adapted; calls past the wait bound are told when to retry", async () => {
		await freshSandbox({ rateLimits: "legacy" });
		const calls = distinctBookingSearches(400);
		const clients = await openSessions(20);
		const results = await keepingSandboxAwake(
			Promise.all(calls.map((args, index) => callTool(clients[index % clients.length] as Client, "search_bookings", args))),
		);

		// 400 requests at 15 per 10 s take far longer than a call may wait (25 s): the calls whose
		// turn lies beyond it are refused with the time to retry, the others answered.
		const refused = failures(results);
		for (const text of refused) expect(text).toMatch(/retry in \d+ seconds?|try again in \d+ seconds?/i);
		const answered = results.length - refused.length;
		expect(answered).toBeGreaterThan(0);

		const log = await demoLog();
		expect(log.filter((entry) => entry.status === 200 && entry.path === "/v1/reservations")).toHaveLength(answered);
		const later = afterAdaptation(log);
		expect(later.length).toBeGreaterThan(0);
		expect(later.filter((entry) => entry.status === 429)).toEqual([]);
		expect(maxCallsInAnyWindow(later, DEMO.accountId, HOSTAWAY_LIMIT_WINDOW_MS - ANSWER_SPREAD_MS)).toBeLessThanOrEqual(OLDER_LIMIT);
		expect(maxCallsInAnyWindow(log, DEMO.accountId, HOSTAWAY_LIMIT_WINDOW_MS - ANSWER_SPREAD_MS)).toBeLessThanOrEqual(ACCOUNT_LIMIT);
	});
});
