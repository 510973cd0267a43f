/**
 * The lenient schemas against real captured Hostaway responses (fixtures/) and against the
 * quirks hostaway-api.md documents: numeric strings, id drift, 0/1 flags, missing envelope keys,
 * token responses flat or wrapped, error text in `result` or `message`.
 */
import { describe, expect, it } from "vitest";
import { HostawayUnexpectedResponseError } from "../../src/hostaway/errors";
import { parsePage, parseResult } from "../../src/hostaway/parse";
import { CalendarDaySchema, PriceDetailsSchema } from "../../src/hostaway/schemas/calendar";
import { ConversationSchema, MessageSchema } from "../../src/hostaway/schemas/conversation";
import { errorTextOf, isFailureEnvelope } from "../../src/hostaway/schemas/envelope";
import { ListingSchema } from "../../src/hostaway/schemas/listing";
import { ReservationSchema } from "../../src/hostaway/schemas/reservation";
import { TokenResponseSchema } from "../../src/hostaway/schemas/token";
import conversationsPage from "../fixtures/hostaway_conversations_page_0.json";
import listingsPage from "../fixtures/hostaway_listings_page_0.json";
import messagesPage from "../fixtures/hostaway_messages_page_0.json";
import reservationsPage from "../fixtures/hostaway_reservations_page_0.json";

describe("captured Hostaway responses", () => {
	it("reads a listings page, keeping every key Hostaway sent", () => {
		const page = parsePage(listingsPage, ListingSchema, "listings");
		expect(page).toMatchObject({ count: 7, limit: 100, offset: 0, page: null, totalPages: null });
		const [listing] = page.items;
		const raw = listingsPage.result[0] as Record<string, unknown>;
		expect(listing?.id).toBe(raw.id);
		expect(listing?.personCapacity).toBe(10);
		expect(listing?.instantBookable).toBe(false);
		expect(listing?.checkInTimeStart).toBe(15);
		expect(listing?.listingAmenities[0]?.amenityName).toBe("Internet");
		// Every key sent is kept (the schema adds only its own named keys, as null, when absent).
		expect(Object.keys(listing ?? {})).toEqual(expect.arrayContaining(Object.keys(raw)));
		expect(listing?.specialStatus).toBeNull();
		expect((listing as Record<string, unknown>).airbnbExportStatus).toBe(raw.airbnbExportStatus);
	});

	it("reads a reservations page: ids as sent, hostawayReservationId as text, flags as booleans", () => {
		const page = parsePage(reservationsPage, ReservationSchema, "reservations");
		expect(page.count).toBe(707);
		expect(page.items).toHaveLength(reservationsPage.result.length);
		for (const [index, reservation] of page.items.entries()) {
			const raw = reservationsPage.result[index] as Record<string, unknown>;
			expect(reservation.id).toBe(raw.id);
			expect(reservation.hostawayReservationId).toBe(String(raw.id));
			expect(reservation.listingMapId).toBe(raw.listingMapId);
			expect(reservation.arrivalDate).toBe(raw.arrivalDate);
			expect(typeof reservation.isProcessed === "boolean" || reservation.isProcessed === null).toBe(true);
		}
	});

	it("reads a conversations page with its embedded Reservation and latest message", () => {
		const page = parsePage(conversationsPage, ConversationSchema, "conversations");
		expect(page).toMatchObject({ page: 1, totalPages: expect.any(Number) });
		const [conversation] = page.items;
		const raw = conversationsPage.result[0] as Record<string, unknown> & { Reservation: { id: number } };
		expect(conversation?.reservationId).toBe(raw.reservationId);
		expect(conversation?.Reservation?.id).toBe(raw.Reservation.id);
		expect(conversation?.conversationMessages).toHaveLength(1);
		expect(typeof conversation?.conversationMessages[0]?.isIncoming).toBe("boolean");
	});

	it("reads a messages page past its end as an empty page with the metadata Hostaway sent", () => {
		const page = parsePage(messagesPage, MessageSchema, "messages");
		expect(page).toEqual({ items: [], count: 8, limit: 100, offset: 100, page: 2, totalPages: 1 });
	});
});

describe("lenient parsing of Hostaway's drift", () => {
	it("accepts numeric strings, string ids, text or boolean flags, and nulls", () => {
		const reservation = ReservationSchema.parse({
			id: "42",
			listingMapId: "7",
			totalPrice: "123.45",
			numberOfGuests: "3",
			isPaid: "1",
			isStarred: true,
			isArchived: null,
			phone: 4915112345,
			nights: "2.5",
		});
		expect(reservation).toMatchObject({
			id: 42,
			listingMapId: 7,
			totalPrice: 123.45,
			numberOfGuests: 3,
			isPaid: true,
			isStarred: true,
			isArchived: null,
			phone: "4915112345",
			nights: null,
		});
		// Keys that were not sent come back as null rather than failing.
		expect(reservation.guestEmail).toBeNull();
		expect(reservation.reservationFees).toEqual([]);
	});

	it("refuses a record without a usable id, naming the field", () => {
		expect(() => parseResult({ status: "success", result: { name: "x" } }, ListingSchema, "listing 1")).toThrowError(
			HostawayUnexpectedResponseError,
		);
		expect(() => parseResult({ status: "success", result: { id: "abc" } }, ListingSchema, "listing 1")).toThrowError(/id/);
	});

	it("reads a list answer without list metadata, or without result, as a page", () => {
		expect(parsePage({ status: "success", result: [{ id: 1 }] }, ListingSchema, "listings")).toMatchObject({
			items: [{ id: 1 }],
			count: null,
			limit: null,
		});
		expect(parsePage({ status: "success" }, ListingSchema, "listings").items).toEqual([]);
		expect(() => parsePage({ status: "success", result: "nope" }, ListingSchema, "listings")).toThrowError(HostawayUnexpectedResponseError);
		expect(() => parsePage("not an object", ListingSchema, "listings")).toThrowError(/not a JSON object/);
	});

	it("reads calendar days and price quotes with 0/1 flags and numeric strings", () => {
		const day = CalendarDaySchema.parse({ date: "2026-08-01", isAvailable: 0, price: "150", minimumStay: 2, closedOnArrival: null });
		expect(day).toMatchObject({
			date: "2026-08-01",
			isAvailable: false,
			price: 150,
			minimumStay: 2,
			closedOnArrival: null,
			reservations: [],
		});
		const quote = PriceDetailsSchema.parse({
			totalPrice: "480.5",
			components: [{ name: "baseRate", total: 400, isIncludedInTotalPrice: 1 }],
		});
		expect(quote.totalPrice).toBe(480.5);
		expect(quote.components[0]).toMatchObject({ name: "baseRate", total: 400, isIncludedInTotalPrice: true });
	});

	it("drops an unreadable embedded message or reservation instead of failing the conversation", () => {
		const conversation = ConversationSchema.parse({
			id: 5,
			conversationMessages: [{ id: 9, body: "hi" }, { body: "no id" }],
			Reservation: { guestName: "no id either" },
		});
		expect(conversation.conversationMessages.map((message) => message.id)).toEqual([9]);
		expect(conversation.Reservation).toBeNull();
	});

	it("reads a token response flat (documented) or wrapped in {status, result}", () => {
		const flat = TokenResponseSchema.parse({ token_type: "Bearer", expires_in: 63072000, access_token: "abc" });
		const wrapped = TokenResponseSchema.parse({
			status: "success",
			result: { token_type: "Bearer", expires_in: "15897600", access_token: "def" },
		});
		expect(flat).toMatchObject({ access_token: "abc", expires_in: 63072000 });
		expect(wrapped).toMatchObject({ access_token: "def", expires_in: 15897600 });
		expect(TokenResponseSchema.safeParse({ status: "success", result: [] }).success).toBe(false);
	});

	it("finds error text in `result` (documented) or `message` (the 429 example)", () => {
		expect(errorTextOf({ status: "fail", result: "Listing not found" })).toBe("Listing not found");
		expect(errorTextOf({ status: "fail", message: "Too many requests" })).toBe("Too many requests");
		expect(errorTextOf({ status: "fail", result: [] })).toBeUndefined();
		expect(isFailureEnvelope({ status: "fail" })).toBe(true);
		expect(isFailureEnvelope({ status: "success" })).toBe(false);
	});
});
