import { z } from "zod";
import {
	type HostawayClient,
	type ListReservationsInput,
	type Reservation,
	RESERVATION_STATUSES,
	type ReservationSortOrder,
} from "../../hostaway";
import { addDays, checkRange, type IsoDate, resolveDate, resolveRangePhrase, todayIn } from "../dates";
import { OperationError } from "../errors";
import { defineOperation, type OperationContext } from "../operation";
import { isOutOfTime, OUT_OF_TIME_REASON, partialNotice, partialSchema, type PartialAnswer, pastDeadline } from "../partial-answers";
import { reportPage } from "../progress";
import {
	type AfterIdPosition,
	countWithinBudget,
	cursorArgument,
	decodeAfterIdCursor,
	encodeAfterIdCursor,
	MAX_RESULT_CHARS,
} from "../pagination";
import { limitArgument, listingIdArgument } from "../shared/arguments";
import { bookingRowLine, bookingRowSchema, toBookingRow } from "../shared/bookings";
import { channelArgument, channelIdOf } from "../shared/channels";
import { loadAllListings, PAGE_SIZE } from "../shared/listings";
import { STATUS_GROUPS, type StatusGroup } from "../shared/statuses";
import { isRelativeDate, todayFor } from "../shared/today";
import { UNTRUSTED_NOTICE } from "../untrusted";

/** With a status filter, at most this many upstream pages are read per call (each PAGE_SIZE reservations). */
export const MAX_SCAN_PAGES = 5;
/** Room kept for everything in the result besides the rows. */
const ENVELOPE_CHARS = 3_000;

const STATUS_VALUES = [...new Set<string>([...Object.keys(STATUS_GROUPS), ...RESERVATION_STATUSES])] as [string, ...string[]];

/** Friendly sort names → Hostaway's sortOrder (undefined = Hostaway's default, updatedOn descending). */
const SORTS = {
	recently_updated: undefined,
	least_recently_updated: "updatedOn",
	arrival: "arrivalDate",
	arrival_desc: "arrivalDateDesc",
	latest_activity: "latestActivityDesc",
	oldest_activity: "latestActivity",
	last_message_received: "lastConversationMessageReceivedDesc",
	last_message_sent: "lastConversationMessageSentDesc",
} as const satisfies Record<string, ReservationSortOrder | undefined>;
type SortName = keyof typeof SORTS;

const windowDate = (what: string) => z.string().trim().min(1).optional().describe(what);
const windowPhrase = (what: string) =>
	z
		.string()
		.trim()
		.min(1)
		.optional()
		.describe(`${what} as one phrase instead of from/to: a stay phrase ("this weekend", "next 7 days") or a date word`);

const input = z.strictObject({
	listingId: listingIdArgument.optional().describe("Only this listing's bookings"),
	arrivalFrom: windowDate("Earliest arrival date (inclusive)"),
	arrivalTo: windowDate("Latest arrival date (inclusive)"),
	arrivalDuring: windowPhrase("Arrival window"),
	departureFrom: windowDate("Earliest departure date (inclusive)"),
	departureTo: windowDate("Latest departure date (inclusive)"),
	departureDuring: windowPhrase("Departure window"),
	guestName: z
		.string()
		.trim()
		.min(2, { error: "guestName must have at least 2 characters" })
		.max(100)
		.optional()
		.describe("Part of the guest's name"),
	guestEmail: z.email({ error: "guestEmail must be an e-mail address" }).optional().describe("The guest's exact e-mail address"),
	channel: channelArgument.optional(),
	status: z
		.array(z.enum(STATUS_VALUES, { error: `status values are: ${STATUS_VALUES.join(", ")}` }))
		.min(1)
		.max(20)
		.optional()
		.describe(
			`Only these statuses. Groups: ${Object.entries(STATUS_GROUPS)
				// A group that is only itself needs no spelling out.
				.filter(([group, statuses]) => statuses.join() !== group)
				.map(([group, statuses]) => `${group} = ${statuses.join("/")}`)
				.join("; ")}; or Hostaway's raw statuses. Applied after fetching: a page may need several upstream reads.`,
		),
	sort: z
		.enum(Object.keys(SORTS) as [SortName, ...SortName[]])
		.default("recently_updated")
		.describe("arrival: soonest first"),
	limit: limitArgument(20, 100),
	cursor: cursorArgument,
});
type Input = z.output<typeof input>;

const output = z.object({
	bookings: z.array(bookingRowSchema),
	returned: z.number().int(),
	totalMatching: z
		.number()
		.int()
		.nullable()
		.describe("Matches upstream; null when the status filter is applied here (unknown until every page is read)"),
	hasMore: z.boolean().describe("More matching bookings may follow (nextCursor)"),
	nextCursor: z.string().nullable(),
	statusFilteredClientSide: z.boolean().describe("The status filter was applied here, after fetching"),
	filters: z.object({
		listingId: z.number().int().nullable(),
		arrivalFrom: z.string().nullable(),
		arrivalTo: z.string().nullable(),
		departureFrom: z.string().nullable(),
		departureTo: z.string().nullable(),
		guestName: z.string().nullable(),
		guestEmail: z.string().nullable(),
		channel: z.string().nullable(),
		statuses: z.array(z.string()).nullable().describe("The Hostaway statuses kept"),
		sort: z.string(),
	}),
	resolvedDates: z.object({ today: z.string(), timeZone: z.string() }).nullable().describe("The today date words used, and its time zone"),
	todayRule: z.string().nullable().describe("Which today date words used; null without date words"),
	partial: partialSchema.optional().describe("Present when the status filter's scan stopped early: more may match, pass nextCursor"),
	notes: z.array(z.string()),
});
type Output = z.input<typeof output>;

interface Window {
	from?: IsoDate;
	to?: IsoDate;
}

/** An arrival or departure window from explicit bounds or one phrase, as inclusive dates. */
function resolveWindow(from: string | undefined, to: string | undefined, during: string | undefined, today: IsoDate, what: string): Window {
	if (during !== undefined) {
		if (from !== undefined || to !== undefined) {
			throw new OperationError("invalid_input", `${what}During cannot be combined with ${what}From/${what}To; use one or the other.`);
		}
		const range = resolveRangePhrase(during, today);
		if (range) {
			// Weekends count all three days (Friday to Sunday); "next N days" ends the day before its exclusive end.
			const weekend = /weekend/i.test(during);
			return { from: range.start, to: weekend ? range.end : addDays(range.end, -1) };
		}
		const day = resolveDate(during, today, `${what}During`);
		return { from: day, to: day };
	}
	const window: Window = {
		from: from === undefined ? undefined : resolveDate(from, today, `${what}From`),
		to: to === undefined ? undefined : resolveDate(to, today, `${what}To`),
	};
	if (window.from && window.to) checkRange(window.from, window.to, today, { what: `${what} window`, maxDays: 3_660, allowSameDay: true });
	return window;
}

function resolveWindows(args: Input, today: IsoDate): { arrival: Window; departure: Window } {
	return {
		arrival: resolveWindow(args.arrivalFrom, args.arrivalTo, args.arrivalDuring, today, "arrival"),
		departure: resolveWindow(args.departureFrom, args.departureTo, args.departureDuring, today, "departure"),
	};
}

function expandStatuses(values: readonly string[] | undefined): string[] | undefined {
	if (!values) return undefined;
	const statuses = new Set<string>();
	for (const value of values) {
		const group = STATUS_GROUPS[value as StatusGroup] as readonly string[] | undefined;
		for (const status of group ?? [value]) statuses.add(status);
	}
	return [...statuses];
}

interface Scan {
	rows: Reservation[];
	/** Where the next page starts upstream (Hostaway's afterId); undefined when no more may follow. */
	next: AfterIdPosition | undefined;
	totalMatching: number | null;
	notes: string[];
	partial?: PartialAnswer;
}

/** Rows that fit the result budget (at least one). */
function fitBudget(reservations: Reservation[]): number {
	return countWithinBudget(
		reservations.map((r) => toBookingRow(r)),
		MAX_RESULT_CHARS - ENVELOPE_CHARS,
	);
}

/**
 * Pages are read with Hostaway's `afterId` cursor (the last id of the previous page, with the
 * same filters and sortOrder; `offset` is deprecated for reservations, hostaway-api.md §3a).
 * Hostaway's `count` is every match, not what is left, so the position also counts the rows
 * before it: a full page is the last one when the count is reached.
 */
async function pageWithoutStatus(
	client: HostawayClient,
	filters: ListReservationsInput,
	start: AfterIdPosition | undefined,
	limit: number,
): Promise<Scan> {
	const page = await client.listReservations({ ...filters, limit, afterId: start?.afterId });
	const fit = page.items.length === 0 ? 0 : fitBudget(page.items);
	const rows = page.items.slice(0, fit);
	const seen = (start?.seen ?? 0) + fit;
	const last = rows.at(-1);
	// A short page ends the list (Hostaway: stop on an empty or short page), whatever the count says.
	const hasMore =
		last !== undefined && (fit < page.items.length || (page.items.length === limit && (page.count === null || seen < page.count)));
	const notes = fit < page.items.length ? [`Cut to ${fit} bookings to stay under the result budget; pass nextCursor for the rest.`] : [];
	return { rows, next: hasMore ? { afterId: last.id, seen } : undefined, totalMatching: page.count, notes };
}

/**
 * Hostaway cannot filter by status, so pages are read (by afterId) and filtered here until
 * the page is full and one more match proves there is more, the upstream list ends, or
 * MAX_SCAN_PAGES were read. The cursor then points just after the last row returned.
 */
async function pageWithStatus(
	client: HostawayClient,
	filters: ListReservationsInput,
	start: AfterIdPosition | undefined,
	limit: number,
	statuses: ReadonlySet<string>,
	context: Pick<OperationContext, "deadline" | "progress">,
): Promise<Scan> {
	/** Each match with the position just after it. */
	const matches: { reservation: Reservation; position: AfterIdPosition }[] = [];
	let position = start;
	let exhausted = false;
	let upstreamCount: number | null = null;
	let outOfTime = false;
	for (let pages = 0; pages < MAX_SCAN_PAGES && matches.length <= limit; pages++) {
		if (pastDeadline(context)) {
			outOfTime = true;
			break;
		}
		let page: Awaited<ReturnType<HostawayClient["listReservations"]>>;
		try {
			page = await client.listReservations({ ...filters, limit: PAGE_SIZE, afterId: position?.afterId });
		} catch (error) {
			if (!isOutOfTime(error)) throw error;
			outOfTime = true;
			break;
		}
		upstreamCount = page.count;
		// Of at most MAX_SCAN_PAGES pages, fewer when the reservations left from this cursor on are fewer.
		const left = page.count === null ? null : Math.max(0, page.count - (start?.seen ?? 0));
		reportPage(context.progress, "reservations", { done: pages + 1, pageSize: PAGE_SIZE, count: left, maxPages: MAX_SCAN_PAGES });
		for (const reservation of page.items) {
			position = { afterId: reservation.id, seen: (position?.seen ?? 0) + 1 };
			if (statuses.has(reservation.status ?? "")) matches.push({ reservation, position });
		}
		if (page.items.length < PAGE_SIZE || (page.count !== null && (position?.seen ?? 0) >= page.count)) {
			exhausted = true;
			break;
		}
	}
	const candidates = matches.slice(0, limit).map((match) => match.reservation);
	const fit = candidates.length === 0 ? 0 : fitBudget(candidates);
	const next = matches[fit - 1]?.position ?? position;
	const hasMore = next !== undefined && (matches.length > fit || !exhausted);
	const scanned = (position?.seen ?? 0) - (start?.seen ?? 0);
	const notes = [
		`Hostaway has no status filter: this server read ${scanned} reservation(s)${upstreamCount !== null ? ` of ${upstreamCount} matching the other filters` : ""} and kept those with status ${[...statuses].join(", ")}.`,
	];
	if (fit < Math.min(limit, matches.length))
		notes.push(`Cut to ${fit} bookings to stay under the result budget; pass nextCursor for the rest.`);
	else if (!exhausted && matches.length <= limit) {
		notes.push(
			outOfTime
				? `Stopped after reading ${scanned} reservations: ${OUT_OF_TIME_REASON}; more may match: pass nextCursor to continue.`
				: `Stopped after reading ${scanned} reservations (at most ${MAX_SCAN_PAGES * PAGE_SIZE} per call); more may match: pass nextCursor to continue.`,
		);
	}
	// Not a full page and not the list's end: what follows is unread (with no page read at all, there is no cursor yet).
	const stoppedEarly = !exhausted && matches.length <= limit && fit >= Math.min(limit, matches.length);
	const partial: PartialAnswer | undefined = stoppedEarly
		? {
				covered: position?.seen ?? 0,
				total: upstreamCount,
				unit: "reservations matching the other filters read and checked for the status",
				reason:
					(outOfTime ? OUT_OF_TIME_REASON : `one call reads at most ${MAX_SCAN_PAGES * PAGE_SIZE} reservations`) +
					(hasMore ? "" : "; call again with the same arguments in a few seconds"),
			}
		: undefined;
	return { rows: candidates.slice(0, fit), next: hasMore ? next : undefined, totalMatching: null, notes, partial };
}

export const searchBookings = defineOperation({
	name: "search_bookings",
	title: "Search bookings",
	description:
		"Finds bookings (Hostaway reservations) by listing, arrival or departure window (dates, relative words or phrases such as " +
		'"this weekend"), guest name, guest e-mail, channel and status, in a chosen order, a page at a time (pass nextCursor for more). ' +
		"Returns compact rows (id, listing, guest, dates, nights, guests, status, channel, total); use get_booking for one booking in full. " +
		"The status filter is applied by this server after fetching (Hostaway has none), and the result says so.",
	input,
	output,
	annotations: { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: true },
	async handler(args, context): Promise<Output> {
		// Every date word is checked before anything is fetched; the real "today" comes after.
		resolveWindows(args, todayIn("UTC", context.businessNow));
		const client = context.hostaway();

		const relative = [
			args.arrivalFrom,
			args.arrivalTo,
			args.arrivalDuring,
			args.departureFrom,
			args.departureTo,
			args.departureDuring,
		].some(isRelativeDate);
		let resolvedDates: Output["resolvedDates"] = null;
		let rule: string | null = null;
		let today = todayIn("UTC", context.businessNow);
		if (relative) {
			// One listing's search uses its today; a portfolio-wide one the portfolio's main time zone (shared/today.ts).
			const resolved = todayFor(
				args.listingId !== undefined
					? { kind: "listing", listing: await client.getListing(args.listingId) }
					: { kind: "portfolio", listings: (await loadAllListings(client, {}, context.progress)).listings },
				context.businessNow,
			);
			today = resolved.today;
			resolvedDates = { today, timeZone: resolved.timeZone };
			rule = resolved.rule;
		}
		const { arrival, departure } = resolveWindows(args, today);
		const statuses = expandStatuses(args.status);

		const filters: ListReservationsInput = {
			listingId: args.listingId,
			arrivalFrom: arrival.from,
			arrivalTo: arrival.to,
			departureFrom: departure.from,
			departureTo: departure.to,
			guestNameSearch: args.guestName,
			guestEmail: args.guestEmail,
			channelId: args.channel ? channelIdOf(args.channel) : undefined,
			sortOrder: SORTS[args.sort],
		};
		// The cursor belongs to the resolved filters: a new "today" or other filters start over.
		const fingerprint = { ...filters, statuses: statuses?.slice().sort() ?? null };
		const start = decodeAfterIdCursor(args.cursor, fingerprint);

		const scan = statuses
			? await pageWithStatus(client, filters, start, args.limit, new Set(statuses), context)
			: await pageWithoutStatus(client, filters, start, args.limit);

		return {
			bookings: scan.rows.map((r) => toBookingRow(r)),
			returned: scan.rows.length,
			totalMatching: scan.totalMatching,
			hasMore: scan.next !== undefined,
			nextCursor: scan.next ? encodeAfterIdCursor(scan.next, fingerprint) : null,
			statusFilteredClientSide: statuses !== undefined,
			filters: {
				listingId: args.listingId ?? null,
				arrivalFrom: arrival.from ?? null,
				arrivalTo: arrival.to ?? null,
				departureFrom: departure.from ?? null,
				departureTo: departure.to ?? null,
				guestName: args.guestName ?? null,
				guestEmail: args.guestEmail ?? null,
				channel: args.channel ?? null,
				statuses: statuses ?? null,
				sort: args.sort,
			},
			resolvedDates,
			todayRule: rule,
			partial: scan.partial
				? { ...scan.partial, nextCursor: scan.next ? encodeAfterIdCursor(scan.next, fingerprint) : undefined }
				: undefined,
			notes: scan.notes,
		};
	},
	render(result) {
		const { filters } = result;
		const described = [
			filters.listingId !== null ? `listing ${filters.listingId}` : null,
			filters.arrivalFrom || filters.arrivalTo ? `arriving ${filters.arrivalFrom ?? "…"} to ${filters.arrivalTo ?? "…"}` : null,
			filters.departureFrom || filters.departureTo ? `departing ${filters.departureFrom ?? "…"} to ${filters.departureTo ?? "…"}` : null,
			filters.guestName ? `guest name "${filters.guestName}"` : null,
			filters.guestEmail ? `e-mail ${filters.guestEmail}` : null,
			filters.channel ? `channel ${filters.channel}` : null,
			filters.statuses ? `status ${filters.statuses.join("/")}` : null,
		].filter(Boolean);
		const total = result.totalMatching !== null ? ` of ${result.totalMatching}` : "";
		const lines = [
			`**${result.returned}${total} bookings**${described.length ? ` (${described.join(", ")})` : ""}, sorted by ${filters.sort}:`,
		];
		if (result.partial) lines.push(partialNotice(result.partial));
		if (result.bookings.length === 0) lines.push("No bookings on this page.");
		for (const row of result.bookings) lines.push(bookingRowLine(row));
		for (const note of result.notes) lines.push(`_${note}_`);
		if (result.resolvedDates)
			lines.push(`_Today was taken as ${result.resolvedDates.today}: ${result.todayRule ?? result.resolvedDates.timeZone}._`);
		if (result.hasMore)
			lines.push(`More bookings follow: call search_bookings again with the same filters and cursor \`${result.nextCursor}\`.`);
		if (result.bookings.length > 0) lines.push("", UNTRUSTED_NOTICE);
		return lines.join("\n");
	},
});
