/** Friendly inputs become Hostaway's documented parameter names; bad values are refused before sending. */
import { describe, expect, it } from "vitest";
import { HostawayInvalidRequestError } from "../../src/hostaway/errors";
import { calendarIntervalsBody, calendarRangeBody, priceDetailsBody } from "../../src/hostaway/requests/calendar";
import { checkId } from "../../src/hostaway/requests/checks";
import { messageBody } from "../../src/hostaway/requests/conversations";
import { listingsQuery } from "../../src/hostaway/requests/listings";
import {
	newReservationBody,
	reservationChangesBody,
	reservationsQuery,
	reservationWriteQuery,
} from "../../src/hostaway/requests/reservations";

describe("request mapping", () => {
	it("maps listing filters to Hostaway's names", () => {
		expect(
			listingsQuery({ nameSearch: "loft", availableFrom: "2026-08-01", availableTo: "2026-08-05", guests: 4, includeResources: true }),
		).toMatchObject({
			match: "loft",
			availabilityDateStart: "2026-08-01",
			availabilityDateEnd: "2026-08-05",
			availabilityGuestNumber: 4,
			includeResources: true,
		});
	});

	it("maps reservation filters, including the listingId filter and the unread flag", () => {
		expect(
			reservationsQuery({
				listingId: 7,
				guestNameSearch: "Ann",
				arrivalFrom: "2026-08-01",
				arrivalTo: "2026-08-31",
				departureFrom: "2026-08-02",
				departureTo: "2026-09-01",
				latestActivityFrom: "2026-07-01",
				latestActivityTo: "2026-07-31",
				hasUnreadMessages: true,
				afterId: 99,
			}),
		).toMatchObject({
			listingId: 7,
			match: "Ann",
			arrivalStartDate: "2026-08-01",
			arrivalEndDate: "2026-08-31",
			departureStartDate: "2026-08-02",
			departureEndDate: "2026-09-01",
			latestActivityStart: "2026-07-01",
			latestActivityEnd: "2026-07-31",
			hasUnreadConversationMessages: true,
			afterId: 99,
		});
	});

	it("writes a reservation with listingMapId and phone, sends only what was given, and forces overbooking only on request", () => {
		expect(
			newReservationBody({
				listingId: 7,
				channelId: 2000,
				arrivalDate: "2026-08-01",
				departureDate: "2026-08-04",
				guestPhone: "+1555",
				isManuallyChecked: true,
			}),
		).toEqual({
			listingMapId: 7,
			channelId: 2000,
			arrivalDate: "2026-08-01",
			departureDate: "2026-08-04",
			phone: "+1555",
			isManuallyChecked: 1,
		});
		expect(reservationChangesBody({ hostNote: "late arrival" })).toEqual({ hostNote: "late arrival" });
		expect(reservationWriteQuery({ forceOverbooking: true })).toEqual({ forceOverbooking: 1 });
		expect(reservationWriteQuery({})).toEqual({ forceOverbooking: undefined });
	});

	it("writes calendar ranges with 0/1 flags and price quotes as version 2", () => {
		expect(calendarRangeBody({ startDate: "2026-08-01", endDate: "2026-08-03", isAvailable: false, price: 120 })).toEqual({
			startDate: "2026-08-01",
			endDate: "2026-08-03",
			isAvailable: 0,
			price: 120,
		});
		expect(priceDetailsBody({ startDate: "2026-08-01", endDate: "2026-08-04", guests: 2 })).toEqual({
			startingDate: "2026-08-01",
			endingDate: "2026-08-04",
			numberOfGuests: 2,
			version: 2,
		});
	});

	it("refuses bad values before anything is sent, naming the problem", () => {
		expect(() => checkId(0, "listing id")).toThrowError(/listing id/);
		expect(() => checkId("12/../34", "listing id")).toThrowError(HostawayInvalidRequestError);
		expect(() => listingsQuery({ availableFrom: "01.08.2026" })).toThrowError(/YYYY-MM-DD/);
		expect(() => reservationChangesBody({ arrivalDate: "2026-08-04", departureDate: "2026-08-01" })).toThrowError(/after the arrival/);
		expect(() => calendarRangeBody({ startDate: "2026-08-04", endDate: "2026-08-01" })).toThrowError(/ends before/);
		const interval = { startDate: "2026-08-01", endDate: "2026-08-01", price: 100 };
		expect(() => calendarIntervalsBody(Array.from({ length: 201 }, () => interval))).toThrowError(/at most 200/);
		expect(() => messageBody({ body: "   " })).toThrowError(/non-empty/);
		expect(messageBody({ body: "Hello" })).toEqual({ body: "Hello", communicationType: "email" });
	});
});
