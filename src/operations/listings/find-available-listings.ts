/**
 * find_available_listings: which listings can take a stay. Hostaway's `GET /listings`
 * availability filters (availabilityDateStart/End, availabilityGuestNumber) name the
 * candidates in one call; they do not know minimum stays or closed-to-arrival/departure
 * days, so each candidate's calendar is then read and checked with the same rules as
 * check_availability. That is one call per candidate: a call verifies as many candidates, in
 * order of fit, as one answer holds (VERIFY_PER_CALL, and the result budget) and as the rate
 * budget lets through before the answer is due (OperationContext.deadline). An answer that
 * stops before the last candidate is marked partial and its cursor continues with the next
 * candidate in the same order; the calendars already read are cached, so the next call is cheap.
 */
import { z } from "zod";
import type { HostawayClient, Listing } from "../../hostaway";
import { guestCountArgument } from "../shared/arguments";
import { listingName, listingRowSchema, listingToday, loadAllListings, MAX_LISTINGS, PAGE_SIZE, toListingRow } from "../shared/listings";
import { resolveCheckedRange, STAY_RULES, stayResolver } from "../shared/stay-dates";
import { checkTimeZoneArgument, isRelativeDate, portfolioToday, timeZoneArgument, todayIndependent } from "../shared/today";
import { evaluateStay, verdictReasons } from "../shared/stay-rules";
import { daysBetween, todayIn } from "../dates";
import { defineOperation } from "../operation";
import { countWithinBudget, cursorArgument, decodeCursor, encodeCursor, MAX_RESULT_CHARS } from "../pagination";
import { fanOut, isOutOfTime, OUT_OF_TIME_REASON, type PartialAnswer, partialNotice, partialSchema } from "../partial-answers";
import { stayArguments } from "./check-availability";

/** Candidates verified per call at most: about as many rows as one answer holds (MAX_RESULT_CHARS). */
export const VERIFY_PER_CALL = 50;
/** Calendars read at once: a fan-out that finishes quickly without taking the account's whole budget at once. */
const VERIFY_CONCURRENCY = 12;
/** Candidates read from Hostaway's filter at most (pages of PAGE_SIZE): a portfolio of this size. */
const MAX_CANDIDATES = MAX_LISTINGS;
/** Room the rows of one answer may take (the rest of the result: header fields, hint, cursor). */
const ROWS_BUDGET = MAX_RESULT_CHARS - 3_000;

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
	timeZone: z.string().describe("Time zone of the date words"),
	today: z.string().describe("Today in that time zone"),
	todayRule: z.string().describe("Which today date words used, in words"),
	listings: z.array(stayRowSchema).describe("Verified available listings, best fit first (fewest unused beds, then lower rent)"),
	excluded: z
		.array(z.object({ id: z.number().int(), name: z.string(), reasons: z.array(z.string()) }))
		.describe("Candidates Hostaway's filter offered that fail a calendar rule"),
	notVerified: z
		.array(z.object({ id: z.number().int(), name: z.string(), reason: z.string() }))
		.describe("Candidates whose calendar could not be read; not offered"),
	candidates: z
		.number()
		.int()
		.nullable()
		.describe("Listings Hostaway's availability filter offered (null: not all its pages read in time)"),
	verifiedThrough: z.number().int().describe("Candidates checked, this call and earlier pages together"),
	hasMore: z.boolean().describe("Candidates remain unchecked (nextCursor)"),
	nextCursor: z.string().optional(),
	partial: partialSchema.optional(),
	hint: z.string().optional(),
});
type Output = z.input<typeof output>;

/** What one verified candidate adds to the answer. */
type Verified =
	| { kind: "listing"; row: StayRow }
	| { kind: "excluded"; entry: Output["excluded"][number] }
	| { kind: "notVerified"; entry: Output["notVerified"][number] };

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
		`nightly prices) and cleaning fee; check_availability gives one listing's exact quote with taxes. Checks up to ` +
		`${VERIFY_PER_CALL} candidates per call, smallest fitting first, as far as Hostaway's rate limit allows in time: when ` +
		"hasMore is true, call again with the same arguments and nextCursor for the next candidates.",
	input: z.strictObject({
		...stayArguments,
		guests: guestCountArgument,
		city: z.string().trim().min(1).max(100).optional(),
		country: z.string().trim().min(1).max(100).optional().describe("Name or ISO code, as stored in Hostaway"),
		timeZone: timeZoneArgument,
		cursor: cursorArgument,
	}),
	output,
	annotations: { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: true },
	async handler(args, context) {
		const { cursor, ...filters } = args;
		const offset = decodeCursor(cursor, filters);
		const zone = checkTimeZoneArgument(filters.timeZone);
		// Date words are checked before anything is fetched; the real "today" comes after (shared/today.ts).
		const resolveStay = stayResolver(filters.arrival, filters.departure);
		resolveCheckedRange(resolveStay, todayIndependent(STAY_RULES), todayIn("UTC", context.businessNow));
		const client = context.hostaway();
		const { today, timeZone, rule } = await portfolioToday(
			zone,
			isRelativeDate(filters.arrival) || isRelativeDate(filters.departure),
			async () => (await loadAllListings(client, {}, context.progress)).listings,
			context.businessNow,
		);
		const stay = resolveCheckedRange(resolveStay, STAY_RULES, today);
		const nights = daysBetween(stay.start, stay.end);
		const { guests } = filters;

		const header = { arrival: stay.start, departure: stay.end, nights, guests, timeZone, today, todayRule: rule };
		let loaded: Awaited<ReturnType<typeof loadCandidates>>;
		try {
			loaded = await loadCandidates(client, {
				arrival: stay.start,
				departure: stay.end,
				guests,
				city: filters.city,
				country: filters.country,
			});
		} catch (error) {
			if (!isOutOfTime(error)) throw error;
			// Without every candidate there is no order of fit to continue in: nothing is checked yet.
			// The pages read are cached, so calling again gets further.
			const nextCursor = encodeCursor(offset, filters);
			return {
				...header,
				listings: [],
				excluded: [],
				notVerified: [],
				candidates: null,
				verifiedThrough: offset,
				hasMore: true,
				nextCursor,
				partial: { covered: offset, total: null, unit: "candidates", reason: OUT_OF_TIME_REASON, nextCursor },
			};
		}
		const candidates = loaded.listings.filter((listing) => listing.specialStatus !== "archived").sort(byFit());
		const batch = candidates.slice(offset, offset + VERIFY_PER_CALL);

		const run = await fanOut(
			batch,
			(listing) => client.getCalendar(listing.id, { startDate: stay.start, endDate: stay.end }),
			context,
			VERIFY_CONCURRENCY,
		);
		// Only the candidates checked without a gap count: the cursor continues right after them
		// (calendars read after a gap are cached for the next call).
		const verified = run.done.slice(0, run.donePrefix).map(({ item: listing, outcome }): Verified => {
			const name = listingName(listing);
			if (outcome.status === "rejected") {
				return {
					kind: "notVerified",
					entry: { id: listing.id, name, reason: "its calendar could not be read just now; try check_availability on it" },
				};
			}
			const verdict = evaluateStay({ arrival: stay.start, departure: stay.end, guests, days: outcome.value, listing });
			const reasons = verdictReasons(verdict);
			const localToday = listingToday(listing, context.businessNow);
			if (stay.start < localToday)
				reasons.unshift(`the arrival day is already past in ${listing.timeZoneName} (today there is ${localToday})`);
			if (reasons.length > 0) return { kind: "excluded", entry: { id: listing.id, name, reasons } };
			const prices = outcome.value.filter((day) => day.date >= stay.start && day.date < stay.end).map((day) => day.price);
			const rentTotal =
				prices.length === nights && prices.every((price) => price !== null)
					? Math.round((prices as number[]).reduce((total, price) => total + price, 0) * 100) / 100
					: null;
			return { kind: "listing", row: { ...toListingRow(listing), nights, rentTotal, cleaningFee: listing.cleaningFee ?? null } };
		});
		// Long names could make VERIFY_PER_CALL rows too much for one answer: the rest go to the next call.
		const shown = verified.length === 0 ? 0 : countWithinBudget(verified, ROWS_BUDGET);
		const kept = verified.slice(0, shown);

		const listings = kept.flatMap((entry) => (entry.kind === "listing" ? [entry.row] : []));
		const excluded = kept.flatMap((entry) => (entry.kind === "excluded" ? [entry.entry] : []));
		const notVerified = kept.flatMap((entry) => (entry.kind === "notVerified" ? [entry.entry] : []));
		listings.sort(
			(a, b) =>
				(a.maxGuests ?? 0) - (b.maxGuests ?? 0) ||
				(a.currency ?? "").localeCompare(b.currency ?? "") ||
				(a.rentTotal ?? Number.POSITIVE_INFINITY) - (b.rentTotal ?? Number.POSITIVE_INFINITY),
		);

		const verifiedThrough = offset + kept.length;
		const hasMore = verifiedThrough < candidates.length;
		const nextCursor = hasMore ? encodeCursor(verifiedThrough, filters) : undefined;
		const outOfTime = run.donePrefix < batch.length && shown === verified.length;
		const capped = loaded.complete
			? ""
			: `; only the first ${MAX_CANDIDATES} candidates Hostaway's filter offers are checked: narrow by city or country`;
		let partial: PartialAnswer | undefined;
		if (hasMore || !loaded.complete) {
			const stopped = !hasMore
				? "every candidate read is checked"
				: outOfTime
					? OUT_OF_TIME_REASON
					: `one answer checks at most ${shown < verified.length ? shown : VERIFY_PER_CALL} candidates`;
			const total = loaded.complete ? candidates.length : null;
			partial = { covered: verifiedThrough, total, unit: "candidates", reason: stopped + capped, ...(nextCursor ? { nextCursor } : {}) };
		}
		const hint = notVerified.length > 0 ? `${notVerified.length} candidate(s) could not be verified (see notVerified).` : undefined;
		return {
			...header,
			listings,
			excluded,
			notVerified,
			candidates: candidates.length,
			verifiedThrough,
			hasMore,
			...(nextCursor ? { nextCursor } : {}),
			...(partial ? { partial } : {}),
			...(hint ? { hint } : {}),
		};
	},
	render(result) {
		const lines = [
			`**${result.listings.length} listing${result.listings.length === 1 ? "" : "s"} available** for ${result.guests} guest${result.guests === 1 ? "" : "s"}, ` +
				`arriving ${result.arrival} and leaving ${result.departure} (${result.nights} night${result.nights === 1 ? "" : "s"}; relative dates: ${result.todayRule}, ${result.today}). ` +
				`Checked ${result.verifiedThrough} of ${result.candidates ?? "?"} candidate(s) from Hostaway's availability filter.`,
		];
		if (result.partial) lines.push("", partialNotice(result.partial), "");
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
		return lines.join("\n");
	},
});
