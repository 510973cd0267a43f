/**
 * Friendly inputs for reservation reads and writes, mapped to Hostaway's documented names
 * (hostaway-api.md §4.4). The mapping takes care of the known traps: the list filter is
 * `listingId` but the field is `listingMapId`; the guest's phone is `phone`.
 */
import { HostawayInvalidRequestError } from "../errors";
import type { QueryValue } from "../transport";
import { checkDate, checkId, defined, flag } from "./checks";

export const RESERVATION_SORT_ORDERS = [
	"arrivalDate",
	"arrivalDateDesc",
	"lastConversationMessageSent",
	"lastConversationMessageSentDesc",
	"lastConversationMessageReceived",
	"lastConversationMessageReceivedDesc",
	"latestActivity",
	"latestActivityDesc",
	"updatedOn",
] as const;
export type ReservationSortOrder = (typeof RESERVATION_SORT_ORDERS)[number];

export interface ListReservationsInput {
	limit?: number;
	/**
	 * Cursor: the reservations after this id in the sort order (send the same filters and
	 * sortOrder on every page). Hostaway deprecated `offset` paging for reservations (2026-03),
	 * so this client has no offset.
	 */
	afterId?: number;
	sortOrder?: ReservationSortOrder;
	listingId?: number;
	channelId?: number;
	assigneeUserId?: number;
	/** Text searched in guest names (Hostaway's `match`). */
	guestNameSearch?: string;
	/** Exact guest e-mail. */
	guestEmail?: string;
	arrivalFrom?: string;
	arrivalTo?: string;
	departureFrom?: string;
	departureTo?: string;
	latestActivityFrom?: string;
	latestActivityTo?: string;
	hasUnreadMessages?: boolean;
	isStarred?: boolean;
	isArchived?: boolean;
	isPinned?: boolean;
	includeResources?: boolean;
	includeCancellationPolicy?: boolean;
}

export function reservationsQuery(input: ListReservationsInput): Record<string, QueryValue> {
	return {
		limit: input.limit,
		afterId: input.afterId === undefined ? undefined : checkId(input.afterId, "afterId cursor (a reservation id)"),
		sortOrder: input.sortOrder,
		listingId: input.listingId,
		channelId: input.channelId,
		assigneeUserId: input.assigneeUserId,
		match: input.guestNameSearch,
		guestEmail: input.guestEmail,
		arrivalStartDate: checkDate(input.arrivalFrom, "arrival window start"),
		arrivalEndDate: checkDate(input.arrivalTo, "arrival window end"),
		departureStartDate: checkDate(input.departureFrom, "departure window start"),
		departureEndDate: checkDate(input.departureTo, "departure window end"),
		latestActivityStart: checkDate(input.latestActivityFrom, "latest activity start"),
		latestActivityEnd: checkDate(input.latestActivityTo, "latest activity end"),
		hasUnreadConversationMessages: input.hasUnreadMessages,
		isStarred: input.isStarred,
		isArchived: input.isArchived,
		isPinned: input.isPinned,
		includeResources: input.includeResources,
		includeCancellationPolicy: input.includeCancellationPolicy,
	};
}

/** Fields a reservation write may set. Names are Hostaway's except where noted. */
export interface ReservationChanges {
	arrivalDate?: string;
	departureDate?: string;
	guestName?: string;
	guestFirstName?: string;
	guestLastName?: string;
	guestEmail?: string;
	/** Sent as `phone`. */
	guestPhone?: string;
	guestAddress?: string;
	guestCity?: string;
	guestZipCode?: string;
	guestCountry?: string;
	guestLocale?: string;
	numberOfGuests?: number;
	adults?: number;
	children?: number;
	infants?: number;
	pets?: number;
	totalPrice?: number;
	currency?: string;
	checkInTime?: number;
	checkOutTime?: number;
	hostNote?: string | null;
	guestNote?: string | null;
	comment?: string | null;
	isManuallyChecked?: boolean;
}

export interface NewReservation extends ReservationChanges {
	/** Sent as `listingMapId`. */
	listingId: number;
	/** 2000 = direct booking. */
	channelId: number;
	arrivalDate: string;
	departureDate: string;
}

export interface WriteOptions {
	/** Let the stay overlap another one (Hostaway's `forceOverbooking=1`). */
	forceOverbooking?: boolean;
}

export function reservationWriteQuery(options: WriteOptions): Record<string, QueryValue> {
	return { forceOverbooking: options.forceOverbooking ? 1 : undefined };
}

export function reservationChangesBody(changes: ReservationChanges) {
	const arrivalDate = checkDate(changes.arrivalDate, "arrival date");
	const departureDate = checkDate(changes.departureDate, "departure date");
	if (arrivalDate && departureDate && departureDate <= arrivalDate) {
		throw new HostawayInvalidRequestError("The departure date must be after the arrival date.");
	}
	return defined({
		arrivalDate,
		departureDate,
		guestName: changes.guestName,
		guestFirstName: changes.guestFirstName,
		guestLastName: changes.guestLastName,
		guestEmail: changes.guestEmail,
		phone: changes.guestPhone,
		guestAddress: changes.guestAddress,
		guestCity: changes.guestCity,
		guestZipCode: changes.guestZipCode,
		guestCountry: changes.guestCountry,
		guestLocale: changes.guestLocale,
		numberOfGuests: changes.numberOfGuests,
		adults: changes.adults,
		children: changes.children,
		infants: changes.infants,
		pets: changes.pets,
		totalPrice: changes.totalPrice,
		currency: changes.currency,
		checkInTime: changes.checkInTime,
		checkOutTime: changes.checkOutTime,
		hostNote: changes.hostNote,
		guestNote: changes.guestNote,
		comment: changes.comment,
		isManuallyChecked: flag(changes.isManuallyChecked),
	});
}

export function newReservationBody(reservation: NewReservation) {
	return {
		listingMapId: checkId(reservation.listingId, "listing id"),
		channelId: checkId(reservation.channelId, "channel id"),
		...reservationChangesBody(reservation),
	};
}

export function cancellationBody(cancelledBy: "host" | "guest") {
	if (cancelledBy !== "host" && cancelledBy !== "guest") {
		throw new HostawayInvalidRequestError('A cancellation is made by "host" or "guest".');
	}
	return { cancelledBy };
}
