/**
 * Reservation statuses and what they do to the calendar. Hostaway documents `new`,
 * `modified`, `awaitingPayment` and `awaitingGuestVerification` as blocking; the sandbox
 * also blocks for owner stays and for requests awaiting the host (`pending`, Vrbo's
 * `unconfirmed`), which hold the dates until answered. Inquiries, cancellations and
 * declined or expired requests never block.
 */
export const RESERVATION_STATUSES = [
	"new",
	"modified",
	"cancelled",
	"ownerStay",
	"pending",
	"awaitingPayment",
	"awaitingGuestVerification",
	"declined",
	"expired",
	"unconfirmed",
	"inquiry",
	"inquiryPreapproved",
	"inquiryDenied",
	"inquiryTimedout",
	"inquiryNotPossible",
	"unknown",
] as const;

export type ReservationStatus = (typeof RESERVATION_STATUSES)[number];

/** Statuses whose nights the calendar shows as `reserved`. */
const RESERVED_STATUSES: ReadonlySet<string> = new Set(["new", "modified", "ownerStay"]);
/** Statuses whose nights the calendar shows as `pending` (held, not yet confirmed). */
const PENDING_STATUSES: ReadonlySet<string> = new Set(["pending", "awaitingPayment", "awaitingGuestVerification", "unconfirmed"]);

export function isBlockingStatus(status: string): boolean {
	return RESERVED_STATUSES.has(status) || PENDING_STATUSES.has(status);
}

export function isPendingStatus(status: string): boolean {
	return PENDING_STATUSES.has(status);
}
