/**
 * A reservation (hostaway-api.md §4.4). Id naming differs from field to field: `id` is the
 * Hostaway id (int), `reservationId`/`channelReservationId` are the channel's reference
 * (text), `hostawayReservationId` is `id` as text in real data, and the listing is
 * `listingMapId`. `doorCode*` and card fields (`ccNumber`, `cvc`, …) pass through as sent;
 * operations strip them from output.
 */
import { z } from "zod";
import { lenientArray, lenientFlag, lenientInteger, lenientNumber, lenientString, looseRecord, optionalId, requiredId } from "./lenient";

/** Statuses Hostaway documents; a list filtered by status is filtered client-side (no API filter exists). */
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
	"confirmed",
] as const;

export const ReservationSchema = z.looseObject({
	// identity
	id: requiredId,
	listingMapId: optionalId,
	listingName: lenientString,
	channelId: optionalId,
	channelName: lenientString,
	source: lenientString,
	reservationId: lenientString,
	hostawayReservationId: lenientString,
	channelReservationId: lenientString,
	confirmationCode: lenientString,
	assigneeUserId: optionalId,
	// status
	status: lenientString,
	cancellationDate: lenientString,
	cancelledBy: lenientString,
	pendingExpireDate: lenientString,
	isInstantBooked: lenientFlag,
	isManuallyChecked: lenientFlag,
	isProcessed: lenientFlag,
	isInitial: lenientFlag,
	// guest
	guestName: lenientString,
	guestFirstName: lenientString,
	guestLastName: lenientString,
	guestEmail: lenientString,
	phone: lenientString,
	guestAddress: lenientString,
	guestCity: lenientString,
	guestZipCode: lenientString,
	guestCountry: lenientString,
	guestLocale: lenientString,
	guestPicture: lenientString,
	isGuestIdentityVerified: lenientFlag,
	isGuestVerifiedByEmail: lenientFlag,
	isGuestVerifiedByPhone: lenientFlag,
	isGuestVerifiedByGovernmentId: lenientFlag,
	isGuestVerifiedByReviews: lenientFlag,
	// party
	numberOfGuests: lenientInteger,
	adults: lenientInteger,
	children: lenientInteger,
	infants: lenientInteger,
	pets: lenientInteger,
	// dates (check-in/out are hours of the day)
	arrivalDate: lenientString,
	departureDate: lenientString,
	nights: lenientInteger,
	checkInTime: lenientInteger,
	checkOutTime: lenientInteger,
	reservationDate: lenientString,
	insertedOn: lenientString,
	updatedOn: lenientString,
	latestActivityOn: lenientString,
	// money
	totalPrice: lenientNumber,
	currency: lenientString,
	taxAmount: lenientNumber,
	cleaningFee: lenientNumber,
	securityDepositFee: lenientNumber,
	channelCommissionAmount: lenientNumber,
	hostawayCommissionAmount: lenientNumber,
	remainingBalance: lenientNumber,
	isPaid: lenientFlag,
	paymentStatus: lenientString,
	// notes
	hostNote: lenientString,
	guestNote: lenientString,
	comment: lenientString,
	// flags
	isStarred: lenientFlag,
	isArchived: lenientFlag,
	isPinned: lenientFlag,
	// policy
	cancellationPolicy: lenientString,
	cancellationPolicyId: optionalId,
	hostProxyEmail: lenientString,
	// nested
	financeField: lenientArray(looseRecord),
	reservationFees: lenientArray(looseRecord),
	customFieldValues: lenientArray(looseRecord),
});

export type Reservation = z.output<typeof ReservationSchema>;
