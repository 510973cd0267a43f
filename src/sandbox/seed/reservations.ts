/**
 * Seeded reservations: for every listing, a run of back-to-back stays from six months ago to
 * six months ahead (some with same-day turnovers), plus cancellations, inquiries and declined
 * or expired requests that do not block the calendar. The first listings are arranged so that
 * today and tomorrow always have arrivals, departures and turnovers to brief about.
 */
import { AIRBNB, BOOKING_COM, DIRECT, VRBO, channelName } from "../domain/channels";
import { channelReference, confirmationCodeFor, guestPortalUrl, hostProxyEmail } from "../domain/identifiers";
import { nightlyPrice, roundMoney } from "../domain/pricing";
import { quoteStay } from "../domain/quote";
import type { ReservationStatus } from "../domain/statuses";
import { dateOfDayNumber, formatDateTime, formatRfc1123, msOfDay } from "../wire/datetime";
import type { JsonObject } from "../wire/json";
import type { SeedContext } from "./context";
import { airbnbListingIdOf, vrboListingIdOf } from "./listings";
import { GUESTS, type GuestProfile, guestEmail } from "./people";
import { RESERVATION_TEMPLATE, type ListingRecord, type ReservationRecord } from "./templates";

interface Stay {
	arrival: number;
	departure: number;
}

export interface StaySpec extends Stay {
	channelId: number;
	status: ReservationStatus;
	cancelledBy?: "guest" | "host";
}

/**
 * Stays around today, by listing position: turnovers today and tomorrow, arrivals and
 * departures today and tomorrow, a guest in the middle of a stay, a vacant listing.
 */
function anchorStays(position: number, today: number): Stay[] {
	switch (position % 8) {
		case 0:
			return [
				{ arrival: today - 3, departure: today },
				{ arrival: today, departure: today + 4 },
			];
		case 1:
			return [
				{ arrival: today - 5, departure: today - 1 },
				{ arrival: today, departure: today + 3 },
			];
		case 2:
			return [
				{ arrival: today - 4, departure: today },
				{ arrival: today + 2, departure: today + 6 },
			];
		case 3:
			return [
				{ arrival: today - 6, departure: today - 2 },
				{ arrival: today + 1, departure: today + 5 },
			];
		case 4:
			return [{ arrival: today - 2, departure: today + 3 }];
		case 5:
			return [
				{ arrival: today - 3, departure: today + 1 },
				{ arrival: today + 1, departure: today + 6 },
			];
		case 6:
			return [{ arrival: today - 3, departure: today + 1 }];
		default:
			return [{ arrival: today + 3, departure: today + 7 }];
	}
}

function stayLength(ctx: SeedContext): number {
	return ctx.random.weighted([
		[2, 18],
		[3, 24],
		[4, 20],
		[5, 14],
		[6, 8],
		[7, 9],
		[10, 4],
		[14, 3],
	]);
}

/** Back-to-back stays before and after the anchors, thinning out further into the future. */
function blockingStays(ctx: SeedContext, position: number): Stay[] {
	const { today, random } = ctx;
	const horizon = ctx.horizonDays;
	const anchors = anchorStays(position, today);
	const stays = [...anchors];
	let cursor = anchors[0]?.arrival ?? today;
	for (;;) {
		const gap = random.weighted([
			[0, 22],
			[1, 12],
			[2, 14],
			[4, 16],
			[7, 18],
			[11, 18],
		]);
		const departure = cursor - gap;
		const arrival = departure - stayLength(ctx);
		if (arrival < today - horizon) break;
		stays.unshift({ arrival, departure });
		cursor = arrival;
	}
	cursor = anchors[anchors.length - 1]?.departure ?? today;
	for (;;) {
		const distance = cursor - today;
		const gap =
			random.weighted([
				[0, 20],
				[1, 12],
				[2, 14],
				[4, 16],
				[7, 18],
				[12, 20],
			]) +
			Math.floor(distance / 45) * random.int(0, 3);
		const arrival = cursor + gap;
		const departure = arrival + stayLength(ctx);
		if (departure > today + horizon) break;
		stays.push({ arrival, departure });
		cursor = departure;
	}
	return stays;
}

function confirmedStatus(ctx: SeedContext, stay: Stay, channelId: number, isAnchor: boolean): ReservationStatus {
	const { random, today } = ctx;
	if (!isAnchor && stay.arrival > today + 5) {
		if (channelId === AIRBNB && random.chance(0.05)) return random.pick(["pending", "awaitingPayment"] as const);
		if (channelId === VRBO && random.chance(0.08)) return "unconfirmed";
	}
	return random.chance(0.72) ? "new" : "modified";
}

function pickChannel(ctx: SeedContext): number {
	return ctx.random.weighted([
		[AIRBNB, 45],
		[BOOKING_COM, 22],
		[VRBO, 15],
		[DIRECT, 18],
	]);
}

export function seedReservations(ctx: SeedContext, listings: readonly ListingRecord[]): ReservationRecord[] {
	const { random, today } = ctx;
	const specs: { listing: ListingRecord; spec: StaySpec }[] = [];
	listings.forEach((listing, position) => {
		const anchors = new Set(anchorStays(position, today).map((stay) => stay.arrival));
		for (const stay of blockingStays(ctx, position)) {
			const isAnchor = anchors.has(stay.arrival);
			// Owner stays: a few per listing, never on today's arrivals (the briefing should show guests).
			if (!isAnchor && random.chance(0.05)) {
				specs.push({ listing, spec: { ...stay, channelId: DIRECT, status: "ownerStay" } });
				continue;
			}
			const channelId = pickChannel(ctx);
			specs.push({ listing, spec: { ...stay, channelId, status: confirmedStatus(ctx, stay, channelId, isAnchor) } });
		}
		// Non-blocking records, on any dates (they may overlap stays, as they do in Hostaway).
		// Over a shorter span (ctx.scaled), fewer of them, on dates within it.
		for (let n = random.int(2, 4); n > 0; n--) {
			if (!ctx.keepOverSpan()) continue;
			const arrival = today + random.int(-ctx.scaled(170), ctx.scaled(170));
			specs.push({
				listing,
				spec: {
					arrival,
					departure: arrival + stayLength(ctx),
					channelId: pickChannel(ctx),
					status: "cancelled",
					cancelledBy: random.chance(0.7) ? "guest" : "host",
				},
			});
		}
		for (let n = random.int(1, 3); n > 0; n--) {
			if (!ctx.keepOverSpan()) continue;
			const arrival = today + random.int(-ctx.scaled(60), ctx.scaled(120));
			const future = arrival > today;
			const status: ReservationStatus = future
				? random.pick(["inquiry", "inquiry", "inquiryPreapproved"] as const)
				: random.pick(["inquiryTimedout", "inquiryNotPossible", "inquiryDenied", "inquiry"] as const);
			specs.push({
				listing,
				spec: { arrival, departure: arrival + stayLength(ctx), channelId: random.chance(0.85) ? AIRBNB : DIRECT, status },
			});
		}
		if (random.chance(0.5) && ctx.keepOverSpan()) {
			const arrival = today + random.int(-ctx.scaled(90), ctx.scaled(90));
			specs.push({
				listing,
				spec: { arrival, departure: arrival + stayLength(ctx), channelId: AIRBNB, status: random.pick(["declined", "expired"] as const) },
			});
		}
	});
	return specs.map(({ listing, spec }) => seedReservation(ctx, listing, spec));
}

function pickGuest(ctx: SeedContext): GuestProfile {
	return ctx.random.pick(GUESTS);
}

function paymentStatus(ctx: SeedContext, spec: StaySpec): string {
	if (spec.status === "ownerStay" || spec.status.startsWith("inquiry") || spec.status === "declined" || spec.status === "expired")
		return "Unknown";
	if (spec.status === "cancelled") return ctx.random.pick(["Unknown", "Paid"]);
	if (spec.channelId === DIRECT && spec.arrival > ctx.today) return ctx.random.pick(["Unpaid", "Partially paid", "Paid"]);
	return "Paid";
}

const HOST_NOTES = [
	"Repeat guest: leave a bottle of wine and a handwritten card.",
	"Guest asked for a crib and a high chair; confirmed.",
	"Early check-in approved for 13:00 if cleaners finish.",
	"Guest is allergic to feathers; use the synthetic pillows.",
];
const GUEST_NOTES = [
	"We will arrive late, around 11 pm. Is self check-in OK?",
	"Travelling with a toddler; a crib would be great.",
	"Celebrating our anniversary!",
	"Could we store luggage before check-in?",
];

export function seedReservation(ctx: SeedContext, listing: ListingRecord, spec: StaySpec): ReservationRecord {
	const { random, account, today } = ctx;
	const id = ctx.nextId("reservation", 2000);
	const guest = pickGuest(ctx);
	const nights = spec.departure - spec.arrival;
	const isInquiry = spec.status.startsWith("inquiry");
	const isAirbnb = spec.channelId === AIRBNB;
	const isOwnerStay = spec.status === "ownerStay";
	const adults = Math.max(1, Math.min(listing.personCapacity, random.int(1, Math.min(4, listing.personCapacity))));
	const children = listing.personCapacity > adults && random.chance(0.25) ? 1 : 0;
	const numberOfGuests = isOwnerStay ? 2 : adults + children;
	const pets = listing.listingFeeSetting.length > 0 && random.chance(0.15) ? 1 : 0;
	const phone = `+1555010${random.digits(4)}`;
	const guestExternalAccountId = isAirbnb ? random.digits(9) : null;
	const confirmationCode = isInquiry ? null : confirmationCodeFor(spec.channelId, random);
	const reservationId = channelReference(
		{
			accountId: account.accountId,
			listingMapId: listing.id,
			channelId: spec.channelId,
			arrivalDate: dateOfDayNumber(spec.arrival),
			nights,
			numberOfGuests,
			guestExternalAccountId,
			confirmationCode,
			isInquiry,
		},
		random,
	);

	// Booked 1–120 days ahead of arrival, but never later than yesterday.
	const bookedDay = Math.min(spec.arrival - random.int(1, 120), today - 1);
	const reservationDate = ctx.datetime(bookedDay);
	const reservationMs = Date.parse(`${reservationDate.replace(" ", "T")}Z`);
	const insertedOn = formatDateTime(reservationMs + 1000);
	const lastTouchDay = Math.min(today - 1, Math.max(bookedDay, Math.min(spec.departure, today - 1) - random.int(0, 3)));
	const updatedOn = lastTouchDay > bookedDay ? ctx.datetime(lastTouchDay) : insertedOn;

	const quote = quoteStay(
		listing,
		Array.from({ length: nights }, (_, night) => nightlyPrice(listing, spec.arrival + night)),
		numberOfGuests,
	);
	const commissionRate = isAirbnb ? 0.15 : spec.channelId === BOOKING_COM ? 0.15 : spec.channelId === VRBO ? 0.08 : 0;
	const commission = commissionRate > 0 ? roundMoney(quote.totalPrice * commissionRate) : null;
	const cancelled = spec.status === "cancelled";
	const cancellationDay = cancelled ? Math.min(today - 1, Math.max(bookedDay, spec.arrival - random.int(1, 30))) : null;
	const hostawayReservationId = String(id);
	const guestAuthHash = random.hex(64);
	const guestPicture = isAirbnb ? `https://example.com/im/users/${guestExternalAccountId}/profile_pic/original.jpg` : null;
	const withAddress = spec.channelId === VRBO || spec.channelId === DIRECT;
	const hostNote =
		isAirbnb && spec.departure < today && random.chance(0.06)
			? `${formatRfc1123(msOfDay(spec.arrival + 1, 23, random.int(0, 59)))} - Loud noise event detected and the guest has been notified by sms.\n\nGuest name: ${guest.firstName} ${guest.lastName}`
			: random.chance(0.08)
				? random.pick(HOST_NOTES)
				: null;

	const money = !isOwnerStay;
	return {
		...RESERVATION_TEMPLATE,
		id,
		listingMapId: listing.id,
		listingName: listing.internalListingName,
		channelId: spec.channelId,
		source: spec.channelId === VRBO ? "VRBO" : null,
		channelName: channelName(spec.channelId) ?? "direct",
		reservationId,
		hostawayReservationId,
		channelReservationId: reservationId,
		externalPropertyId: isAirbnb
			? airbnbListingIdOf(listing)
			: spec.channelId === VRBO
				? vrboListingIdOf(listing)
				: spec.channelId === BOOKING_COM
					? random.digits(7)
					: null,
		guestAuthHash,
		guestPortalUrl: guestPortalUrl(hostawayReservationId, guestAuthHash),
		isProcessed: 1,
		isInitial: 0,
		isManuallyChecked: 0,
		isInstantBooked: isAirbnb && listing.instantBookable === 1 ? 1 : 0,
		reservationDate,
		pendingExpireDate: isAirbnb ? formatDateTime(reservationMs + 86_400_000) : null,
		guestName: isOwnerStay ? `${account.hostFirstName} ${account.hostLastName}` : `${guest.firstName} ${guest.lastName}`,
		guestFirstName: isOwnerStay ? account.hostFirstName : guest.firstName,
		guestLastName: isOwnerStay ? account.hostLastName : isAirbnb && isInquiry ? null : guest.lastName,
		guestExternalAccountId,
		guestZipCode: withAddress ? random.digits(5) : null,
		guestAddress: withAddress
			? `${random.int(10, 9999)} ${random.pick(["Oak", "Maple", "Cedar", "Elm", "Willow"])} ${random.pick(["St", "Ave", "Dr", "Ln"])}`
			: null,
		guestCity: guest.city,
		guestCountry: guest.country,
		guestEmail: isAirbnb && isInquiry ? null : guestEmail(guest, random.chance(0.5) ? "example.com" : "example.org"),
		guestPicture,
		guestRecommendations: 0,
		guestTrips: 0,
		isGuestIdentityVerified: isAirbnb ? 1 : 0,
		isGuestVerifiedByEmail: 0,
		isGuestVerifiedByWorkEmail: 0,
		isGuestVerifiedByFacebook: 0,
		isGuestVerifiedByGovernmentId: 0,
		isGuestVerifiedByPhone: 0,
		isGuestVerifiedByReviews: 0,
		numberOfGuests,
		adults: isOwnerStay ? 2 : adults,
		children,
		infants: 0,
		pets,
		arrivalDate: dateOfDayNumber(spec.arrival),
		departureDate: dateOfDayNumber(spec.departure),
		isDatesUnspecified: 0,
		checkInTime: listing.checkInTimeStart,
		checkOutTime: listing.checkOutTime,
		nights,
		phone: isAirbnb && isInquiry ? null : phone,
		totalPrice: money ? quote.totalPrice : 0,
		taxAmount: money ? quote.taxAmount : 0,
		channelCommissionAmount: money ? commission : null,
		cleaningFee: money ? quote.cleaningFee : 0,
		securityDepositFee: money ? 0 : null,
		stripeGuestId: spec.channelId === DIRECT && money ? `cus_${random.code(14, "mixed")}` : null,
		currency: listing.currencyCode,
		status: spec.status,
		paymentStatus: paymentStatus(ctx, spec),
		cancellationDate: cancellationDay === null ? null : ctx.datetime(cancellationDay),
		cancelledBy: cancelled ? (spec.cancelledBy ?? "guest") : null,
		hostNote,
		guestNote: random.chance(0.1) ? random.pick(GUEST_NOTES) : null,
		// Door codes are often the last four digits of the guest's phone.
		doorCode: phone.slice(-4),
		comment: spec.channelId === VRBO && random.chance(0.3) ? "Booked through Vrbo; guest paid in full." : "",
		confirmationCode,
		...(isAirbnb && money
			? airbnbPayout(quote.totalPrice, quote.cleaningFee, quote.taxAmount, commission ?? 0, quote.rent, spec.status)
			: {}),
		airbnbCancellationPolicy: isAirbnb
			? random.pick(["better_strict_with_grace_period", "moderate", "flexible", "tiered_pricing_non_refundable"])
			: null,
		isStarred: random.chance(0.04) ? 1 : 0,
		isArchived: spec.departure < today - 90 && random.chance(0.1) ? 1 : 0,
		isPinned: random.chance(0.02) ? 1 : 0,
		customFieldValues: isAirbnb && !isInquiry && random.chance(0.3) ? [screeningField(ctx, insertedOn)] : [],
		reservationFees:
			withAddress && money && !isInquiry
				? reservationFees(ctx, id, listing, quote.rent, quote.cleaningFee, quote.taxAmount, insertedOn)
				: [],
		insertedOn,
		updatedOn,
		latestActivityOn: updatedOn,
		guestLocale: guest.locale,
		localeForMessaging: guest.locale,
		reservationAgreement: random.chance(0.6) ? "signed" : "not_signed",
		insuranceStatus: "not_eligible",
		cancellationPolicyId: isAirbnb
			? listing.airbnbCancellationPolicyId
			: spec.channelId === VRBO
				? listing.vrboCancellationPolicyId
				: spec.channelId === BOOKING_COM
					? listing.bookingCancellationPolicyId
					: listing.cancellationPolicyId,
		hostProxyEmail: hostProxyEmail(random),
	};
}

function airbnbPayout(total: number, cleaningFee: number, tax: number, hostFee: number, rent: number, status: string) {
	const payout = roundMoney(total - hostFee - tax);
	return {
		airbnbExpectedPayoutAmount: payout,
		airbnbListingBasePrice: rent,
		airbnbListingCancellationHostFee: hostFee,
		airbnbListingCancellationPayout: payout,
		airbnbListingCleaningFee: cleaningFee,
		airbnbListingHostFee: hostFee,
		airbnbTotalPaidAmount: status === "new" || status === "modified" ? payout : 0,
		airbnbTransientOccupancyTaxPaidAmount: tax,
	};
}

function screeningField(ctx: SeedContext, insertedOn: string): JsonObject {
	return {
		id: ctx.nextId("misc"),
		customFieldId: 74419,
		value: ctx.random.pick(["Approved", "Approved", "Needs review"]),
		insertedOn,
		updatedOn: insertedOn,
		customField: {
			id: 74419,
			name: "Guest Screening",
			possibleValues: null,
			type: "text",
			isPublic: 1,
			insertedOn: "2024-03-06 14:48:44",
			updatedOn: "2024-03-06 14:48:44",
		},
	};
}

function reservationFees(
	ctx: SeedContext,
	reservationId: number,
	listing: ListingRecord,
	rent: number,
	cleaning: number,
	tax: number,
	insertedOn: string,
): JsonObject[] {
	const fee = (name: string, amount: number): JsonObject => ({
		id: ctx.nextId("misc"),
		accountId: ctx.accountIdNumber,
		listingMapId: listing.id,
		reservationId,
		name,
		feeType: "",
		externalReservationUnitId: null,
		amount,
		currency: listing.currencyCode,
		percentage: null,
		isIncluded: 1,
		isPerNight: null,
		isPerPerson: null,
		isImported: 1,
		insertedOn,
		updatedOn: insertedOn,
	});
	const fees = [fee("RENTAL - RENT", rent), fee("CLEANING FEE", cleaning)];
	if (tax > 0) fees.push(fee("TAX - OCCUPANCY", tax));
	return fees;
}
