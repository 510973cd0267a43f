/**
 * list_listings: the portfolio, filtered with Hostaway's own `GET /listings` filters (city,
 * country, name text, capacity, availability window), one upstream page per call.
 */
import { z } from "zod";
import { guestCountArgument, limitArgument } from "../shared/arguments";
import { formatHour, listingRowSchema, loadAllListings, toListingRow } from "../shared/listings";
import { resolveCheckedRange } from "../shared/stay-dates";
import { checkTimeZoneArgument, isRelativeDate, portfolioToday, timeZoneArgument, todayIndependent } from "../shared/today";
import { dateArgument, resolveDate, todayIn } from "../dates";
import { OperationError } from "../errors";
import { defineOperation } from "../operation";
import { countWithinBudget, cursorArgument, decodeCursor, encodeCursor, MAX_RESULT_CHARS } from "../pagination";

/** Room left in the result for everything that is not a row. */
const ROWS_BUDGET = MAX_RESULT_CHARS - 2_000;

const input = z.strictObject({
	city: z.string().trim().min(1).max(100).optional().describe("Exact city name, e.g. Lisbon"),
	country: z.string().trim().min(1).max(100).optional().describe("As stored in Hostaway (name or ISO code)"),
	nameContains: z.string().trim().min(1).max(100).optional().describe("Text in the listing's name"),
	minGuests: guestCountArgument.optional().describe("Sleeps at least this many"),
	availableFrom: dateArgument.optional().describe("With availableTo: only listings free for a stay arriving this day"),
	availableTo: dateArgument.optional().describe("With availableFrom: the departure day of that stay (its night is not needed)"),
	timeZone: timeZoneArgument,
	limit: limitArgument(25, 100),
	cursor: cursorArgument,
});

const output = z.object({
	listings: z.array(listingRowSchema),
	count: z.number().int().nullable().describe("Listings matching the filters in Hostaway (all pages)"),
	hasMore: z.boolean(),
	nextCursor: z.string().optional(),
	hint: z.string().optional(),
	archivedSkipped: z.number().int().optional().describe("Archived listings left out of this page"),
	availability: z
		.object({ from: z.string(), to: z.string(), timeZone: z.string(), today: z.string(), todayRule: z.string() })
		.optional()
		.describe("The availability window used, with relative words resolved"),
});

export const listListings = defineOperation({
	name: "list_listings",
	title: "List listings",
	description:
		"Lists the account's listings (properties) as compact rows: id, name, city, time zone, capacity, bedrooms, bathrooms, " +
		"base price and currency, check-in and check-out hours. Filter by city, country, name text, minimum guests, or a stay " +
		"window (availableFrom/availableTo) using Hostaway's own filters. Use get_listing for one listing's details, and " +
		"find_available_listings for which listings can take a stay (it also checks minimum stay and closed days).",
	input,
	output,
	annotations: { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: true },
	async handler(args, context) {
		const { limit, cursor, timeZone: zoneArgument, ...filters } = args;
		const offset = decodeCursor(cursor, filters);
		const zone = checkTimeZoneArgument(zoneArgument);
		let availability: z.input<typeof output>["availability"];
		if (filters.availableFrom !== undefined || filters.availableTo !== undefined) {
			const { availableFrom: from, availableTo: to } = filters;
			if (from === undefined || to === undefined) {
				throw new OperationError(
					"invalid_input",
					"availableFrom and availableTo go together: give both (arrival and departure day) or neither.",
				);
			}
			// Date words are checked before anything is fetched; the real "today" comes after (shared/today.ts).
			const resolveWindow = (day: string) => ({ start: resolveDate(from, day, "availableFrom"), end: resolveDate(to, day, "availableTo") });
			const rules = { what: "availability window", maxDays: 365, noPast: true, maxDaysAhead: 730 };
			resolveCheckedRange(resolveWindow, todayIndependent(rules), todayIn("UTC", context.businessNow));
			const { today, timeZone, rule } = await portfolioToday(
				zone,
				isRelativeDate(from) || isRelativeDate(to),
				async () => (await loadAllListings(context.hostaway(), {}, context.progress)).listings,
				context.businessNow,
			);
			const range = resolveCheckedRange(resolveWindow, rules, today);
			availability = { from: range.start, to: range.end, timeZone, today, todayRule: rule };
		}

		const page = await context.hostaway().listListings({
			limit,
			offset,
			city: filters.city,
			country: filters.country,
			nameSearch: filters.nameContains,
			guests: filters.minGuests,
			availableFrom: availability?.from,
			availableTo: availability?.to,
		});

		const rows: { row: z.infer<typeof listingRowSchema>; index: number }[] = [];
		let archivedSkipped = 0;
		page.items.forEach((listing, index) => {
			if (listing.specialStatus === "archived") archivedSkipped++;
			else rows.push({ row: toListingRow(listing), index });
		});
		const fit = countWithinBudget(
			rows.map((entry) => entry.row),
			ROWS_BUDGET,
		);
		const cut = fit < rows.length;
		const consumed = cut ? rows[fit]!.index : page.items.length;
		const nextOffset = offset + consumed;
		const hasMore = page.count !== null ? nextOffset < page.count : page.items.length === limit;
		return {
			listings: rows.slice(0, fit).map((entry) => entry.row),
			count: page.count,
			hasMore,
			...(hasMore ? { nextCursor: encodeCursor(nextOffset, filters) } : {}),
			...(cut
				? { hint: "The page was shortened to stay within the result size; pass nextCursor for the rest, or narrow the filters." }
				: hasMore
					? { hint: "More listings match; pass nextCursor for the next page, or narrow by city, country or name." }
					: {}),
			...(archivedSkipped > 0 ? { archivedSkipped } : {}),
			...(availability ? { availability } : {}),
		};
	},
	render(result) {
		const lines: string[] = [];
		const window = result.availability
			? ` free from ${result.availability.from} to ${result.availability.to} (relative dates: ${result.availability.todayRule}, ${result.availability.today})`
			: "";
		lines.push(
			`**${result.listings.length} listing${result.listings.length === 1 ? "" : "s"}**${window}${result.count !== null ? ` — ${result.count} match in total` : ""}.`,
		);
		for (const row of result.listings) {
			const place = [row.city, row.country].filter(Boolean).join(", ");
			const price = row.basePrice !== null ? ` · from ${row.basePrice} ${row.currency ?? ""}`.trimEnd() : "";
			lines.push(
				`- **${row.id}** ${row.name} — ${place || "no address"} (${row.timeZone ?? "time zone unknown"}) · sleeps ${row.maxGuests ?? "?"}, ` +
					`${row.bedrooms ?? "?"} bd / ${row.bathrooms ?? "?"} ba${price} · check-in ${formatHour(row.checkInFrom)}, check-out ${formatHour(row.checkOutBy)}`,
			);
		}
		if (result.archivedSkipped) lines.push(`(${result.archivedSkipped} archived listing(s) left out.)`);
		if (result.hint) lines.push("", result.hint);
		if (result.nextCursor) lines.push(`nextCursor: \`${result.nextCursor}\``);
		return lines.join("\n");
	},
});
