import { z } from "zod";
import { addDays, dateArgument, daysBetween, type IsoDate, resolveDate, todayIn } from "../dates";
import { OperationError } from "../errors";
import { defineOperation } from "../operation";
import { countWithinBudget, MAX_RESULT_CHARS } from "../pagination";
import { OUT_OF_TIME_REASON, partialNotice, partialSchema, type PartialAnswer } from "../partial-answers";
import { listingIdArgument } from "../shared/arguments";
import { listingName, loadAllListings } from "../shared/listings";
import { walkReservations } from "../shared/reservation-walk";
import { todayFor } from "../shared/today";
import { computeOccupancy, type MoneyTotals } from "./occupancy";
import { checkPlausible, isExplicitDate, precheckDate } from "./report-dates";

const MAX_NIGHTS = 366;
const LIMITS = { pastDays: 5 * 366, futureDays: 2 * 366 };

const DEFINITIONS =
	"Nights counted: firstNight to lastNight inclusive (a stay's departure day is not one of its nights); stays straddling " +
	"the range count only their nights inside it, and their money pro rata per night. Room revenue = total price − cleaning " +
	"fee − taxes (the basis of ADR = room revenue / occupied nights and RevPAR = room revenue / available nights); gross " +
	"revenue = total price. Available nights = every night of every listing in the range; host blocks are not subtracted " +
	"(that would take one calendar call per listing). Only confirmed stays count; owner stays are shown as owner nights; " +
	"cancellations, inquiries and pending requests are left out. Money is grouped by currency and never added across currencies.";

const round2 = (value: number) => Math.round(value * 100) / 100;
const percent = (part: number, whole: number) => (whole > 0 ? Math.round((part / whole) * 1000) / 10 : null);

const moneySchema = z.object({
	currency: z.string(),
	occupiedNights: z.number().int().describe("Nights of the stays paid in this currency"),
	roomRevenue: z.number().describe("Total price minus cleaning fee and taxes, allocated per night"),
	grossRevenue: z.number().describe("Total price, allocated per night"),
	adr: z.number().nullable().describe("Average daily rate: room revenue / occupied nights"),
});

const listingRowSchema = z.object({
	listingId: z.number().int(),
	listingName: z.string(),
	occupiedNights: z.number().int(),
	availableNights: z.number().int(),
	occupancyPercent: z.number().nullable(),
	ownerNights: z.number().int(),
	bookings: z.number().int(),
	money: z.array(moneySchema.extend({ revpar: z.number().nullable().describe("Room revenue / available nights") })),
});

const channelRowSchema = z.object({
	channel: z.string(),
	bookings: z.number().int(),
	occupiedNights: z.number().int(),
	shareOfOccupiedNights: z.number().nullable().describe("Percent of all occupied nights"),
	money: z.array(moneySchema),
});

const currencyTotalSchema = moneySchema.extend({
	listings: z.number().int().describe("Listings priced in this currency"),
	availableNights: z.number().int().describe("Available nights of those listings"),
	revpar: z.number().nullable(),
});

export const occupancyReport = defineOperation({
	name: "occupancy_report",
	title: "Occupancy and revenue report",
	description:
		"Occupancy and revenue for a date range (at most 366 nights; start and end are the first and the LAST night counted, " +
		"both inclusive), by listing and by channel: occupied and available nights, occupancy %, ADR, RevPAR and revenue, " +
		"money by currency. Stays straddling the range count only their nights inside it, revenue allocated per night; " +
		"cancellations, inquiries and owner stays are excluded (owner nights shown apart). Relative dates use the listing's " +
		"time zone with listingId, else the portfolio's main one. A partial report covers the range's first nights exactly.",
	input: z.strictObject({
		start: dateArgument.describe("First night counted"),
		end: dateArgument.describe("Last night counted (inclusive): e.g. start 2026-07-01, end 2026-07-31 covers the 31 nights of July"),
		listingId: listingIdArgument.optional().describe("Only this listing (from list_listings)"),
	}),
	output: z.object({
		firstNight: z.string(),
		lastNight: z.string().describe("Inclusive; in a partial answer the last night covered, before the last night asked for"),
		lastNightAsked: z.string().describe("The last night asked for (inclusive)"),
		nightsInRange: z.number().int(),
		relativeDatesResolvedIn: z.string().nullable().describe("Time zone of the date words; null when both dates were explicit"),
		todayRule: z.string().nullable().describe("Which today date words used; null when both dates were explicit"),
		totals: z.object({
			listings: z.number().int(),
			availableNights: z.number().int(),
			occupiedNights: z.number().int(),
			occupancyPercent: z.number().nullable(),
			ownerNights: z.number().int(),
			bookings: z.number().int(),
			byCurrency: z.array(currencyTotalSchema),
		}),
		byListing: z.array(listingRowSchema),
		listingsNotShown: z.number().int().describe("Listings left out of byListing to keep the result short (totals include them)"),
		byChannel: z.array(channelRowSchema),
		excluded: z.object({
			cancelled: z.number().int().describe("Cancelled, declined or expired records overlapping the range"),
			inquiries: z.number().int(),
			notConfirmed: z.number().int().describe("Pending or awaiting requests"),
			otherListings: z.number().int().describe("Stays of archived or unknown listings"),
		}),
		stayWithoutPrice: z.number().int().describe("Confirmed stays without a total price (nights counted, no money)"),
		complete: z.boolean().describe("False when the report covers only part of the range asked for (see partial)"),
		partial: partialSchema
			.optional()
			.describe("Only in a partial answer: the report then covers firstNight to lastNight exactly, fewer nights than asked"),
		definitions: z.string(),
		hint: z.string().nullable(),
	}),
	annotations: { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: true },
	async handler(input, context) {
		// Reject bad dates before any upstream call (words are checked against today in UTC; the
		// listing's time zone moves them by a day at most).
		const utcToday = todayIn("UTC", context.businessNow);
		const roughStart = precheckDate(input.start, "start", context.businessNow);
		const roughEnd = precheckDate(input.end, "end", context.businessNow);
		checkRangeShape(roughStart, roughEnd);
		checkPlausible(roughStart, utcToday, "start", LIMITS);
		checkPlausible(roughEnd, utcToday, "end", LIMITS);

		const client = context.hostaway();
		const portfolio = await loadAllListings(client, {}, context.progress);
		let listings = portfolio.listings;
		if (input.listingId !== undefined) {
			listings = listings.filter((listing) => listing.id === input.listingId);
			if (listings.length === 0) {
				throw new OperationError(
					"not_found",
					`Listing ${input.listingId} is not an active listing of this account. Find listing ids with list_listings.`,
				);
			}
		}
		const needsToday = !isExplicitDate(input.start) || !isExplicitDate(input.end);
		const today = needsToday
			? todayFor(
					input.listingId !== undefined && listings[0] ? { kind: "listing", listing: listings[0] } : { kind: "portfolio", listings },
					context.businessNow,
				)
			: null;
		const firstNight = resolveDate(input.start, today?.today ?? todayIn("UTC", context.businessNow), "start");
		const lastNightAsked = resolveDate(input.end, today?.today ?? todayIn("UTC", context.businessNow), "end");
		checkRangeShape(firstNight, lastNightAsked);

		// Every stay with a night in the range: arrival no later than the last night, departure
		// after the first night. The windows are taken one day wide on each side (Hostaway does not
		// document whether they are inclusive); nights are counted exactly below. Read in arrival
		// order, so a walk cut short has read every stay arriving before its last arrival: the
		// nights before that day are counted exactly, and the report covers those.
		const walk = await walkReservations(
			client,
			{ listingId: input.listingId, arrivalTo: addDays(lastNightAsked, 1), departureFrom: firstNight, sortOrder: "arrivalDate" },
			context,
		);
		const lastNight = walk.complete ? lastNightAsked : lastNightCovered(walk.reservations, firstNight, lastNightAsked);
		const covered = daysBetween(firstNight, lastNight) + 1;
		if (covered < 1) {
			throw new OperationError(
				"rate_limited",
				`Hostaway's rate limit let this report read only ${walk.reservations.length} of ${walk.matching ?? "the"} reservations ` +
					`before the answer was due, not enough to cover the first night (${firstNight}) exactly. Call again in a few seconds ` +
					"(what was read stays cached for a minute), or narrow the report to one listing with listingId.",
			);
		}
		const occupancy = computeOccupancy(listings, walk.reservations, firstNight, lastNight);
		const n = occupancy.nightsInRange;

		const byListing = occupancy.byListing.map((row) => ({
			listingId: row.listing.id,
			listingName: listingName(row.listing),
			occupiedNights: row.occupiedNights,
			availableNights: n,
			occupancyPercent: percent(row.occupiedNights, n),
			ownerNights: row.ownerNights,
			bookings: row.bookings,
			money: [...row.money].map(([currency, totals]) => ({ ...moneyRow(currency, totals), revpar: round2(totals.roomRevenue / n) })),
		}));
		const occupied = byListing.reduce((sum, row) => sum + row.occupiedNights, 0);
		const byChannel = occupancy.byChannel.map((row) => ({
			channel: row.channel,
			bookings: row.bookings,
			occupiedNights: row.occupiedNights,
			shareOfOccupiedNights: percent(row.occupiedNights, occupied),
			money: [...row.money].map(([currency, totals]) => moneyRow(currency, totals)),
		}));

		const currencies = new Map<string, MoneyTotals & { listings: number }>();
		for (const row of occupancy.byListing) {
			const own = row.listing.currencyCode || "unknown currency";
			const entry = currencies.get(own) ?? { listings: 0, occupiedNights: 0, roomRevenue: 0, grossRevenue: 0 };
			entry.listings++;
			currencies.set(own, entry);
			for (const [currency, totals] of row.money) {
				const target = currencies.get(currency) ?? { listings: 0, occupiedNights: 0, roomRevenue: 0, grossRevenue: 0 };
				target.occupiedNights += totals.occupiedNights;
				target.roomRevenue += totals.roomRevenue;
				target.grossRevenue += totals.grossRevenue;
				currencies.set(currency, target);
			}
		}
		const byCurrency = [...currencies]
			.sort(([a], [b]) => a.localeCompare(b))
			.map(([currency, totals]) => ({
				...moneyRow(currency, totals),
				listings: totals.listings,
				availableNights: totals.listings * n,
				revpar: totals.listings > 0 ? round2(totals.roomRevenue / (totals.listings * n)) : null,
			}));

		const shown = countWithinBudget(byListing, MAX_RESULT_CHARS - 8_000);
		const hints: string[] = [];
		const partial: PartialAnswer | undefined = walk.complete
			? undefined
			: {
					covered,
					total: daysBetween(firstNight, lastNightAsked) + 1,
					unit: `nights (${firstNight} to ${lastNight}, counted exactly; the report is about these nights only)`,
					reason:
						walk.ended === "out-of-time"
							? `${OUT_OF_TIME_REASON}: ${walk.reservations.length} of ${walk.matching ?? "?"} reservations read`
							: `the range has more reservations than one report reads (${walk.reservations.length})`,
				};
		if (partial)
			hints.push(
				`For the rest, call occupancy_report again with start ${addDays(lastNight, 1)} and end ${lastNightAsked} (or use listingId); ` +
					"add the two reports' nights and revenue, never their percentages.",
			);
		if (shown < byListing.length)
			hints.push(
				`${byListing.length - shown} listing row(s) not shown to keep the result short (totals include them); use listingId for one listing.`,
			);
		if (!portfolio.complete) hints.push("The portfolio has more listings than one report reads; some listings are missing.");
		return {
			firstNight,
			lastNight,
			lastNightAsked,
			nightsInRange: n,
			relativeDatesResolvedIn: today?.timeZone ?? null,
			todayRule: today?.rule ?? null,
			totals: {
				listings: listings.length,
				availableNights: listings.length * n,
				occupiedNights: occupied,
				occupancyPercent: percent(occupied, listings.length * n),
				ownerNights: byListing.reduce((sum, row) => sum + row.ownerNights, 0),
				bookings: byListing.reduce((sum, row) => sum + row.bookings, 0),
				byCurrency,
			},
			byListing: byListing.slice(0, shown),
			listingsNotShown: byListing.length - shown,
			byChannel,
			excluded: occupancy.excluded,
			stayWithoutPrice: occupancy.withoutPrice,
			complete: walk.complete,
			partial,
			definitions: DEFINITIONS,
			hint: hints.length > 0 ? hints.join(" ") : null,
		};
	},
	render(output) {
		const t = output.totals;
		const zone = output.todayRule ? ` (relative dates: ${output.todayRule})` : "";
		const lines = [
			...(output.partial
				? [
						partialNotice(output.partial),
						`The figures below are for ${output.firstNight} to ${output.lastNight} only, not for the range asked (to ${output.lastNightAsked}).`,
						"",
					]
				: []),
			`**Occupancy ${output.firstNight} to ${output.lastNight}** (${output.nightsInRange} nights, last night included)${zone}: ` +
				`${t.listings} listing(s), ${t.occupiedNights} of ${t.availableNights} nights occupied (${formatPercent(t.occupancyPercent)}), ` +
				`${t.bookings} stay(s), ${t.ownerNights} owner night(s).`,
		];
		for (const money of t.byCurrency) {
			lines.push(
				`- ${money.currency}: ${money.listings} listing(s), room revenue ${formatMoney(money.roomRevenue)} (gross ${formatMoney(money.grossRevenue)}), ADR ${formatMoney(money.adr)}, RevPAR ${formatMoney(money.revpar)}`,
			);
		}
		lines.push("", "| Listing | Occupied | Occupancy | Room revenue | ADR | RevPAR | Owner nights |", "|---|---|---|---|---|---|---|");
		for (const row of output.byListing) {
			const money = row.money.length > 0 ? row.money : [{ currency: "", roomRevenue: 0, adr: null, revpar: null }];
			lines.push(
				`| ${tableCell(row.listingName)} (${row.listingId}) | ${row.occupiedNights}/${row.availableNights} | ${formatPercent(row.occupancyPercent)} | ` +
					`${money.map((m) => `${formatMoney(m.roomRevenue)} ${m.currency}`.trim()).join(" + ")} | ${money.map((m) => formatMoney(m.adr)).join(" / ")} | ` +
					`${money.map((m) => formatMoney(m.revpar)).join(" / ")} | ${row.ownerNights} |`,
			);
		}
		if (output.listingsNotShown > 0) lines.push(`| … ${output.listingsNotShown} more listing(s) | | | | | | |`);
		lines.push("", "**By channel**");
		for (const row of output.byChannel) {
			const money = row.money.map((m) => `${formatMoney(m.roomRevenue)} ${m.currency} (ADR ${formatMoney(m.adr)})`).join(", ");
			lines.push(
				`- ${row.channel}: ${row.occupiedNights} nights (${formatPercent(row.shareOfOccupiedNights)}), ${row.bookings} stay(s), ${money}`,
			);
		}
		const x = output.excluded;
		lines.push(
			"",
			`Left out: ${x.cancelled} cancelled/declined, ${x.inquiries} inquiries, ${x.notConfirmed} pending${x.otherListings > 0 ? `, ${x.otherListings} on archived listings` : ""}.`,
			output.definitions,
		);
		if (output.hint) lines.push(output.hint);
		return lines.join("\n");
	},
});

/**
 * The last night a walk in arrival order covers exactly: it read every stay arriving before the
 * last arrival it reached, so every night before that day is complete (the night before the
 * first night when it covers none).
 */
function lastNightCovered(reservations: readonly { arrivalDate: string | null }[], firstNight: IsoDate, lastNightAsked: IsoDate): IsoDate {
	let lastArrival: IsoDate | null = null;
	for (const { arrivalDate } of reservations)
		if (arrivalDate && (lastArrival === null || arrivalDate > lastArrival)) lastArrival = arrivalDate;
	if (lastArrival === null) return addDays(firstNight, -1);
	const before = addDays(lastArrival, -1);
	return before < lastNightAsked ? before : lastNightAsked;
}

function checkRangeShape(firstNight: IsoDate, lastNight: IsoDate): void {
	const nights = daysBetween(firstNight, lastNight) + 1;
	if (nights < 1) {
		throw new OperationError(
			"invalid_input",
			`end (${lastNight}) is before start (${firstNight}); end is the last night counted, so it must be on or after start.`,
		);
	}
	if (nights > MAX_NIGHTS) {
		throw new OperationError(
			"invalid_input",
			`The range ${firstNight} to ${lastNight} has ${nights} nights; at most ${MAX_NIGHTS} are allowed. Split it into shorter reports.`,
		);
	}
}

function moneyRow(currency: string, totals: MoneyTotals) {
	return {
		currency,
		occupiedNights: totals.occupiedNights,
		roomRevenue: round2(totals.roomRevenue),
		grossRevenue: round2(totals.grossRevenue),
		adr: totals.occupiedNights > 0 ? round2(totals.roomRevenue / totals.occupiedNights) : null,
	};
}

/** Thousands separators keep figures readable (and keep digit runs short). */
function formatMoney(value: number | null): string {
	return value === null ? "–" : value.toLocaleString("en-US", { minimumFractionDigits: 2, maximumFractionDigits: 2 });
}

function tableCell(text: string): string {
	return text.replace(/\|/g, "\\|");
}

function formatPercent(value: number | null): string {
	return value === null ? "–" : `${value}%`;
}
