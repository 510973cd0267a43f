/**
 * check_availability: can this listing take this stay, and if not, why — every unavailable
 * night and every broken rule — plus the price. Three upstream calls at most: the listing
 * (cached; it gives the time zone and capacity), the calendar of the stay, and Hostaway's
 * price quote when the stay is possible.
 */
import { z } from "zod";
import type { CalendarDay } from "../../hostaway";
import { HostawayInvalidRequestError } from "../../hostaway";
import { guestCountArgument, listingIdArgument } from "../shared/arguments";
import { listingName, listingToday } from "../shared/listings";
import { precheckRange, resolveCheckedRange, STAY_RULES, stayResolver } from "../shared/stay-dates";
import { evaluateStay, ruleProblemSchema, unavailableNightSchema } from "../shared/stay-rules";
import { addDays, dateArgument, daysBetween } from "../dates";
import { defineOperation } from "../operation";
import { dateSpan, runsOf } from "./calendar-days";

export const stayArguments = {
	arrival: dateArgument.describe('Arrival day, or a stay phrase such as "this weekend" (then leave departure out)'),
	departure: dateArgument.optional().describe("Departure day (the last night is the night before); needed unless arrival is a stay phrase"),
};

const priceSchema = z.object({
	currency: z.string().nullable(),
	nightly: z.array(z.object({ date: z.string(), price: z.number().nullable() })).describe("Calendar price of each night"),
	nightlyTotal: z.number().nullable().describe("Sum of the nightly calendar prices (rent before fees and taxes)"),
	source: z.enum(["quote", "calendar"]).describe("quote: Hostaway's price quote (with fees and taxes); calendar: nightly prices only"),
	total: z.number().nullable().describe("The stay's total: the quote's total, or the nightly sum when there is no quote"),
	components: z
		.array(
			z.object({ name: z.string().nullable(), title: z.string().nullable(), type: z.string().nullable(), total: z.number().nullable() }),
		)
		.optional()
		.describe("The quote's parts: base rate, cleaning fee, taxes, discounts…"),
	pricedForGuests: z.number().int().optional().describe("Party size the quote was made for"),
	note: z.string().optional(),
});

const output = z.object({
	listingId: z.number().int(),
	listingName: z.string(),
	timeZone: z.string().nullable(),
	today: z.string().describe("Today in the listing's time zone, used for relative words"),
	arrival: z.string(),
	departure: z.string(),
	nights: z.number().int(),
	guests: z.number().int().nullable(),
	available: z.boolean(),
	unavailableNights: z.array(unavailableNightSchema).describe("Every night that cannot be booked, and why"),
	ruleProblems: z.array(ruleProblemSchema).describe("Every stay rule the request breaks"),
	price: priceSchema,
});

type Output = z.output<typeof output>;

function nightlyPrices(days: readonly CalendarDay[], arrival: string, nights: number): Output["price"]["nightly"] {
	const byDate = new Map(days.map((day) => [day.date, day.price ?? null]));
	return Array.from({ length: nights }, (_, n) => {
		const date = addDays(arrival, n);
		return { date, price: byDate.get(date) ?? null };
	});
}

function sum(values: readonly (number | null)[]): number | null {
	if (values.some((value) => value === null)) return null;
	return Math.round((values as number[]).reduce((total, value) => total + value, 0) * 100) / 100;
}

export const checkAvailability = defineOperation({
	name: "check_availability",
	title: "Check availability and price",
	description:
		"Checks whether one listing can take a stay (arrival, departure, optional party size) and explains every problem: " +
		"each reserved or blocked night (with the reservation id), minimum or maximum stay, closed to arrival or departure, " +
		"too many guests. Gives the nightly prices and the total, from Hostaway's price quote (with cleaning fee and taxes) " +
		"when the stay is possible. Use find_available_listings to search the whole portfolio, and create_booking to book.",
	input: z.strictObject({
		listingId: listingIdArgument,
		...stayArguments,
		guests: guestCountArgument.optional(),
	}),
	output,
	annotations: { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: true },
	async handler({ listingId, arrival, departure, guests }, context) {
		const resolve = stayResolver(arrival, departure);
		precheckRange(resolve, STAY_RULES, context.businessNow);

		const client = context.hostaway();
		const listing = await client.getListing(listingId);
		const today = listingToday(listing, context.businessNow);
		const stay = resolveCheckedRange(resolve, STAY_RULES, today);
		const nights = daysBetween(stay.start, stay.end);
		const days = await client.getCalendar(listingId, { startDate: stay.start, endDate: stay.end, includeResources: true });
		const verdict = evaluateStay({ arrival: stay.start, departure: stay.end, guests, days, listing });

		const nightly = nightlyPrices(days, stay.start, nights);
		const nightlyTotal = sum(nightly.map((night) => night.price));
		let price: Output["price"] = {
			currency: listing.currencyCode ?? null,
			nightly,
			nightlyTotal,
			source: "calendar",
			total: nightlyTotal,
			...(verdict.available ? {} : { note: "Nightly calendar prices only: Hostaway quotes (fees, taxes) only stays that are possible." }),
		};
		if (verdict.available) {
			const pricedForGuests = guests ?? 1;
			try {
				const quote = await client.getPriceDetails(listingId, { startDate: stay.start, endDate: stay.end, guests: pricedForGuests });
				price = {
					...price,
					source: "quote",
					total: quote.totalPrice ?? nightlyTotal,
					components: quote.components
						.filter((component) => !component.isDeleted)
						.map((component) => ({ name: component.name, title: component.title, type: component.type, total: component.total })),
					pricedForGuests,
					...(guests === undefined
						? { note: "Quoted for 1 guest; taxes and extra-guest fees can rise with the party size — pass guests for an exact quote." }
						: {}),
				};
			} catch (error) {
				// Hostaway may refuse a quote the calendar allows (e.g. a rule it checks itself): keep the nightly prices.
				if (!(error instanceof HostawayInvalidRequestError)) throw error;
				price = {
					...price,
					note: `Hostaway gave no price quote${error.detail ? ` ("${error.detail}")` : ""}; the total is the sum of nightly prices, before fees and taxes.`,
				};
			}
		}

		return {
			listingId,
			listingName: listingName(listing),
			timeZone: listing.timeZoneName ?? null,
			today,
			arrival: stay.start,
			departure: stay.end,
			nights,
			guests: guests ?? null,
			available: verdict.available,
			unavailableNights: verdict.unavailableNights,
			ruleProblems: verdict.ruleProblems,
			price,
		};
	},
	render(result) {
		const party = result.guests !== null ? `, ${result.guests} guest${result.guests === 1 ? "" : "s"}` : "";
		const lines = [
			`**${result.available ? "Available" : "Not available"}** — ${result.listingName} (listing ${result.listingId}): arrive ${result.arrival}, leave ${result.departure} ` +
				`(${result.nights} night${result.nights === 1 ? "" : "s"}${party}). Dates in ${result.timeZone ?? "UTC"}; today there is ${result.today}.`,
		];
		const runs = runsOf(result.unavailableNights, (night) => `${night.reason}|${(night.reservationIds ?? []).join(",")}`);
		for (const run of runs) {
			const reservations = run.first.reservationIds?.length
				? ` — reservation ${run.first.reservationIds.map((id) => `#${id}`).join(", ")}`
				: "";
			lines.push(
				`- ${run.first.reason.replace(/_/g, " ")}: ${dateSpan(run.first.date, run.last.date, run.length, "nights")}${reservations}`,
			);
		}
		for (const problem of result.ruleProblems) lines.push(`- ${problem.rule.replace(/_/g, " ")}: ${problem.detail}`);

		const { price } = result;
		const currency = price.currency ?? "";
		if (price.source === "quote") {
			lines.push(
				`**Total ${price.total} ${currency}** (Hostaway quote for ${price.pricedForGuests} guest${price.pricedForGuests === 1 ? "" : "s"}):`,
			);
			for (const component of price.components ?? []) lines.push(`- ${component.title ?? component.name}: ${component.total} ${currency}`);
		} else if (price.nightlyTotal !== null) {
			lines.push(`Nightly prices add up to ${price.nightlyTotal} ${currency}.`);
		}
		const priceRuns = runsOf(price.nightly, (night) => String(night.price));
		lines.push(
			`Nightly: ${priceRuns.map((run) => `${dateSpan(run.first.date, run.last.date, run.length, "nights")}: ${run.first.price ?? "?"}`).join("; ")}`,
		);
		if (price.note) lines.push(price.note);
		return lines.join("\n");
	},
});
