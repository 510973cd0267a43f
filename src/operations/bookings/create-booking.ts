import { z } from "zod";
import type { Listing } from "../../hostaway";
import { defineWriteOperation, type WritePreview } from "../confirmation";
import { checkRange, daysBetween, type RangeRules } from "../dates";
import { OperationError } from "../errors";
import type { OperationContext } from "../operation";
import { listingIdArgument } from "../shared/arguments";
import { bookingRowLine, bookingRowSchema, toBookingRow } from "../shared/bookings";
import { DIRECT_CHANNEL_ID } from "../shared/channels";
import { listingName, listingToday } from "../shared/listings";
import { precheckRange, refuseIfDatesShifted, STAY_RULES, type StayDates, stayResolver } from "../shared/stay-dates";
import { UNTRUSTED_NOTICE } from "../untrusted";
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

const TOOL = "create_booking";
/** A booking may be longer than the stays availability questions take; beyond a year the date is most likely a typo. */
const MAX_NIGHTS = 365;
const BOOKING_RULES: RangeRules = { ...STAY_RULES, maxDays: MAX_NIGHTS };

const input = z.strictObject({
	listingId: listingIdArgument,
	arrival: z.string().trim().min(1).describe('Arrival date, or a stay phrase such as "this weekend" that sets both dates'),
	departure: z
		.string()
		.trim()
		.min(1)
		.optional()
		.describe("Departure date (the guest leaves that morning); leave out only when arrival is a stay phrase"),
	guestName: guestNameArgument,
	guestEmail: guestEmailArgument.optional(),
	guestPhone: guestPhoneArgument.optional(),
	guestCountry: z.string().trim().min(2).max(60).optional().describe("The guest's country (ISO code such as DE, or a name)"),
	adults: adultsArgument,
	children: childrenArgument.default(0),
	infants: infantsArgument.default(0),
	pets: petsArgument.default(0),
	totalPrice: priceArgument.optional().describe("Total price agreed with the guest; leave out to use Hostaway's price quote for the stay"),
	currency: currencyArgument.optional(),
	guestNote: z.string().trim().max(2000).optional().describe("A note from the guest to keep on the booking"),
	allowOverbooking: allowOverbookingArgument,
});
type Input = z.output<typeof input>;

const priceComponentSchema = z.object({ name: z.string(), title: z.string().nullable(), amount: z.number().nullable() });

const result = z.object({
	booking: bookingRowSchema,
	channelReference: z.string().nullable().describe("Hostaway's reservation reference for the direct booking"),
	priceSource: z
		.enum(["given", "hostaway_quote"])
		.describe("given: the caller's total; hostaway_quote: Hostaway's price quote for the stay"),
	priceComponents: z.array(priceComponentSchema).describe("The quote's breakdown (empty when the total was given)"),
	overbooked: z.boolean().describe("True when the booking was written over a conflict because allowOverbooking was true"),
	resolvedDates: z.object({ today: z.string(), timeZone: z.string(), arrival: z.string(), departure: z.string() }),
});

interface Plan {
	listing: Listing;
	timeZone: string;
	today: string;
	stay: StayDates;
	nights: number;
	price: { total: number; currency: string | null; source: "given" | "hostaway_quote"; components: z.infer<typeof priceComponentSchema>[] };
	conflicts: string[];
	warnings: string[];
}

/**
 * Everything the write needs, read fresh: the listing, the resolved dates, availability and
 * the price. The preview shows it; the confirmation plans again, so a booking made by someone
 * else in between is refused instead of double-booked.
 */
async function plan(args: Input, context: OperationContext, phase: "preview" | "execute"): Promise<Plan> {
	if (args.currency !== undefined && args.totalPrice === undefined) {
		throw new OperationError(
			"invalid_input",
			"currency goes with totalPrice; leave both out to use Hostaway's price quote in the listing's currency.",
		);
	}
	const resolve = stayResolver(args.arrival, args.departure);
	precheckRange(resolve, BOOKING_RULES, context.businessNow);
	const client = context.hostaway();
	const listing = await client.getListing(args.listingId);
	if (listing.specialStatus === "archived") {
		throw new OperationError(
			"invalid_input",
			`Listing ${listing.id} (${listingName(listing)}) is archived; Hostaway does not take bookings for it.`,
		);
	}
	const timeZone = listing.timeZoneName ?? "UTC";
	const today = listingToday(listing, context.businessNow);
	// A confirmation refuses relative words whose dates changed since the preview.
	const range =
		phase === "execute"
			? refuseIfDatesShifted(resolve, listing.timeZoneName, context.businessNow, { tool: TOOL, words: [args.arrival, args.departure] })
			: resolve(today);
	checkRange(range.start, range.end, today, BOOKING_RULES);
	const stay: StayDates = { arrival: range.start, departure: range.end };
	const warnings = checkParty(listing, args);

	const availability = await checkStayAvailability(client, listing, stay);
	const overbooking = refuseOverbookingUnlessAllowed(availability.conflicts, stay, args.allowOverbooking, TOOL);
	if (overbooking) warnings.unshift(overbooking);
	warnings.push(...availability.warnings);

	let price: Plan["price"];
	if (args.totalPrice !== undefined) {
		const currency = args.currency?.toUpperCase() ?? listing.currencyCode ?? null;
		if (listing.currencyCode && currency !== listing.currencyCode) {
			warnings.push(`The price is in ${currency}, but the listing is priced in ${listing.currencyCode}.`);
		}
		price = { total: args.totalPrice, currency, source: "given", components: [] };
	} else {
		const quote = await client.getPriceDetails(listing.id, {
			startDate: stay.arrival,
			endDate: stay.departure,
			guests: args.adults + args.children,
		});
		if (quote.totalPrice === null) {
			throw new OperationError(
				"upstream_unavailable",
				"Hostaway's price quote for this stay had no total. Pass totalPrice (and currency) to set the price yourself.",
			);
		}
		price = {
			total: quote.totalPrice,
			currency: listing.currencyCode ?? null,
			source: "hostaway_quote",
			components: quote.components
				.filter((component) => !component.isDeleted)
				.map((component) => ({
					name: component.name ?? component.type ?? "item",
					title: component.title,
					amount: component.total ?? component.value,
				})),
		};
	}
	return {
		listing,
		timeZone,
		today,
		stay,
		nights: daysBetween(stay.arrival, stay.departure),
		price,
		conflicts: availability.conflicts,
		warnings,
	};
}

function describePlan(args: Input, planned: Plan): WritePreview {
	const { listing, stay, price } = planned;
	const guests = args.adults + args.children;
	const money = `${price.total} ${price.currency ?? ""}`.trim();
	const changes: WritePreview["changes"] = [
		{ field: "listing", to: `#${listing.id} ${listingName(listing)}` },
		{ field: "channel", to: `Direct (channelId ${DIRECT_CHANNEL_ID})` },
		{ field: "arrivalDate", to: stay.arrival },
		{ field: "departureDate", to: stay.departure },
		{ field: "nights", to: planned.nights },
		{ field: "guestName", to: args.guestName },
		{ field: "guestEmail", to: args.guestEmail ?? null },
		{ field: "phone", to: args.guestPhone ?? null },
		{ field: "guestCountry", to: args.guestCountry ?? null },
		{ field: "numberOfGuests", to: guests },
		{ field: "adults", to: args.adults },
		{ field: "children", to: args.children },
		{ field: "infants", to: args.infants },
		{ field: "pets", to: args.pets },
		{ field: "totalPrice", to: price.total },
		{ field: "currency", to: price.currency },
	];
	if (args.guestNote) changes.push({ field: "guestNote", to: args.guestNote });
	const source =
		price.source === "hostaway_quote"
			? `Hostaway's price quote (${price.components.map((c) => `${c.title ?? c.name} ${c.amount}`).join(", ")})`
			: "the total you gave";
	return {
		summary:
			`Creates a direct booking for ${args.guestName} at ${listingName(listing)} from ${stay.arrival} to ${stay.departure} ` +
			`(${planned.nights} nights, ${guests} guests) for ${money}, from ${source}. Dates resolved in ${planned.timeZone}, where today is ${planned.today}. ` +
			(planned.conflicts.length > 0 ? "The dates are NOT free (see the overbooking warning)." : "The dates are free on the calendar."),
		changes,
		warnings: planned.warnings,
	};
}

export const createBooking = defineWriteOperation({
	name: TOOL,
	title: "Create a direct booking",
	description:
		"Creates a direct booking (Hostaway channel 2000) for a guest on a listing and dates. The preview checks that the listing is " +
		"free (calendar, other bookings, host blocks), that the party fits, and the stay rules (minimum stay, closed days: warnings), " +
		"and shows the exact booking with its price (the total you give, or Hostaway's quote). Overlapping dates are refused unless " +
		"the user explicitly asks to double-book (allowOverbooking). Pick dates with check_availability or find_available_listings.",
	input,
	result,
	annotations: { destructiveHint: false, idempotentHint: false, openWorldHint: true },
	async preview(args, context) {
		return describePlan(args, await plan(args, context, "preview"));
	},
	async execute(args, context) {
		const planned = await plan(args, context, "execute");
		const name = splitGuestName(args.guestName);
		const created = await context.hostaway().createReservation(
			{
				listingId: planned.listing.id,
				channelId: DIRECT_CHANNEL_ID,
				arrivalDate: planned.stay.arrival,
				departureDate: planned.stay.departure,
				guestName: args.guestName,
				guestFirstName: name.first,
				guestLastName: name.last,
				guestEmail: args.guestEmail,
				guestPhone: args.guestPhone,
				guestCountry: args.guestCountry,
				numberOfGuests: args.adults + args.children,
				adults: args.adults,
				children: args.children,
				infants: args.infants,
				pets: args.pets,
				totalPrice: planned.price.total,
				currency: planned.price.currency ?? undefined,
				guestNote: args.guestNote,
			},
			{ forceOverbooking: planned.conflicts.length > 0 && args.allowOverbooking },
		);
		return {
			booking: toBookingRow(created, new Map([[planned.listing.id, listingName(planned.listing)]])),
			channelReference: created.reservationId || created.channelReservationId || null,
			priceSource: planned.price.source,
			priceComponents: planned.price.components,
			overbooked: planned.conflicts.length > 0,
			resolvedDates: { today: planned.today, timeZone: planned.timeZone, arrival: planned.stay.arrival, departure: planned.stay.departure },
		};
	},
	renderResult(done) {
		const lines = [
			`**Booking created** (#${done.booking.id}${done.channelReference ? `, ref ${done.channelReference}` : ""}):`,
			bookingRowLine(done.booking),
			`Price from ${done.priceSource === "hostaway_quote" ? "Hostaway's quote" : "the given total"}. Dates resolved in ${done.resolvedDates.timeZone} (today ${done.resolvedDates.today}).`,
		];
		if (done.overbooked) lines.push("⚠ Written as an OVERBOOKING: the dates overlap another booking or a host block.");
		lines.push("", UNTRUSTED_NOTICE);
		return lines.join("\n");
	},
	auditChange(args, done) {
		if (!done) return `reservation for listing ${args.listingId}, ${args.arrival} to ${args.departure ?? "(stay phrase)"}`;
		const { booking, resolvedDates } = done;
		const overbooked = done.overbooked ? " (overbooking)" : "";
		return `reservation ${booking.id} created for listing ${booking.listingId ?? args.listingId}, ${resolvedDates.arrival} to ${resolvedDates.departure}${overbooked}`;
	},
});
