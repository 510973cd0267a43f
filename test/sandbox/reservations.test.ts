/**
 * Reservations: Hostaway's filters and cursor, and its rules for creating, updating and
 * cancelling (required fields, arrival before departure, no overlap with a blocking stay
 * unless forced, computed nights, observed id formats, immutable listingMapId).
 */
import { beforeAll, beforeEach, describe, expect, it } from "vitest";
import { businessToday, plusDays } from "../helpers/business-date";
import { DEMO, api, freshSandbox, usableToken, viaFetch } from "../helpers/sandbox";

let token: string;
let listingId: number;
let accountListings: { id: number }[];

beforeAll(async () => {
	await freshSandbox();
	token = await usableToken(viaFetch, DEMO);
	accountListings = (await api(viaFetch, token, "GET", "/listings")).body.result;
	listingId = accountListings[0]?.id as number;
});

beforeEach(async () => {
	await freshSandbox();
});

/** `days` after the business day (SANDBOX_TODAY or today). */
function inDays(days: number): string {
	return plusDays(businessToday(), days);
}

/** A window of free nights on a listing, far enough out that the seed leaves gaps. */
async function freeNights(listing: number, nights: number): Promise<{ arrivalDate: string; departureDate: string }> {
	const { body } = await api(viaFetch, token, "GET", `/listings/${listing}/calendar?startDate=${inDays(30)}&endDate=${inDays(170)}`);
	const days = body.result as { date: string; status: string }[];
	for (let start = 0; start + nights < days.length; start++) {
		if (days.slice(start, start + nights).every((day) => day.status === "available")) {
			return { arrivalDate: days[start]?.date as string, departureDate: days[start + nights]?.date as string };
		}
	}
	throw new Error(`no ${nights} free nights on listing ${listing} between ${inDays(30)} and ${inDays(170)}`);
}

describe("reservations", () => {
	it("creates a direct booking with computed nights, Hostaway's id formats and a string hostawayReservationId", async () => {
		const stay = await freeNights(listingId, 3);
		const { status, body } = await api(viaFetch, token, "POST", "/reservations", {
			channelId: 2000,
			listingMapId: listingId,
			...stay,
			guestFirstName: "Ada",
			guestLastName: "Lovelace",
			guestEmail: "ada@example.com",
			numberOfGuests: 2,
			totalPrice: 600,
		});
		expect(status).toBe(200);
		const reservation = body.result;
		expect(reservation).toMatchObject({
			listingMapId: listingId,
			channelId: 2000,
			channelName: "direct",
			status: "new",
			nights: 3,
			guestName: "Ada Lovelace",
			totalPrice: 600,
			...stay,
		});
		expect(reservation.hostawayReservationId).toBe(String(reservation.id));
		expect(reservation.reservationId).toMatch(new RegExp(`^100001-${listingId}-2000-\\d{10}$`));
		expect(reservation.channelReservationId).toBe(reservation.reservationId);
		expect(reservation.reservationDate).toMatch(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/);

		const read = await api(viaFetch, token, "GET", `/reservations/${reservation.id}`);
		expect(read.body.result).toEqual(reservation);
	});

	it("computes the price from the calendar when no totalPrice is sent", async () => {
		const stay = await freeNights(listingId, 2);
		const quote = await api(viaFetch, token, "POST", `/listings/${listingId}/calendar/priceDetails`, {
			startingDate: stay.arrivalDate,
			endingDate: stay.departureDate,
			numberOfGuests: 2,
			version: 2,
		});
		const { body } = await api(viaFetch, token, "POST", "/reservations", {
			channelId: 2000,
			listingMapId: listingId,
			...stay,
			numberOfGuests: 2,
		});
		expect(body.result.totalPrice).toBe(quote.body.result.totalPrice);
	});

	it("requires channelId, listingMapId, arrivalDate and departureDate, naming the missing one", async () => {
		const stay = { arrivalDate: inDays(200), departureDate: inDays(203) };
		for (const [missing, body] of [
			["channelId", { listingMapId: listingId, ...stay }],
			["listingMapId", { channelId: 2000, ...stay }],
			["arrivalDate", { channelId: 2000, listingMapId: listingId, departureDate: stay.departureDate }],
			["departureDate", { channelId: 2000, listingMapId: listingId, arrivalDate: stay.arrivalDate }],
		] as const) {
			const result = await api(viaFetch, token, "POST", "/reservations", body);
			expect(result.status, missing).toBe(400);
			expect(result.body).toEqual({ status: "fail", result: `${missing} is required` });
		}
	});

	it("refuses arrival on or after departure, an unknown channel, an unknown listing and malformed fields", async () => {
		const base = { channelId: 2000, listingMapId: listingId };
		const sameDay = await api(viaFetch, token, "POST", "/reservations", { ...base, arrivalDate: inDays(200), departureDate: inDays(200) });
		expect(sameDay.status).toBe(400);
		expect(sameDay.body.result).toMatch(/arrivalDate must be before departureDate/);
		const reversed = await api(viaFetch, token, "POST", "/reservations", { ...base, arrivalDate: inDays(205), departureDate: inDays(200) });
		expect(reversed.status).toBe(400);
		const channel = await api(viaFetch, token, "POST", "/reservations", {
			...base,
			channelId: 2003,
			arrivalDate: inDays(200),
			departureDate: inDays(202),
		});
		expect(channel.status).toBe(400);
		expect(channel.body.result).toMatch(/channelId/);
		const listing = await api(viaFetch, token, "POST", "/reservations", {
			...base,
			listingMapId: 1,
			arrivalDate: inDays(200),
			departureDate: inDays(202),
		});
		expect(listing.status).toBe(400);
		expect(listing.body.result).toMatch(/listingMapId/);
		const badDate = await api(viaFetch, token, "POST", "/reservations", { ...base, arrivalDate: "2025-02-30", departureDate: inDays(202) });
		expect(badDate.status).toBe(400);
		expect(badDate.body.result).toMatch(/arrivalDate/);
		const badGuests = await api(viaFetch, token, "POST", "/reservations", {
			...base,
			arrivalDate: inDays(200),
			departureDate: inDays(202),
			numberOfGuests: "two",
		});
		expect(badGuests.status).toBe(400);
		expect(badGuests.body.result).toMatch(/numberOfGuests/);
		const ownerMoney = await api(viaFetch, token, "POST", "/reservations", {
			...base,
			status: "ownerStay",
			totalPrice: 100,
			arrivalDate: inDays(200),
			departureDate: inDays(202),
		});
		expect(ownerMoney.status).toBe(400);
		expect(ownerMoney.body.result).toMatch(/ownerStay/);
	});

	it("refuses an overlap with a blocking reservation unless forceOverbooking=1; inquiries never block; departure day stays free", async () => {
		const window = await freeNights(listingId, 6);
		const midpoint = plusDays(window.arrivalDate, 3);
		const first = await api(viaFetch, token, "POST", "/reservations", {
			channelId: 2000,
			listingMapId: listingId,
			arrivalDate: window.arrivalDate,
			departureDate: midpoint,
			numberOfGuests: 1,
		});
		expect(first.status).toBe(200);
		const overlap = {
			channelId: 2000,
			listingMapId: listingId,
			arrivalDate: plusDays(window.arrivalDate, 1),
			departureDate: plusDays(window.arrivalDate, 2),
			numberOfGuests: 1,
		};
		const refused = await api(viaFetch, token, "POST", "/reservations", overlap);
		expect(refused.status).toBe(409);
		expect(refused.body.status).toBe("fail");
		expect(refused.body.result).toContain(String(first.body.result.id));

		const inquiry = await api(viaFetch, token, "POST", "/reservations", { ...overlap, status: "inquiry" });
		expect(inquiry.status).toBe(200);

		// The first stay's departure day is free: the next guest may arrive that day.
		const next = await api(viaFetch, token, "POST", "/reservations", {
			...overlap,
			arrivalDate: midpoint,
			departureDate: window.departureDate,
		});
		expect(next.status).toBe(200);

		const forced = await viaFetch(`/v1/reservations?forceOverbooking=1`, {
			method: "POST",
			headers: { Authorization: `Bearer ${token}`, "Content-Type": "application/json" },
			body: JSON.stringify(overlap),
		});
		expect(forced.status).toBe(200);
	});

	it("keeps listingMapId immutable, marks changed bookings modified and remembers the previous dates", async () => {
		const stay = await freeNights(listingId, 5);
		const created = (
			await api(viaFetch, token, "POST", "/reservations", {
				channelId: 2000,
				listingMapId: listingId,
				arrivalDate: stay.arrivalDate,
				departureDate: plusDays(stay.arrivalDate, 3),
				numberOfGuests: 2,
			})
		).body.result;
		const otherListing = accountListings[1]?.id;
		const move = await api(viaFetch, token, "PUT", `/reservations/${created.id}`, { listingMapId: otherListing });
		expect(move.status).toBe(400);
		expect(move.body.result).toMatch(/listingMapId cannot be changed/);

		const longer = await api(viaFetch, token, "PUT", `/reservations/${created.id}`, {
			departureDate: plusDays(stay.arrivalDate, 5),
			hostNote: "Late arrival",
		});
		expect(longer.status).toBe(200);
		expect(longer.body.result).toMatchObject({
			nights: 5,
			status: "modified",
			hostNote: "Late arrival",
			previousDepartureDate: plusDays(stay.arrivalDate, 3),
			listingMapId: listingId,
		});

		const partial = await api(viaFetch, token, "PUT", `/reservations/${created.id}`, { doorCode: "4417" });
		expect(partial.body.result).toMatchObject({ doorCode: "4417", nights: 5 });
		expect((await api(viaFetch, token, "PUT", "/reservations/1", { hostNote: "x" })).status).toBe(404);
	});

	it("refuses with 403 a change of dates, party or price on a channel-managed booking, but accepts its notes", async () => {
		const list = await api(viaFetch, token, "GET", "/reservations?channelId=2018&limit=100");
		const airbnb = list.body.result.find((r: { status: string }) => r.status === "new" || r.status === "modified");
		expect(airbnb, "a confirmed Airbnb booking among the first 100").toBeDefined();
		const move = await api(viaFetch, token, "PUT", `/reservations/${airbnb.id}`, { departureDate: plusDays(airbnb.departureDate, 1) });
		expect(move.status).toBe(403);
		expect(move.body).toMatchObject({ status: "fail" });
		expect(move.body.result).toMatch(/managed by airbnbOfficial.*departureDate/);
		const unchanged = await api(viaFetch, token, "GET", `/reservations/${airbnb.id}`);
		expect(unchanged.body.result.departureDate).toBe(airbnb.departureDate);

		const note = await api(viaFetch, token, "PUT", `/reservations/${airbnb.id}`, { hostNote: "Extra towels" });
		expect(note.status).toBe(200);
		expect(note.body.result.hostNote).toBe("Extra towels");
	});

	it("refuses an update whose new dates overlap another stay, unless forced", async () => {
		const stay = await freeNights(listingId, 6);
		const a = (
			await api(viaFetch, token, "POST", "/reservations", {
				channelId: 2000,
				listingMapId: listingId,
				arrivalDate: stay.arrivalDate,
				departureDate: plusDays(stay.arrivalDate, 2),
			})
		).body.result;
		const b = (
			await api(viaFetch, token, "POST", "/reservations", {
				channelId: 2000,
				listingMapId: listingId,
				arrivalDate: plusDays(stay.arrivalDate, 3),
				departureDate: stay.departureDate,
			})
		).body.result;
		const clash = await api(viaFetch, token, "PUT", `/reservations/${a.id}`, { departureDate: plusDays(stay.arrivalDate, 4) });
		expect(clash.status).toBe(409);
		expect(clash.body.result).toContain(String(b.id));
		const unchanged = await api(viaFetch, token, "GET", `/reservations/${a.id}`);
		expect(unchanged.body.result.departureDate).toBe(plusDays(stay.arrivalDate, 2));
	});

	it("cancels with status, cancelledBy and cancellationDate, frees the calendar, and a second cancel changes nothing", async () => {
		const stay = await freeNights(listingId, 2);
		const created = (await api(viaFetch, token, "POST", "/reservations", { channelId: 2000, listingMapId: listingId, ...stay })).body
			.result;
		const cancelled = await api(viaFetch, token, "PUT", `/reservations/${created.id}/statuses/cancelled`, { cancelledBy: "guest" });
		expect(cancelled.status).toBe(200);
		expect(cancelled.body.result).toMatchObject({ status: "cancelled", cancelledBy: "guest" });
		expect(cancelled.body.result.cancellationDate).toMatch(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/);
		const again = await api(viaFetch, token, "PUT", `/reservations/${created.id}/statuses/cancelled`, { cancelledBy: "host" });
		expect(again.body.result).toMatchObject({ cancelledBy: "guest", cancellationDate: cancelled.body.result.cancellationDate });
		const rebook = await api(viaFetch, token, "POST", "/reservations", { channelId: 2000, listingMapId: listingId, ...stay });
		expect(rebook.status).toBe(200);
		const bad = await api(viaFetch, token, "PUT", `/reservations/${created.id}/statuses/cancelled`, { cancelledBy: "nobody" });
		expect(bad.status).toBe(400);
		expect((await api(viaFetch, token, "PUT", "/reservations/1/statuses/cancelled", {})).status).toBe(404);
	});
});

describe("listing reservations", () => {
	it("filters by listingId (not listingMapId), channel and arrival window, inclusive", async () => {
		const all = (await api(viaFetch, token, "GET", "/reservations?limit=2000")).body;
		const byListing = (await api(viaFetch, token, "GET", `/reservations?listingId=${listingId}&limit=2000`)).body;
		expect(byListing.count).toBe(all.result.filter((r: { listingMapId: number }) => r.listingMapId === listingId).length);
		expect(byListing.result.every((r: { listingMapId: number }) => r.listingMapId === listingId)).toBe(true);
		// listingMapId is not a filter: it is ignored like any unknown parameter.
		expect((await api(viaFetch, token, "GET", `/reservations?listingMapId=${listingId}&limit=2000`)).body.count).toBe(all.count);

		const airbnb = (await api(viaFetch, token, "GET", "/reservations?channelId=2018&limit=2000")).body;
		expect(airbnb.count).toBeGreaterThan(0);
		expect(airbnb.result.every((r: { channelId: number }) => r.channelId === 2018)).toBe(true);

		const today = businessToday();
		const arriving = (await api(viaFetch, token, "GET", `/reservations?arrivalStartDate=${today}&arrivalEndDate=${today}&limit=2000`)).body;
		expect(arriving.count).toBeGreaterThan(0);
		expect(arriving.result.every((r: { arrivalDate: string }) => r.arrivalDate === today)).toBe(true);
		const departing = (await api(viaFetch, token, "GET", `/reservations?departureStartDate=${today}&departureEndDate=${today}`)).body;
		expect(departing.result.every((r: { departureDate: string }) => r.departureDate === today)).toBe(true);
	});

	it("matches guest names and exact guest e-mails", async () => {
		const sample = (await api(viaFetch, token, "GET", "/reservations?channelId=2000&limit=1")).body.result[0];
		const byName = (
			await api(viaFetch, token, "GET", `/reservations?match=${encodeURIComponent(sample.guestLastName.toUpperCase())}&limit=2000`)
		).body;
		expect(byName.result.map((r: { id: number }) => r.id)).toContain(sample.id);
		const byEmail = (await api(viaFetch, token, "GET", `/reservations?guestEmail=${encodeURIComponent(sample.guestEmail)}&limit=2000`))
			.body;
		expect(byEmail.result.every((r: { guestEmail: string }) => r.guestEmail === sample.guestEmail)).toBe(true);
	});

	it("pages with limit/offset (default limit 100) and with the afterId cursor in the same order", async () => {
		const first = (await api(viaFetch, token, "GET", "/reservations")).body;
		expect(first.limit).toBe(100);
		expect(first.result).toHaveLength(100);
		const second = (await api(viaFetch, token, "GET", "/reservations?offset=100")).body;
		const cursor = (await api(viaFetch, token, "GET", `/reservations?afterId=${first.result[99].id}`)).body;
		expect(cursor.result.map((r: { id: number }) => r.id)).toEqual(second.result.map((r: { id: number }) => r.id));
		// Default order: updatedOn DESC, id DESC.
		const stamps = first.result.map((r: { updatedOn: string }) => r.updatedOn);
		expect([...stamps].sort().reverse()).toEqual(stamps);
	});

	it("walks every sort order by afterId in the order of one long page, with the total count on every page", async () => {
		const ids = (result: { id: number }[]) => result.map((r) => r.id);
		// Hostaway's documented sort orders (hostaway-api.md §4.4), and its default.
		const SORT_ORDERS = [
			"arrivalDate",
			"arrivalDateDesc",
			"lastConversationMessageSent",
			"lastConversationMessageSentDesc",
			"lastConversationMessageReceived",
			"lastConversationMessageReceivedDesc",
			"latestActivity",
			"latestActivityDesc",
			"updatedOn",
		];
		for (const sortOrder of [undefined, ...SORT_ORDERS]) {
			const sort = sortOrder ? `&sortOrder=${sortOrder}` : "";
			const all = (await api(viaFetch, token, "GET", `/reservations?limit=5000${sort}`)).body;
			expect(all.result.length, "the seed has more bookings than one long page holds").toBe(all.count);
			const walked: number[] = [];
			let afterId: number | undefined;
			for (let page = 0; page < 50; page++) {
				const body = (await api(viaFetch, token, "GET", `/reservations?limit=100${sort}${afterId ? `&afterId=${afterId}` : ""}`)).body;
				expect(body.count, `${sortOrder}: count is every match, on every page`).toBe(all.count);
				walked.push(...ids(body.result));
				if (body.result.length < 100) break;
				afterId = body.result.at(-1).id;
			}
			expect(walked, `${sortOrder ?? "default order"}`).toEqual(ids(all.result));
		}
	});

	it("sorts by arrivalDate and arrivalDateDesc, and refuses an unknown sortOrder", async () => {
		const asc = (await api(viaFetch, token, "GET", "/reservations?sortOrder=arrivalDate&limit=300")).body.result.map(
			(r: { arrivalDate: string }) => r.arrivalDate,
		);
		expect([...asc].sort()).toEqual(asc);
		const desc = (await api(viaFetch, token, "GET", "/reservations?sortOrder=arrivalDateDesc&limit=300")).body.result.map(
			(r: { arrivalDate: string }) => r.arrivalDate,
		);
		expect([...desc].sort().reverse()).toEqual(desc);
		expect((await api(viaFetch, token, "GET", "/reservations?sortOrder=price")).status).toBe(400);
	});

	it("filters on unread guest messages and adds cancellation policy details on request", async () => {
		const unread = (await api(viaFetch, token, "GET", "/reservations?hasUnreadConversationMessages=1&limit=500")).body;
		expect(unread.count).toBeGreaterThan(0);
		const conversations = (await api(viaFetch, token, "GET", "/conversations?limit=500")).body.result;
		const unreadIds = new Set(
			conversations
				.filter((c: { hasUnreadMessages: number }) => c.hasUnreadMessages === 1)
				.map((c: { reservationId: number }) => c.reservationId),
		);
		expect(new Set(unread.result.map((r: { id: number }) => r.id))).toEqual(unreadIds);

		const withPolicy = (await api(viaFetch, token, "GET", "/reservations?limit=1&includeCancellationPolicy=1")).body.result[0];
		expect(withPolicy.cancellationPolicyDetails).toMatchObject({ channelId: withPolicy.channelId });
		const without = (await api(viaFetch, token, "GET", "/reservations?limit=1")).body.result[0];
		expect(without).not.toHaveProperty("cancellationPolicyDetails");
	});
});
