/**
 * find_available_listings: which listings can take a stay. Hostaway's `GET /listings`
 * availability filters (availabilityDateStart/End, availabilityGuestNumber) name the
 * candidates in one call; they do not know minimum stays or closed-to-arrival/departure
 * days, so each candidate's calendar is then read and checked with the same rules as
 * check_availability. That is one call per candidate, so it is bounded: a call verifies at
 * most VERIFY_PER_CALL candidates and the cursor continues with the next ones.
 */
import { z } from "zod";
import type { HostawayClient, Listing } from "../../hostaway";
import { guestCountArgument } from "../shared/arguments";
import { listingName, listingRowSchema, listingToday, PAGE_SIZE, toListingRow } from "../shared/listings";
import { resolveCheckedRange, STAY_RULES, stayResolver } from "../shared/stay-dates";
import { evaluateStay, verdictReasons } from "../shared/stay-rules";
import { daysBetween, todayIn } from "../dates";
import { defineOperation } from "../operation";
import { cursorArgument, decodeCursor, encodeCursor } from "../pagination";
import { stayArguments } from "./check-availability";
import { portfolioTimeZone, timeZoneArgument } from "./list-listings";

/** Calendars read per call: keeps one call well inside the account's 14-requests-per-10-s budget. */
export const VERIFY_PER_CALL = 6;
/** Candidates read from Hostaway's filter at most (pages of PAGE_SIZE). */
const MAX_CANDIDATES = 3 * PAGE_SIZE;

const stayRowSchema = listingRowSchema.extend({
	nights: z.number().int(),
	rentTotal: z.number().nullable().describe("Sum of the nightly calendar prices for the stay, before fees and taxes"),
	cleaningFee: z.number().nullable(),
});
type StayRow = z.infer<typeof stayRowSchema>;

const output = z.object({
	arrival: z.string(),
	departure: z.string(),
	nights: z.number().int(),
	guests: z.number().int(),
	timeZone: z.string().describe("Time zone relative dates were resolved in"),
	today: z.string().describe("Today in that time zone"),
	listings: z.array(stayRowSchema).describe("Verified available listings, best fit first (fewest unused beds, then lower rent)"),
	excluded: z
		.array(z.object({ id: z.number().int(), name: z.string(), reasons: z.array(z.string()) }))
		.describe("Candidates Hostaway's filter offered that fail a calendar rule"),
	notVerified: z
		.array(z.object({ id: z.number().int(), name: z.string(), reason: z.string() }))
		.describe("Candidates of this batch whose calendar could not be read; not offered"),
	candidates: z.number().int().describe("Listings Hostaway's availability filter offered"),
	verifiedThrough: z.number().int().describe("How many candidates have been checked, this call and earlier pages together"),
	hasMore: z.boolean().describe("True when candidates remain unchecked; pass nextCursor to check them"),
	nextCursor: z.string().optional(),
	hint: z.string().optional(),
});

async function loadCandidates(
	client: HostawayClient,
	filters: { arrival: string; departure: string; guests: number; city?: string; country?: string },
): Promise<{ listings: Listing[]; complete: boolean }> {
	const listings: Listing[] = [];
	for (let offset = 0; offset < MAX_CANDIDATES; offset += PAGE_SIZE) {
		const page = await client.listListings({
			limit: PAGE_SIZE,
			offset,
			city: filters.city,
			country: filters.country,
			guests: filters.guests,
			// Hostaway does not document whether the end is a night or the departure day; the
			// departure is sent, and each candidate's calendar is checked night by night anyway.
			availableFrom: filters.arrival,
			availableTo: filters.departure,
		});
		listings.push(...page.items);
		if (page.items.length < PAGE_SIZE || (page.count !== null && offset + PAGE_SIZE >= page.count)) return { listings, complete: true };
	}
	return { listings, complete: false };
}

/**
 * Smallest listing first (Hostaway's filter already dropped those too small; big houses stay for
 * big parties), then id for a stable order across pages.
 */
function byFit() {
	return (a: Listing, b: Listing) => (a.personCapacity ?? 0) - (b.personCapacity ?? 0) || a.id - b.id;
}

export const findAvailableListings = defineOperation({
	name: "find_available_listings",
	title: "Find available listings",
	description:
		"Finds the listings that can take a stay (arrival, departure, party size) across the portfolio, honouring capacity, " +
		"reserved and blocked nights, minimum stay and closed-to-arrival/departure days. Each row has the stay's rent (sum of " +
		`nightly prices) and cleaning fee; use check_availability on one listing for Hostaway's exact quote with taxes. Checks at ` +
		`most ${VERIFY_PER_CALL} candidates per call: when hasMore is true, call again with nextCursor. Relative dates are ` +
		"resolved in the timeZone argument (default UTC).",
	input: z.strictObject({
		...stayArguments,
		guests: guestCountArgument,
		city: z.string().trim().min(1).max(100).optional().describe("Only listings in this city"),
		country: z
			.string()
			.trim()
			.min(1)
			.max(100)
			.optional()
			.describe("Only listings in this country (name or ISO code, as stored in Hostaway)"),
		timeZone: timeZoneArgument,
		cursor: cursorArgument,
	}),
	output,
	annotations: { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: true },
	async handler(args, context) {
		const { cursor, ...filters } = args;
		const offset = decodeCursor(cursor, filters);
		const timeZone = portfolioTimeZone(filters.timeZone);
		const today = todayIn(timeZone, context.businessNow);
		const stay = resolveCheckedRange(stayResolver(filters.arrival, filters.departure), STAY_RULES, today);
		const nights = daysBetween(stay.start, stay.end);
		const { guests } = filters;

		const client = context.hostaway();
		const loaded = await loadCandidates(client, {
			arrival: stay.start,
			departure: stay.end,
			guests,
			city: filters.city,
			country: filters.country,
		});
		const candidates = loaded.listings.filter((listing) => listing.specialStatus !== "archived").sort(byFit());
		const batch = candidates.slice(offset, offset + VERIFY_PER_CALL);

		const listings: StayRow[] = [];
		const excluded: z.input<typeof output>["excluded"] = [];
		const notVerified: z.input<typeof output>["notVerified"] = [];
		const calendars = await Promise.allSettled(
			batch.map((listing) => client.getCalendar(listing.id, { startDate: stay.start, endDate: stay.end })),
		);
		batch.forEach((listing, index) => {
			const name = listingName(listing);
			const calendar = calendars[index]!;
			if (calendar.status === "rejected") {
				notVerified.push({ id: listing.id, name, reason: "its calendar could not be read just now; try check_availability on it" });
				return;
			}
			const verdict = evaluateStay({ arrival: stay.start, departure: stay.end, guests, days: calendar.value, listing });
			const reasons = verdictReasons(verdict);
			const localToday = listingToday(listing, context.businessNow);
			if (stay.start < localToday)
				reasons.unshift(`the arrival day is already past in ${listing.timeZoneName} (today there is ${localToday})`);
			if (reasons.length > 0) {
				excluded.push({ id: listing.id, name, reasons });
				return;
			}
			const prices = calendar.value.filter((day) => day.date >= stay.start && day.date < stay.end).map((day) => day.price);
			const rentTotal =
				prices.length === nights && prices.every((price) => price !== null)
					? Math.round((prices as number[]).reduce((total, price) => total + price, 0) * 100) / 100
					: null;
			listings.push({ ...toListingRow(listing), nights, rentTotal, cleaningFee: listing.cleaningFee ?? null });
		});
		listings.sort(
			(a, b) =>
				(a.maxGuests ?? 0) - (b.maxGuests ?? 0) ||
				(a.currency ?? "").localeCompare(b.currency ?? "") ||
				(a.rentTotal ?? Number.POSITIVE_INFINITY) - (b.rentTotal ?? Number.POSITIVE_INFINITY),
		);

		const verifiedThrough = offset + batch.length;
		const hasMore = verifiedThrough < candidates.length;
		const hints: string[] = [];
		if (hasMore) {
			hints.push(
				`${candidates.length - verifiedThrough} more candidate(s) not checked yet: call again with the same arguments and nextCursor.`,
			);
		}
		if (!loaded.complete) hints.push(`Only the first ${MAX_CANDIDATES} candidates are considered; narrow by city or country.`);
		if (notVerified.length > 0) hints.push(`${notVerified.length} candidate(s) could not be verified (see notVerified).`);
		return {
			arrival: stay.start,
			departure: stay.end,
			nights,
			guests,
			timeZone,
			today,
			listings,
			excluded,
			notVerified,
			candidates: candidates.length,
			verifiedThrough,
			hasMore,
			...(hasMore ? { nextCursor: encodeCursor(verifiedThrough, filters) } : {}),
			...(hints.length > 0 ? { hint: hints.join(" ") } : {}),
		};
	},
	render(result) {
		const lines = [
			`**${result.listings.length} listing${result.listings.length === 1 ? "" : "s"} available** for ${result.guests} guest${result.guests === 1 ? "" : "s"}, ` +
				`arriving ${result.arrival} and leaving ${result.departure} (${result.nights} night${result.nights === 1 ? "" : "s"}; dates resolved in ${result.timeZone}, today ${result.today}). ` +
				`Checked ${result.verifiedThrough} of ${result.candidates} candidate(s) from Hostaway's availability filter.`,
		];
		for (const row of result.listings) {
			const money = row.rentTotal !== null ? `rent ${row.rentTotal} ${row.currency ?? ""}`.trimEnd() : "rent unknown";
			const cleaning = row.cleaningFee ? ` + cleaning ${row.cleaningFee}` : "";
			lines.push(`- **${row.id}** ${row.name} — ${row.city ?? "?"} · sleeps ${row.maxGuests ?? "?"} · ${money}${cleaning} (before taxes)`);
		}
		if (result.excluded.length > 0) {
			lines.push("", "Not possible:");
			for (const entry of result.excluded) lines.push(`- ${entry.id} ${entry.name}: ${entry.reasons.join("; ")}`);
		}
		if (result.notVerified.length > 0) {
			lines.push("", "Not verified:");
			for (const entry of result.notVerified) lines.push(`- ${entry.id} ${entry.name}: ${entry.reason}`);
		}
		if (result.hint) lines.push("", result.hint);
		if (result.nextCursor) lines.push(`nextCursor: \`${result.nextCursor}\``);
		return lines.join("\n");
	},
});
