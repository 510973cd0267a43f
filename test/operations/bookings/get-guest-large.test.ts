/**
 * get_guest on the large portfolio (100003, about 6,000 reservations): a guest with more
 * bookings than one page of Hostaway's list has them all read (afterId pages) and counted,
 * matching the sandbox's own data; with a rate budget too small to read every page before the
 * answer is due, the answer is marked partial (which part, of how many) and its cursor reads
 * the rest exactly: the parts together are the whole history, no booking twice, none skipped.
 */
import type { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { env } from "cloudflare:workers";
import { afterEach, beforeAll, describe, expect, it } from "vitest";
import { invalidateTenantCache } from "../../../src/gate/stub";
import { PAGE_SIZE } from "../../../src/operations/shared/listings";
import { type BudgetVariables, connectWithBudget } from "../../helpers/budgeted-session";
import { businessToday, plusDays } from "../../helpers/business-date";
import { freshSandbox, LARGE } from "../../helpers/sandbox";
import {
	type SandboxListing,
	type SandboxReservation,
	sandboxCalendar,
	sandboxGetAll,
	sandboxReservations,
	sandboxWrite,
} from "../../helpers/sandbox-records";
import { stayFits } from "../../helpers/stay-expectations";
import { callTool, callToolOk } from "../../helpers/tools";

interface Guest {
	history: {
		lookedUpBy: string;
		otherStays: { id: number }[];
		totalBookings: number;
		confirmedStays: number;
		confirmedNights: number;
		complete: boolean;
		hasMore: boolean;
	};
	partial?: { covered: number; total: number | null; unit: string; reason: string; nextCursor?: string };
	notes: string[];
}

const CONFIRMED = new Set(["new", "modified", "confirmed"]);
/** Two requests per window: the booking and one page of its guest's history, not the second page. */
const TOO_SMALL: BudgetVariables = { HOSTAWAY_RATE_PER_10S: "2", HOSTAWAY_RATE_WINDOW_MS: "10000", HOSTAWAY_RATE_MAX_WAIT_MS: "3000" };
/** Bookings the guest gets in all: more than one page of Hostaway's list. */
const BOOKINGS = PAGE_SIZE + 5;

let booking: SandboxReservation;
let history: SandboxReservation[];
const clients: Client[] = [];

function sleep(ms: number): Promise<void> {
	return new Promise((resolve) => setTimeout(resolve, ms));
}

/**
 * The guest with the most bookings gets more, as direct bookings on free nights half a year
 * ahead (one stay per listing, through the sandbox's API), until they fill more than a page.
 */
async function guestWithMoreThanAPage(): Promise<string> {
	const byEmail = new Map<string, SandboxReservation[]>();
	for (const reservation of await sandboxReservations(LARGE)) {
		const email = reservation.guestEmail?.toLowerCase();
		if (email) byEmail.set(email, [...(byEmail.get(email) ?? []), reservation]);
	}
	const [email, own] = [...byEmail.entries()].sort((a, b) => b[1].length - a[1].length)[0]!;
	const arrival = plusDays(businessToday(), 180);
	const departure = plusDays(arrival, 7);
	let missing = BOOKINGS - own.length;
	for (const listing of await sandboxGetAll<SandboxListing>("/listings", LARGE)) {
		if (missing <= 0) break;
		if (listing.specialStatus === "archived") continue;
		if (!stayFits(await sandboxCalendar(listing.id, arrival, departure, LARGE), listing, arrival, departure, 1)) continue;
		await sandboxWrite(
			"POST",
			"/reservations",
			{ channelId: 2000, listingMapId: listing.id, arrivalDate: arrival, departureDate: departure, numberOfGuests: 1, guestEmail: email },
			LARGE,
		);
		missing--;
	}
	// Written behind the product's back, as a webhook would announce: its cached reads are dropped.
	await invalidateTenantCache(env, LARGE.accountId);
	return email;
}

beforeAll(async () => {
	await freshSandbox();
	const email = await guestWithMoreThanAPage();
	history = (await sandboxReservations(LARGE)).filter((reservation) => reservation.guestEmail?.toLowerCase() === email);
	expect(history.length, "more bookings than one page").toBeGreaterThan(PAGE_SIZE);
	booking = history.find((reservation) => reservation.status === "new") ?? history[0]!;
}, 120_000);

afterEach(async () => {
	await Promise.all(clients.splice(0).map((client) => client.close()));
});

function expectedTotals(reservations: readonly SandboxReservation[]) {
	const confirmed = reservations.filter((reservation) => CONFIRMED.has(reservation.status));
	return {
		totalBookings: reservations.length,
		confirmedStays: confirmed.length,
		confirmedNights: confirmed.reduce((sum, reservation) => sum + reservation.nights, 0),
	};
}

describe("get_guest on the large portfolio", () => {
	it("reads every page of a guest's bookings and counts them all", async () => {
		const client = await connectWithBudget(LARGE, {});
		clients.push(client);
		const { data, text } = await callToolOk<Guest>(client, "get_guest", { bookingId: booking.id });
		expect(data.partial).toBeUndefined();
		expect(data.history).toMatchObject({ lookedUpBy: "email", complete: true, hasMore: false, ...expectedTotals(history) });
		const others = new Set(history.filter((reservation) => reservation.id !== booking.id).map((reservation) => reservation.id));
		for (const stay of data.history.otherStays) expect(others.has(stay.id)).toBe(true);
		// More stays than one answer shows: the note says so and where to find every one.
		if (data.history.otherStays.length < others.size) expect(data.notes.join(" ")).toMatch(/search_bookings with guestEmail/);
		expect(text).not.toContain("Partial answer");
	}, 60_000);

	it("with a budget too small for every page, answers partially and the cursor reads the rest exactly", async () => {
		// Nothing cached, and the account's window empty: the call gets the booking and one page, not the second.
		await invalidateTenantCache(env, LARGE.accountId);
		await sleep(Number(TOO_SMALL.HOSTAWAY_RATE_WINDOW_MS) + 100);
		const client = await connectWithBudget(LARGE, TOO_SMALL);
		clients.push(client);

		const parts: Guest[] = [];
		let cursor: string | undefined;
		for (let call = 0; call < 10; call++) {
			const result = await callTool<Guest>(client, "get_guest", { bookingId: booking.id, ...(cursor ? { cursor } : {}) });
			expect(result.isError, `never a refusal: ${result.text}`).toBe(false);
			const part = result.data;
			parts.push(part);
			if (part.partial) {
				// Hostaway's count is known once a page was read in the call.
				expect(part.partial).toMatchObject({ covered: part.history.totalBookings, unit: "bookings with this e-mail" });
				if (part.partial.covered > 0) expect(part.partial.total).toBe(history.length);
				expect(result.text).toContain(`**Partial answer:** covers ${part.partial.covered}`);
			}
			if (!part.history.hasMore) break;
			// A part that read nothing waits for the budget's window, as a model told to call again would;
			// without a cursor (nothing read yet) the call is repeated as it was.
			if (part.partial!.covered === 0) await sleep(Number(TOO_SMALL.HOSTAWAY_RATE_WINDOW_MS));
			cursor = part.partial!.nextCursor ?? cursor;
		}

		// Some part stopped half-way through the history, said so, and its cursor went on from there.
		const halfWay = parts.find((part) => part.partial?.nextCursor && part.partial.covered > 0);
		expect(halfWay, "a part cut short after reading some bookings").toBeDefined();
		expect(halfWay!.partial!.reason).toMatch(/rate limit/);
		expect(halfWay!.partial!.covered).toBeLessThan(history.length);
		expect(halfWay!.history).toMatchObject({ complete: false, hasMore: true });
		expect(parts.at(-1)!.history.hasMore).toBe(false);

		// The parts together: every booking counted once, the totals adding up to the whole history.
		const sum = (pick: (part: Guest) => number) => parts.reduce((total, part) => total + pick(part), 0);
		expect({
			totalBookings: sum((part) => part.history.totalBookings),
			confirmedStays: sum((part) => part.history.confirmedStays),
			confirmedNights: sum((part) => part.history.confirmedNights),
		}).toEqual(expectedTotals(history));
		const shown = parts.flatMap((part) => part.history.otherStays.map((stay) => stay.id));
		expect(new Set(shown).size).toBe(shown.length);
		const others = new Set(history.filter((reservation) => reservation.id !== booking.id).map((reservation) => reservation.id));
		for (const id of shown) expect(others.has(id)).toBe(true);
	}, 120_000);
});
