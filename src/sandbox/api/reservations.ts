/**
 * The reservation endpoints: list (every documented filter, `afterId` cursor, sort orders),
 * read, create, update and cancel, with Hostaway's rules: `channelId`, `listingMapId` and
 * arrival before departure are required; a stay may not overlap a calendar-blocking
 * reservation or a host block unless `forceOverbooking=1`; `nights` is computed; `listingMapId`
 * cannot change; owner stays carry no money.
 */
import { z } from "zod";
import { BOOKING_COM, VRBO, channelName, AIRBNB } from "../domain/channels";
import { indexNights } from "../domain/calendar";
import { channelReference, confirmationCodeFor, guestPortalUrl, hostProxyEmail } from "../domain/identifiers";
import { nightlyPrice } from "../domain/pricing";
import { quoteStay } from "../domain/quote";
import { RESERVATION_STATUSES, isBlockingStatus } from "../domain/statuses";
import { RESERVATION_TEMPLATE, type ListingRecord, type ReservationRecord } from "../seed/templates";
import { dateOfDayNumber, dayNumberOf, formatDateTime } from "../wire/datetime";
import type { JsonObject } from "../wire/json";
import { SandboxError, badRequest, forbidden, notFound, ok, shortList, slice, type ApiReply } from "../wire/replies";
import type { HandlerContext } from "./context";
import { isoDate, zeroOrOne } from "./schemas";

/** Hostaway's documented default page size for reservations. */
const DEFAULT_LIMIT = 100;

const text = z.string({ error: "must be a string" }).max(5000, { error: "is too long" });
const count = z.number({ error: "must be a number" }).int({ error: "must be an integer" }).min(0, { error: "must not be negative" });
const money = z.number({ error: "must be a number" }).min(0, { error: "must not be negative" });
const hour = z
	.number({ error: "must be a number" })
	.int({ error: "must be an integer" })
	.min(0)
	.max(23, { error: "must be an hour from 0 to 23" });

/** The reservation fields a client may write. Unknown keys are ignored, as Hostaway does. */
const ReservationFields = z.object({
	channelId: z.number({ error: "must be a Hostaway channel id (e.g. 2000 for direct)" }).int(),
	listingMapId: z.number({ error: "must be a listing id" }).int(),
	arrivalDate: isoDate,
	departureDate: isoDate,
	status: z.enum(RESERVATION_STATUSES, { error: `must be one of ${RESERVATION_STATUSES.join(", ")}` }),
	guestName: text.nullable(),
	guestFirstName: text.nullable(),
	guestLastName: text.nullable(),
	guestEmail: z.email({ error: "must be an e-mail address" }).nullable(),
	phone: text.nullable(),
	guestAddress: text.nullable(),
	guestCity: text.nullable(),
	guestZipCode: text.nullable(),
	guestCountry: text.nullable(),
	guestLocale: text.nullable(),
	numberOfGuests: count.min(1, { error: "must be at least 1" }),
	adults: count.nullable(),
	children: count.nullable(),
	infants: count.nullable(),
	pets: count.nullable(),
	checkInTime: hour,
	checkOutTime: hour,
	totalPrice: money,
	taxAmount: money.nullable(),
	cleaningFee: money,
	securityDepositFee: money.nullable(),
	channelCommissionAmount: money.nullable(),
	currency: z.string().regex(/^[A-Z]{3}$/, { error: "must be a three-letter currency code" }),
	isPaid: zeroOrOne.nullable(),
	isManuallyChecked: zeroOrOne,
	isInitial: zeroOrOne,
	isStarred: zeroOrOne,
	isArchived: zeroOrOne,
	isPinned: zeroOrOne,
	hostNote: text.nullable(),
	guestNote: text.nullable(),
	comment: text.nullable(),
	doorCode: text.nullable(),
	doorCodeVendor: text.nullable(),
	doorCodeInstruction: text.nullable(),
	assigneeUserId: z.number().int().nullable(),
});
const ReservationUpdate = ReservationFields.partial();
type ReservationUpdate = z.infer<typeof ReservationUpdate>;

const CancelRequest = z.object({ cancelledBy: z.enum(["host", "guest"], { error: 'must be "host" or "guest"' }).optional() }).optional();

export function findReservation(ctx: HandlerContext, id: number): ReservationRecord {
	const reservation = ctx.store.reservations.get(id);
	if (!reservation) throw notFound("Reservation not found");
	return reservation;
}

// ---------------------------------------------------------------------------- reading

function lastMessageTimes(ctx: HandlerContext): Map<number, { sent: string; received: string; unread: boolean }> {
	const byReservation = new Map<number, { sent: string; received: string; unread: boolean }>();
	for (const conversation of ctx.store.conversations.values()) {
		byReservation.set(conversation.reservationId, {
			sent: conversation.messageSentOn,
			received: conversation.messageReceivedOn,
			unread: conversation.hasUnreadMessages === 1,
		});
	}
	return byReservation;
}

type Sorter = (a: ReservationRecord, b: ReservationRecord) => number;

function sorterFor(ctx: HandlerContext, sortOrder: string | undefined): Sorter {
	const byId = (a: ReservationRecord, b: ReservationRecord) => a.id - b.id;
	const desc =
		(sorter: Sorter): Sorter =>
		(a, b) =>
			sorter(b, a);
	let messages: ReturnType<typeof lastMessageTimes> | undefined;
	const sent = (r: ReservationRecord) => (messages ??= lastMessageTimes(ctx)).get(r.id)?.sent ?? "";
	const received = (r: ReservationRecord) => (messages ??= lastMessageTimes(ctx)).get(r.id)?.received ?? "";
	const orders: Record<string, Sorter> = {
		arrivalDate: (a, b) => a.arrivalDate.localeCompare(b.arrivalDate) || byId(a, b),
		lastConversationMessageSent: (a, b) => sent(a).localeCompare(sent(b)) || byId(a, b),
		lastConversationMessageReceived: (a, b) => received(a).localeCompare(received(b)) || byId(a, b),
		latestActivity: (a, b) => (a.latestActivityOn ?? "").localeCompare(b.latestActivityOn ?? "") || byId(a, b),
		updatedOn: (a, b) => a.updatedOn.localeCompare(b.updatedOn) || byId(a, b),
	};
	for (const name of ["arrivalDate", "lastConversationMessageSent", "lastConversationMessageReceived", "latestActivity"]) {
		orders[`${name}Desc`] = desc(orders[name] as Sorter);
	}
	if (sortOrder === undefined) return desc(orders.updatedOn as Sorter); // Hostaway's default: updatedOn DESC, id DESC
	const sorter = orders[sortOrder];
	if (!sorter) throw badRequest(`sortOrder must be one of ${Object.keys(orders).join(", ")}`);
	return sorter;
}

function withCancellationPolicy(reservation: ReservationRecord): JsonObject {
	const days = reservation.channelId === AIRBNB ? 5 : 14;
	return {
		...reservation,
		cancellationPolicyDetails: {
			name: reservation.airbnbCancellationPolicy ?? "moderate",
			channelId: reservation.channelId,
			channelSpecificCode: reservation.airbnbCancellationPolicy,
			longTerm: 0,
			cancellationPolicyItem: [
				{ refundAmount: 100, refundType: "percent", cancellationTimeValue: days, cancellationTimeUnit: "days" },
				{ refundAmount: 50, refundType: "percent", cancellationTimeValue: 1, cancellationTimeUnit: "days" },
			],
		},
	};
}

export function listReservations(ctx: HandlerContext): ApiReply {
	const { query } = ctx;
	const page = query.page(DEFAULT_LIMIT);
	const afterId = query.int("afterId", { min: 0 });
	const listingId = query.int("listingId");
	const channelId = query.int("channelId");
	const assigneeUserId = query.int("assigneeUserId");
	const match = query.string("match")?.toLowerCase();
	const guestEmail = query.string("guestEmail")?.toLowerCase();
	const arrivalStart = query.date("arrivalStartDate");
	const arrivalEnd = query.date("arrivalEndDate");
	const departureStart = query.date("departureStartDate");
	const departureEnd = query.date("departureEndDate");
	const activityStart = query.date("latestActivityStart");
	const activityEnd = query.date("latestActivityEnd");
	const unread = query.flag("hasUnreadConversationMessages");
	const starred = query.flag("isStarred");
	const archived = query.flag("isArchived");
	const pinned = query.flag("isPinned");
	const customerUserId = query.string("customerUserId");
	const agreement = query.string("reservationAgreement");
	const includeCancellationPolicy = query.flag("includeCancellationPolicy") === true;
	const sorter = sorterFor(ctx, query.string("sortOrder"));
	const unreadByReservation = unread === undefined ? undefined : lastMessageTimes(ctx);
	const flag = (wanted: boolean | undefined, value: number) => wanted === undefined || value === (wanted ? 1 : 0);
	const activityDay = (r: ReservationRecord) => (r.latestActivityOn ?? r.updatedOn).slice(0, 10);

	const matching = [...ctx.store.reservations.values()].filter(
		(r) =>
			(listingId === undefined || r.listingMapId === listingId) &&
			(channelId === undefined || r.channelId === channelId) &&
			(assigneeUserId === undefined || r.assigneeUserId === assigneeUserId) &&
			(match === undefined || [r.guestName, r.guestFirstName, r.guestLastName].some((name) => name?.toLowerCase().includes(match))) &&
			(guestEmail === undefined || r.guestEmail?.toLowerCase() === guestEmail) &&
			(arrivalStart === undefined || r.arrivalDate >= arrivalStart) &&
			(arrivalEnd === undefined || r.arrivalDate <= arrivalEnd) &&
			(departureStart === undefined || r.departureDate >= departureStart) &&
			(departureEnd === undefined || r.departureDate <= departureEnd) &&
			(activityStart === undefined || activityDay(r) >= activityStart) &&
			(activityEnd === undefined || activityDay(r) <= activityEnd) &&
			(unread === undefined || (unreadByReservation?.get(r.id)?.unread ?? false) === unread) &&
			flag(starred, r.isStarred) &&
			flag(archived, r.isArchived) &&
			flag(pinned, r.isPinned) &&
			(customerUserId === undefined || String(r.customerUserId) === customerUserId) &&
			(agreement === undefined || r.reservationAgreement === agreement),
	);
	matching.sort(sorter);

	let pageItems: ReservationRecord[];
	if (afterId !== undefined) {
		// Cursor: the records after `afterId` in this sort order; `offset` is ignored.
		const anchor = ctx.store.reservations.get(afterId);
		pageItems = anchor ? matching.filter((r) => sorter(anchor, r) < 0) : [];
		pageItems = slice(pageItems, { limit: page.limit, offset: 0 });
	} else {
		pageItems = slice(matching, page);
	}
	const result = pageItems.map((r) => (includeCancellationPolicy ? withCancellationPolicy(r) : r));
	return shortList(result, matching.length, afterId !== undefined ? { ...page, offset: 0 } : page);
}

export function getReservation(ctx: HandlerContext): ApiReply {
	const reservation = findReservation(ctx, ctx.idParam("reservationId", "Reservation"));
	return ok(ctx.query.flag("includeCancellationPolicy") ? withCancellationPolicy(reservation) : reservation);
}

// ---------------------------------------------------------------------------- writing

function forceOverbooking(ctx: HandlerContext): boolean {
	return ctx.query.flag("forceOverbooking") === true;
}

/** Refuses a stay that overlaps a blocking reservation or a host block, unless overbooking is forced. */
function checkAvailability(ctx: HandlerContext, listing: ListingRecord, arrival: number, departure: number, ignoreId?: number): void {
	if (forceOverbooking(ctx)) return;
	const others = [...ctx.store.reservations.values()].filter((r) => r.listingMapId === listing.id && r.id !== ignoreId);
	const nights = indexNights(others);
	const overrides = ctx.store.calendar.get(listing.id);
	for (let day = arrival; day < departure; day++) {
		const clash = nights.occupying(day)[0];
		if (clash) {
			throw new SandboxError(
				409,
				`The listing is not available on ${dateOfDayNumber(day)}: it overlaps reservation ${clash.id} (${clash.arrivalDate} to ${clash.departureDate}). Send forceOverbooking=1 to book anyway.`,
			);
		}
		if (overrides?.get(dateOfDayNumber(day))?.isAvailable === 0) {
			throw new SandboxError(409, `The listing is blocked on ${dateOfDayNumber(day)}. Send forceOverbooking=1 to book anyway.`);
		}
	}
}

function checkStayDates(arrivalDate: string, departureDate: string): { arrival: number; departure: number } {
	const arrival = dayNumberOf(arrivalDate);
	const departure = dayNumberOf(departureDate);
	if (departure <= arrival) throw badRequest("arrivalDate must be before departureDate");
	return { arrival, departure };
}

function checkOwnerStay(
	status: string,
	fields: { totalPrice?: number | null; cleaningFee?: number | null; taxAmount?: number | null },
): void {
	if (status !== "ownerStay") return;
	if ((fields.totalPrice ?? 0) > 0 || (fields.cleaningFee ?? 0) > 0 || (fields.taxAmount ?? 0) > 0) {
		throw badRequest("an ownerStay reservation carries no money: totalPrice, cleaningFee and taxAmount must be 0");
	}
}

function composeGuestName(first: string | null | undefined, last: string | null | undefined): string | null {
	const name = [first, last].filter(Boolean).join(" ");
	return name === "" ? null : name;
}

export function createReservation(ctx: HandlerContext): ApiReply {
	const body = ctx.body(ReservationUpdate);
	for (const field of ["channelId", "listingMapId", "arrivalDate", "departureDate"] as const) {
		if (body[field] === undefined) throw badRequest(`${field} is required`);
	}
	const channelId = body.channelId as number;
	const channel = channelName(channelId);
	if (!channel) throw badRequest(`channelId: ${channelId} is not a Hostaway channel id (2000 is direct)`);
	const listing = ctx.store.listings.get(body.listingMapId as number);
	if (!listing) throw badRequest(`listingMapId: listing ${body.listingMapId} does not exist`);
	const { arrival, departure } = checkStayDates(body.arrivalDate as string, body.departureDate as string);
	const status = body.status ?? "new";
	if (status === "cancelled") throw badRequest("status: a reservation cannot be created as cancelled");
	checkOwnerStay(status, body);
	if (isBlockingStatus(status)) checkAvailability(ctx, listing, arrival, departure);
	const provider = ctx.query.string("provider");
	if (provider !== undefined && provider.length > 65) throw badRequest("provider must be at most 65 characters");

	const nights = departure - arrival;
	const guests = body.numberOfGuests ?? 1;
	const prices = Array.from({ length: nights }, (_, night) => {
		const date = dateOfDayNumber(arrival + night);
		return ctx.store.calendar.get(listing.id)?.get(date)?.price;
	});
	const quote = quoteStay(
		listing,
		prices.map((price, night) => price ?? nightlyPrice(listing, arrival + night)),
		guests,
	);
	const ownerStay = status === "ownerStay";
	const id = ctx.store.newId("reservation");
	const now = formatDateTime(ctx.clock.businessNowMs);
	const confirmationCode = confirmationCodeFor(channelId, ctx.random);
	const reservationId = channelReference(
		{
			accountId: ctx.account.accountId,
			listingMapId: listing.id,
			channelId,
			arrivalDate: dateOfDayNumber(arrival),
			nights,
			numberOfGuests: guests,
			guestExternalAccountId: null,
			confirmationCode,
			isInquiry: status.startsWith("inquiry"),
		},
		ctx.random,
	);
	const guestAuthHash = ctx.random.hex(64);
	const reservation: ReservationRecord = {
		...RESERVATION_TEMPLATE,
		id,
		listingMapId: listing.id,
		listingName: listing.internalListingName,
		channelId,
		source: provider ?? (channelId === VRBO ? "VRBO" : null),
		channelName: channel,
		reservationId,
		hostawayReservationId: String(id),
		channelReservationId: reservationId,
		externalPropertyId: null,
		guestAuthHash,
		guestPortalUrl: guestPortalUrl(String(id), guestAuthHash),
		isProcessed: 1,
		isInitial: body.isInitial ?? 0,
		isManuallyChecked: body.isManuallyChecked ?? 0,
		isInstantBooked: 0,
		reservationDate: now,
		guestName: body.guestName ?? composeGuestName(body.guestFirstName, body.guestLastName) ?? "",
		guestFirstName: body.guestFirstName ?? "",
		guestLastName: body.guestLastName ?? null,
		guestEmail: body.guestEmail ?? null,
		phone: body.phone ?? null,
		guestAddress: body.guestAddress ?? null,
		guestCity: body.guestCity ?? null,
		guestZipCode: body.guestZipCode ?? null,
		guestCountry: body.guestCountry ?? null,
		numberOfGuests: guests,
		adults: body.adults ?? guests,
		children: body.children ?? 0,
		infants: body.infants ?? 0,
		pets: body.pets ?? 0,
		arrivalDate: dateOfDayNumber(arrival),
		departureDate: dateOfDayNumber(departure),
		isDatesUnspecified: 0,
		checkInTime: body.checkInTime ?? listing.checkInTimeStart,
		checkOutTime: body.checkOutTime ?? listing.checkOutTime,
		nights,
		totalPrice: ownerStay ? 0 : (body.totalPrice ?? quote.totalPrice),
		taxAmount: ownerStay ? 0 : (body.taxAmount ?? quote.taxAmount),
		channelCommissionAmount: body.channelCommissionAmount ?? null,
		cleaningFee: ownerStay ? 0 : (body.cleaningFee ?? quote.cleaningFee),
		securityDepositFee: body.securityDepositFee ?? null,
		isPaid: body.isPaid ?? null,
		currency: body.currency ?? listing.currencyCode,
		status,
		paymentStatus: ownerStay ? "Unknown" : "Unpaid",
		hostNote: body.hostNote ?? null,
		guestNote: body.guestNote ?? null,
		doorCode: body.doorCode ?? "",
		doorCodeVendor: body.doorCodeVendor ?? null,
		doorCodeInstruction: body.doorCodeInstruction ?? null,
		comment: body.comment ?? "",
		confirmationCode,
		isStarred: body.isStarred ?? 0,
		isArchived: body.isArchived ?? 0,
		isPinned: body.isPinned ?? 0,
		assigneeUserId: body.assigneeUserId ?? null,
		insertedOn: now,
		updatedOn: now,
		latestActivityOn: now,
		guestLocale: body.guestLocale ?? null,
		localeForMessaging: body.guestLocale ?? null,
		reservationAgreement: "not_signed",
		insuranceStatus: "not_eligible",
		cancellationPolicyId:
			channelId === AIRBNB
				? listing.airbnbCancellationPolicyId
				: channelId === BOOKING_COM
					? listing.bookingCancellationPolicyId
					: channelId === VRBO
						? listing.vrboCancellationPolicyId
						: listing.cancellationPolicyId,
		hostProxyEmail: hostProxyEmail(ctx.random),
	};
	ctx.store.saveReservation(reservation);
	return ok(reservation);
}

/**
 * Bookings that belong to Airbnb, Booking.com or Vrbo are changed on the channel: Hostaway
 * answers 403 to writes of their dates, party or price (reported by real users, hostaway-api.md
 * §1.3), while notes and door codes may still be written.
 */
const CHANNEL_MANAGED = new Set([AIRBNB, BOOKING_COM, VRBO]);
const CHANNEL_OWNED_FIELDS = [
	"arrivalDate",
	"departureDate",
	"numberOfGuests",
	"adults",
	"children",
	"infants",
	"pets",
	"totalPrice",
	"currency",
] as const;

function refuseChannelOwnedChanges(existing: ReservationRecord, body: ReservationUpdate): void {
	if (!CHANNEL_MANAGED.has(existing.channelId)) return;
	const touched = CHANNEL_OWNED_FIELDS.filter((field) => body[field] !== undefined && body[field] !== existing[field]);
	if (touched.length > 0) {
		throw forbidden(
			`This reservation is managed by ${channelName(existing.channelId) ?? "the channel"}; ${touched.join(", ")} cannot be changed through the API`,
		);
	}
}

/** Fields whose change turns a `new` reservation into `modified` (Hostaway's definition). */
const MODIFYING_FIELDS = ["arrivalDate", "departureDate", "numberOfGuests", "adults", "children", "totalPrice"] as const;

export function updateReservation(ctx: HandlerContext): ApiReply {
	const existing = findReservation(ctx, ctx.idParam("reservationId", "Reservation"));
	const body: ReservationUpdate = ctx.body(ReservationUpdate);
	if (body.listingMapId !== undefined && body.listingMapId !== existing.listingMapId) {
		throw badRequest("listingMapId cannot be changed; cancel this reservation and create a new one on the other listing");
	}
	if (body.channelId !== undefined && body.channelId !== existing.channelId) throw badRequest("channelId cannot be changed");
	if (body.status === "cancelled") throw badRequest("status: cancel with PUT /reservations/{reservationId}/statuses/cancelled");
	refuseChannelOwnedChanges(existing, body);
	const listing = ctx.store.listings.get(existing.listingMapId);
	if (!listing) throw notFound("Listing not found");

	const arrivalDate = body.arrivalDate ?? existing.arrivalDate;
	const departureDate = body.departureDate ?? existing.departureDate;
	const datesChanged = arrivalDate !== existing.arrivalDate || departureDate !== existing.departureDate;
	const { arrival, departure } = checkStayDates(arrivalDate, departureDate);
	const status = body.status ?? existing.status;
	checkOwnerStay(status, {
		totalPrice: body.totalPrice ?? existing.totalPrice,
		cleaningFee: body.cleaningFee ?? existing.cleaningFee,
		taxAmount: body.taxAmount ?? existing.taxAmount,
	});
	const becomesBlocking = isBlockingStatus(status) && (datesChanged || !isBlockingStatus(existing.status));
	if (becomesBlocking) checkAvailability(ctx, listing, arrival, departure, existing.id);

	const changes: Partial<ReservationRecord> = {};
	for (const [key, value] of Object.entries(body)) {
		if (value !== undefined) (changes as Record<string, unknown>)[key] = value;
	}
	const modified = MODIFYING_FIELDS.some((field) => body[field] !== undefined && body[field] !== existing[field]);
	const now = formatDateTime(ctx.clock.businessNowMs);
	const updated: ReservationRecord = {
		...existing,
		...changes,
		nights: departure - arrival,
		previousArrivalDate: datesChanged ? existing.arrivalDate : existing.previousArrivalDate,
		previousDepartureDate: datesChanged ? existing.departureDate : existing.previousDepartureDate,
		status: body.status ?? (existing.status === "new" && modified ? "modified" : existing.status),
		updatedOn: now,
		latestActivityOn: now,
	} as ReservationRecord;
	if (body.guestName === undefined && (body.guestFirstName !== undefined || body.guestLastName !== undefined)) {
		updated.guestName = composeGuestName(updated.guestFirstName, updated.guestLastName) ?? updated.guestName;
	}
	ctx.store.saveReservation(updated);
	return ok(updated);
}

export function cancelReservation(ctx: HandlerContext): ApiReply {
	const existing = findReservation(ctx, ctx.idParam("reservationId", "Reservation"));
	const request = ctx.call.bodyText?.trim() ? ctx.body(CancelRequest) : undefined;
	// Cancelling twice changes nothing: the first cancellation's date and side stand.
	if (existing.status === "cancelled") return ok(existing);
	const now = formatDateTime(ctx.clock.businessNowMs);
	const cancelled: ReservationRecord = {
		...existing,
		status: "cancelled",
		cancelledBy: request?.cancelledBy ?? "host",
		cancellationDate: now,
		updatedOn: now,
		latestActivityOn: now,
	};
	ctx.store.saveReservation(cancelled);
	return ok(cancelled);
}
