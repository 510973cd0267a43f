import { z } from "zod";
import type { Listing, Reservation, ReservationChanges } from "../../hostaway";
import { defineWriteOperation, type WritePreview } from "../confirmation";
import { checkRange, type IsoDate, resolveDate, todayIn } from "../dates";
import { OperationError } from "../errors";
import type { OperationContext } from "../operation";
import { bookingIdArgument } from "../shared/arguments";
import { guestDisplayName } from "../shared/bookings";
import { channelLabel } from "../shared/channels";
import { listingToday } from "../shared/listings";
import { type RangeResolver, refuseIfDatesShifted } from "../shared/stay-dates";
import { CANCELLED_STATUSES } from "../shared/statuses";
import { fenceUntrusted, SHORT_GUEST_TEXT, UNTRUSTED_NOTICE } from "../untrusted";
import { channelManagedWarning, explainRefusal, isChannelManaged } from "./channel-managed";
import { bookingDetailSchema, renderBookingDetail, toBookingDetail } from "./get-booking";
import {
	adultsArgument,
	allowOverbookingArgument,
	childrenArgument,
	currencyArgument,
	guestEmailArgument,
	guestNameArgument,
	guestPhoneArgument,
	infantsArgument,
	petsArgument,
	priceArgument,
	splitGuestName,
} from "./guest-arguments";
import { checkParty, checkStayAvailability, refuseOverbookingUnlessAllowed } from "./stay-availability";

const TOOL = "update_booking";
const MAX_NIGHTS = 365;

const dateChange = (what: string) => z.string().trim().min(1).optional().describe(`New ${what} date`);

const input = z.strictObject({
	bookingId: bookingIdArgument,
	arrival: dateChange("arrival"),
	departure: dateChange("departure"),
	adults: adultsArgument.optional(),
	children: childrenArgument.optional(),
	infants: infantsArgument.optional(),
	pets: petsArgument.optional(),
	guestName: guestNameArgument.optional(),
	guestEmail: guestEmailArgument.optional(),
	guestPhone: guestPhoneArgument.optional(),
	hostNote: z
		.string()
		.max(5000)
		.optional()
		.describe("The host's own note on the booking (replaces the current one; empty string clears it)"),
	totalPrice: priceArgument.optional().describe("New total price"),
	currency: currencyArgument.optional(),
	allowOverbooking: allowOverbookingArgument,
});
type Input = z.output<typeof input>;

const CHANGE_FIELDS = [
	"arrival",
	"departure",
	"adults",
	"children",
	"infants",
	"pets",
	"guestName",
	"guestEmail",
	"guestPhone",
	"hostNote",
	"totalPrice",
	"currency",
] as const;

const result = z.object({
	booking: bookingDetailSchema,
	changedFields: z.array(z.string()).describe("Hostaway fields that were sent"),
	overbooked: z.boolean(),
});

interface Change {
	field: keyof ReservationChanges;
	from: unknown;
	to: unknown;
}

interface Plan {
	reservation: Reservation;
	changes: Change[];
	body: ReservationChanges;
	conflicts: string[];
	warnings: string[];
	today: IsoDate | null;
	timeZone: string | null;
}

/** Refuses what can be refused without reading anything. */
function precheck(args: Input, now: Date): void {
	if (!CHANGE_FIELDS.some((field) => args[field] !== undefined)) {
		throw new OperationError("invalid_input", `Nothing to change: pass at least one of ${CHANGE_FIELDS.join(", ")}.`);
	}
	const utcToday = todayIn("UTC", now);
	if (args.arrival !== undefined) resolveDate(args.arrival, utcToday, "arrival");
	if (args.departure !== undefined) resolveDate(args.departure, utcToday, "departure");
}

/**
 * Reads the booking (and, for date or party changes, the listing and the calendar) and works
 * out the exact fields to send: only those whose value really changes.
 */
async function plan(args: Input, context: OperationContext, phase: "preview" | "execute"): Promise<Plan> {
	precheck(args, context.businessNow);
	const client = context.hostaway();
	const reservation = await client.getReservation(args.bookingId);
	if (CANCELLED_STATUSES.has(reservation.status ?? "")) {
		throw new OperationError(
			"conflict",
			`Booking #${reservation.id} is ${reservation.status}; a ${reservation.status} booking cannot be changed. Create a new booking instead (create_booking).`,
		);
	}
	const changes: Change[] = [];
	const body: ReservationChanges = {};
	const set = <K extends keyof ReservationChanges>(field: K, from: unknown, to: ReservationChanges[K]) => {
		if ((from ?? null) === (to ?? null)) return;
		changes.push({ field, from: from ?? null, to });
		body[field] = to;
	};
	const warnings: string[] = [];

	const needsListing =
		args.arrival !== undefined ||
		args.departure !== undefined ||
		args.adults !== undefined ||
		args.children !== undefined ||
		args.infants !== undefined ||
		args.pets !== undefined;
	let listing: Listing | null = null;
	let today: IsoDate | null = null;
	if (needsListing && reservation.listingMapId) {
		listing = await client.getListing(reservation.listingMapId);
		today = listingToday(listing, context.businessNow);
	}

	// Dates: resolved in the listing's time zone; the overlap check ignores the booking itself.
	let conflicts: string[] = [];
	if (args.arrival !== undefined || args.departure !== undefined) {
		const day = today ?? todayIn("UTC", context.businessNow);
		// A date not given keeps the one on record.
		const onRecord = (date: string | null | undefined): IsoDate => {
			if (!date) throw new OperationError("conflict", `Booking #${reservation.id} has no dates on record; it cannot be moved.`);
			return date;
		};
		const resolve: RangeResolver = (asOf) => ({
			start: args.arrival !== undefined ? resolveDate(args.arrival, asOf, "arrival") : onRecord(reservation.arrivalDate),
			end: args.departure !== undefined ? resolveDate(args.departure, asOf, "departure") : onRecord(reservation.departureDate),
		});
		// A confirmation refuses relative words whose dates changed since the preview.
		const { start: arrival, end: departure } =
			phase === "execute"
				? refuseIfDatesShifted(resolve, listing?.timeZoneName, context.businessNow, { tool: TOOL, words: [args.arrival, args.departure] })
				: resolve(day);
		checkRange(arrival, departure, day, { what: "stay", maxDays: MAX_NIGHTS });
		if (args.arrival !== undefined && arrival !== reservation.arrivalDate && arrival < day) {
			throw new OperationError("invalid_input", `The new arrival ${arrival} is in the past (today is ${day} in the listing's time zone).`);
		}
		set("arrivalDate", reservation.arrivalDate, arrival);
		set("departureDate", reservation.departureDate, departure);
		if (listing && (body.arrivalDate !== undefined || body.departureDate !== undefined)) {
			const availability = await checkStayAvailability(client, listing, { arrival, departure }, { ignoreReservationId: reservation.id });
			conflicts = availability.conflicts;
			const overbooking = refuseOverbookingUnlessAllowed(conflicts, { arrival, departure }, args.allowOverbooking, TOOL);
			if (overbooking) warnings.push(overbooking);
			warnings.push(...availability.warnings);
		}
	}

	// Party: numberOfGuests follows adults + children.
	if (args.adults !== undefined || args.children !== undefined || args.infants !== undefined || args.pets !== undefined) {
		const party = {
			adults: args.adults ?? reservation.adults ?? reservation.numberOfGuests ?? 1,
			children: args.children ?? reservation.children ?? 0,
			infants: args.infants ?? reservation.infants ?? 0,
			pets: args.pets ?? reservation.pets ?? 0,
		};
		if (listing) warnings.push(...checkParty(listing, party));
		if (args.adults !== undefined) set("adults", reservation.adults, args.adults);
		if (args.children !== undefined) set("children", reservation.children, args.children);
		if (args.infants !== undefined) set("infants", reservation.infants, args.infants);
		if (args.pets !== undefined) set("pets", reservation.pets, args.pets);
		set("numberOfGuests", reservation.numberOfGuests, party.adults + party.children);
	}

	if (args.guestName !== undefined) {
		const name = splitGuestName(args.guestName);
		set("guestName", guestDisplayName(reservation), args.guestName);
		if (body.guestName !== undefined) {
			set("guestFirstName", reservation.guestFirstName, name.first);
			// A one-word name clears the last name (sent as "").
			set("guestLastName", reservation.guestLastName || null, name.last ?? (reservation.guestLastName ? "" : undefined));
		}
	}
	if (args.guestEmail !== undefined) set("guestEmail", reservation.guestEmail, args.guestEmail);
	if (args.guestPhone !== undefined) set("guestPhone", reservation.phone, args.guestPhone);
	if (args.hostNote !== undefined) set("hostNote", reservation.hostNote || null, args.hostNote === "" ? null : args.hostNote);
	if (args.totalPrice !== undefined) set("totalPrice", reservation.totalPrice, args.totalPrice);
	if (args.currency !== undefined) {
		set("currency", reservation.currency, args.currency.toUpperCase());
		if (body.currency !== undefined && args.totalPrice === undefined) {
			warnings.push(`Only the currency changes: the total ${reservation.totalPrice} stays the same number, now in ${body.currency}.`);
		}
	}

	if (changes.length === 0) {
		throw new OperationError("invalid_input", `Booking #${reservation.id} already has these values; nothing would change.`);
	}
	if (isChannelManaged(reservation.channelId))
		warnings.unshift(channelManagedWarning(reservation.channelId, reservation.channelName, "change"));
	return { reservation, changes, body, conflicts, warnings, today, timeZone: listing?.timeZoneName ?? null };
}

/** The guest's name and contact fields are untrusted text (the values on record come from the guest or channel): shown fenced. */
const GUEST_FIELDS = new Set(["guestName", "guestFirstName", "guestLastName", "guestEmail", "guestPhone"]);

function shown(field: string, value: unknown): unknown {
	return GUEST_FIELDS.has(field) && typeof value === "string" ? fenceUntrusted(value, SHORT_GUEST_TEXT) : value;
}

function describePlan(planned: Plan): WritePreview {
	const { reservation } = planned;
	const when =
		planned.today && planned.timeZone ? ` Relative dates were resolved in ${planned.timeZone}, where today is ${planned.today}.` : "";
	return {
		summary:
			`Updates booking #${reservation.id} (${fenceUntrusted(guestDisplayName(reservation), SHORT_GUEST_TEXT) ?? "no name"}, ${reservation.arrivalDate} → ${reservation.departureDate}, ` +
			`${channelLabel(reservation.channelId, reservation.channelName)}): ${planned.changes.length} field(s) change.${when} ${UNTRUSTED_NOTICE}`,
		changes: planned.changes.map((change) => ({
			field: change.field === "guestPhone" ? "phone" : change.field,
			from: shown(change.field, change.from),
			to: shown(change.field, change.to),
		})),
		warnings: planned.warnings,
	};
}

export const updateBooking = defineWriteOperation({
	name: TOOL,
	title: "Update a booking",
	description:
		"Changes a booking's dates, party (adults, children, infants, pets), guest contact (name, e-mail, phone), host note or price. " +
		"The preview shows every field from → to, checks new dates against other bookings and host blocks (refused unless the user " +
		"explicitly allows overbooking) and the party against the listing's capacity. Hostaway may refuse changes to Airbnb, " +
		"Booking.com or Vrbo bookings (the error says to make them on the channel). The listing cannot be changed.",
	input,
	result,
	annotations: { destructiveHint: true, idempotentHint: true, openWorldHint: true },
	async preview(args, context) {
		return describePlan(await plan(args, context, "preview"));
	},
	async execute(args, context) {
		const planned = await plan(args, context, "execute");
		const { reservation } = planned;
		let updated: Reservation;
		try {
			updated = await context
				.hostaway()
				.updateReservation(reservation.id, planned.body, { forceOverbooking: planned.conflicts.length > 0 && args.allowOverbooking });
		} catch (error) {
			throw explainRefusal(error, reservation.id, reservation.channelId, reservation.channelName, "change");
		}
		return {
			booking: toBookingDetail(updated),
			changedFields: planned.changes.map((change) => (change.field === "guestPhone" ? "phone" : change.field)),
			overbooked: planned.conflicts.length > 0,
		};
	},
	renderResult(done) {
		return [
			`**Booking #${done.booking.id} updated** (${done.changedFields.join(", ")}).${done.overbooked ? " ⚠ Written as an OVERBOOKING." : ""}`,
			"",
			renderBookingDetail(done.booking),
		].join("\n");
	},
	auditChange(args, done) {
		if (done) return `reservation ${done.booking.id}: ${done.changedFields.join(", ")} changed${done.overbooked ? " (overbooking)" : ""}`;
		return `reservation ${args.bookingId}: change of ${CHANGE_FIELDS.filter((field) => args[field] !== undefined).join(", ")}`;
	},
});
