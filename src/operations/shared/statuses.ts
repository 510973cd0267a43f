/**
 * What a reservation's status means for the calendar and for the numbers
 * (hostaway-api.md §4.4, "Reservation statuses"). Hostaway has no status filter on
 * `GET /reservations`, so operations filter on these sets after fetching and say so.
 */

/** Statuses whose nights are taken on the calendar. */
export const BLOCKING_STATUSES = new Set([
	"new",
	"modified",
	"ownerStay",
	"pending",
	"awaitingPayment",
	"awaitingGuestVerification",
	"unconfirmed",
	"confirmed",
]);

/** Confirmed guest stays: what arrivals, departures, occupancy and revenue count. */
export const CONFIRMED_STAY_STATUSES = new Set(["new", "modified", "confirmed"]);

export const INQUIRY_STATUSES = new Set(["inquiry", "inquiryPreapproved", "inquiryDenied", "inquiryTimedout", "inquiryNotPossible"]);

export const CANCELLED_STATUSES = new Set(["cancelled", "declined", "expired"]);

export function blocksCalendar(status: string | null | undefined): boolean {
	return BLOCKING_STATUSES.has(status ?? "");
}

export function isConfirmedStay(status: string | null | undefined): boolean {
	return CONFIRMED_STAY_STATUSES.has(status ?? "");
}

/** Friendly status groups for filters: each maps to Hostaway statuses. */
export const STATUS_GROUPS = {
	confirmed: ["new", "modified", "confirmed"],
	cancelled: ["cancelled"],
	inquiry: [...INQUIRY_STATUSES],
	pending: ["pending", "awaitingPayment", "awaitingGuestVerification", "unconfirmed"],
	ownerStay: ["ownerStay"],
	declined: ["declined", "expired"],
} as const;

export type StatusGroup = keyof typeof STATUS_GROUPS;
