/**
 * Every typed method of the client against the sandbox: the request goes out under Hostaway's
 * documented names and the answer comes back parsed. Errors Hostaway answers with arrive as
 * the taxonomy's classes, with Hostaway's own text.
 */
import { beforeAll, beforeEach, describe, expect, it } from "vitest";
import { HostawayInvalidRequestError, HostawayNotFoundError } from "../../src/hostaway/errors";
import type { Listing } from "../../src/hostaway/schemas/listing";
import { toOperationError } from "../../src/operations/hostaway-errors";
import { DEMO, clearSandboxLog, countCalls, freshSandbox, sandboxLog } from "../helpers/sandbox";
import { clientFor, recordingSandboxFetch } from "./harness";

const OPTIONS = { rateBudget: { limit: 500 }, cache: false } as const;
const client = () => clientFor(DEMO, OPTIONS);

let listing: Listing;

beforeAll(async () => {
	await freshSandbox();
	listing = (await client().listListings({ limit: 1 })).items[0] as Listing;
});

beforeEach(async () => {
	await clearSandboxLog();
});

describe("listings", () => {
	it("lists with filters under Hostaway's names and reads the page metadata", async () => {
		const recorder = recordingSandboxFetch();
		const page = await clientFor(DEMO, { ...OPTIONS, fetch: recorder.fetch }).listListings({
			limit: 2,
			offset: 0,
			city: listing.city ?? undefined,
			guests: 1,
			includeResources: true,
		});
		expect(page.items.length).toBeGreaterThan(0);
		expect(page.items.every((item) => item.city === listing.city)).toBe(true);
		expect(page.limit).toBe(2);
		expect(page.count).toBeGreaterThanOrEqual(page.items.length);
		const url = new URL(recorder.requests.find((request) => request.url.includes("/listings"))?.url ?? "");
		expect(Object.fromEntries(url.searchParams)).toMatchObject({ availabilityGuestNumber: "1", includeResources: "1", limit: "2" });
	});

	it("reads one listing, and answers an unknown id with not-found carrying Hostaway's text", async () => {
		const one = await client().getListing(listing.id, { includeResources: true });
		expect(one).toMatchObject({ id: listing.id, name: listing.name });
		const error = await client()
			.getListing(999_999_999)
			.catch((caught: unknown) => caught);
		expect(error).toBeInstanceOf(HostawayNotFoundError);
		expect((error as HostawayNotFoundError).detail).toMatch(/not found/i);
		expect(toOperationError(error)).toMatchObject({ code: "not_found" });
	});

	it("makes no call at all for an id that is not a positive number", async () => {
		await expect(client().getListing(-3)).rejects.toBeInstanceOf(HostawayInvalidRequestError);
		expect(await sandboxLog()).toHaveLength(0);
	});
});

describe("calendar", () => {
	it("reads days, updates one range and several intervals, and quotes a price", async () => {
		const days = await client().getCalendar(listing.id, { startDate: "2031-06-01", endDate: "2031-06-05" });
		expect(days.map((day) => day.date)).toEqual(["2031-06-01", "2031-06-02", "2031-06-03", "2031-06-04", "2031-06-05"]);
		expect(typeof days[0]?.price).toBe("number");

		await client().updateCalendar(listing.id, { startDate: "2031-06-01", endDate: "2031-06-02", price: 321, minimumStay: 3 });
		await client().updateCalendarIntervals(listing.id, [
			{ startDate: "2031-06-03", endDate: "2031-06-03", isAvailable: false },
			{ startDate: "2031-06-04", endDate: "2031-06-05", price: 222 },
		]);
		const after = await client().getCalendar(listing.id, { startDate: "2031-06-01", endDate: "2031-06-05" });
		expect(after.map((day) => [day.price, day.isAvailable])).toEqual([
			[321, true],
			[321, true],
			[expect.any(Number), false],
			[222, true],
			[222, true],
		]);
		expect(after[0]?.minimumStay).toBe(3);

		const quote = await client().getPriceDetails(listing.id, { startDate: "2031-06-04", endDate: "2031-06-06", guests: 1 });
		expect(quote.totalPrice).toBeGreaterThan(0);
		expect(quote.components.length).toBeGreaterThan(0);
	});
});

describe("reservations", () => {
	it("lists with filters and reads one", async () => {
		const page = await client().listReservations({ listingId: listing.id, limit: 5, sortOrder: "arrivalDate" });
		expect(page.items.length).toBeGreaterThan(0);
		expect(page.items.every((reservation) => reservation.listingMapId === listing.id)).toBe(true);
		const first = page.items[0];
		const one = await client().getReservation(first?.id as number);
		expect(one).toMatchObject({ id: first?.id, arrivalDate: first?.arrivalDate });
		expect(countCalls(await sandboxLog(), "GET", "/reservations")).toBe(1);
	});

	it("creates a direct booking, refuses an overlap unless forced, updates and cancels it", async () => {
		const stay = { listingId: listing.id, channelId: 2000, arrivalDate: "2032-02-10", departureDate: "2032-02-13" };
		const created = await client().createReservation({
			...stay,
			guestName: "Ada Park",
			guestEmail: "ada@example.com",
			guestPhone: "+1 555 0100",
			numberOfGuests: 2,
		});
		expect(created).toMatchObject({ listingMapId: listing.id, channelId: 2000, nights: 3, guestName: "Ada Park", phone: "+1 555 0100" });

		const overlap = await client()
			.createReservation({ ...stay, guestName: "Bo Chen" })
			.catch((caught: unknown) => caught);
		expect(overlap).toBeInstanceOf(HostawayInvalidRequestError);
		expect((overlap as HostawayInvalidRequestError).status).toBe(409);
		expect((overlap as HostawayInvalidRequestError).detail).toMatch(/forceOverbooking/);
		expect(toOperationError(overlap)).toMatchObject({ code: "conflict" });
		const forced = await client().createReservation({ ...stay, guestName: "Bo Chen" }, { forceOverbooking: true });
		expect(forced.id).not.toBe(created.id);

		const updated = await client().updateReservation(
			created.id,
			{ hostNote: "Crib needed", numberOfGuests: 3 },
			{ forceOverbooking: true },
		);
		expect(updated).toMatchObject({ hostNote: "Crib needed", numberOfGuests: 3 });

		const cancelled = await client().cancelReservation(created.id, { cancelledBy: "guest" });
		expect(cancelled).toMatchObject({ status: "cancelled", cancelledBy: "guest" });
	});

	it("answers Hostaway's validation refusal with invalid-request and its reason", async () => {
		const error = await client()
			.createReservation({
				listingId: listing.id,
				channelId: 2000,
				arrivalDate: "2032-03-01",
				departureDate: "2032-03-03",
				guestEmail: "not-an-email",
			})
			.catch((caught: unknown) => caught);
		expect(error).toBeInstanceOf(HostawayInvalidRequestError);
		expect((error as HostawayInvalidRequestError).detail).toMatch(/guestEmail/);
		expect(toOperationError(error)).toMatchObject({ code: "invalid_input" });
	});
});

describe("conversations and messages", () => {
	it("lists conversations, finds a reservation's conversation, reads it and its messages, and sends one", async () => {
		const conversations = await client().listConversations({ limit: 3, includeResources: true });
		expect(conversations.items.length).toBeGreaterThan(0);
		const conversation = conversations.items[0];
		const reservationId = conversation?.reservationId as number;

		const ofReservation = await client().listReservationConversations(reservationId);
		expect(ofReservation.items.map((item) => item.id)).toContain(conversation?.id);
		const one = await client().getConversation(conversation?.id as number);
		expect(one.reservationId).toBe(reservationId);

		const before = await client().listMessages(conversation?.id as number, { limit: 100 });
		const sent = await client().sendMessage(conversation?.id as number, {
			body: "Looking forward to hosting you!",
			communicationType: "email",
		});
		expect(sent).toMatchObject({ body: "Looking forward to hosting you!", communicationType: "email", isIncoming: false });
		const after = await client().listMessages(conversation?.id as number, { limit: 100 });
		expect(after.items.length).toBe(before.items.length + 1);
		expect(after.items.filter((message) => message.id === sent.id)).toHaveLength(1);
	});
});
