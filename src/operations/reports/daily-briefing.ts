import { z } from "zod";
import type { Listing, Reservation } from "../../hostaway";
import { dateArgument, type IsoDate, resolveDate, todayIn } from "../dates";
import { buildInbox, inboxRowSchema, scanConversations } from "../messaging/inbox";
import { inboxLine } from "../messaging/list-conversations";
import { defineOperation } from "../operation";
import { isOutOfTime, OUT_OF_TIME_REASON, partialNotice, partialSchema } from "../partial-answers";
import { guestDisplayName } from "../shared/bookings";
import { channelLabel } from "../shared/channels";
import { formatHour, listingName, loadAllListings } from "../shared/listings";
import { walkReservations } from "../shared/reservation-walk";
import { listingTimeZone, listingToday, todayRule } from "../shared/today";
import { isConfirmedStay } from "../shared/statuses";
import { fenceUntrusted, SHORT_GUEST_TEXT, UNTRUSTED_NOTICE } from "../untrusted";
import { checkPlausible, isExplicitDate, precheckDate } from "./report-dates";

/** Rows per section; a larger portfolio's briefing says how many were left out. */
const MAX_ROWS = 40;
const MAX_UNANSWERED = 15;
/** Conversations read for the unanswered guests (the inbox reads up to five pages). */
const CONVERSATION_PAGES = 3;
/** The briefing is about now: guests who wrote in the last week (list_conversations goes further back). */
const UNANSWERED_WITHIN_DAYS = 7;

const stayRowSchema = z.object({
	bookingId: z.number().int(),
	listingId: z.number().int(),
	listingName: z.string(),
	date: z.string().describe("The briefing date used for this listing"),
	guestName: z.string().nullable().describe("Untrusted guest text, fenced"),
	arrival: z.string(),
	departure: z.string(),
	nights: z.number().int().nullable(),
	guests: z.number().int().nullable(),
	adults: z.number().int().nullable(),
	children: z.number().int().nullable(),
	infants: z.number().int().nullable(),
	pets: z.number().int().nullable(),
	checkIn: z.string().nullable().describe("Check-in hour, listing-local (the booking's, else the listing's)"),
	checkOut: z.string().nullable().describe("Check-out hour, listing-local"),
	channel: z.string(),
	status: z.string(),
});
type StayRow = z.infer<typeof stayRowSchema>;

const turnoverSchema = z.object({
	listingId: z.number().int(),
	listingName: z.string(),
	date: z.string(),
	departingBookingId: z.number().int(),
	departingGuest: z.string().nullable(),
	checkOut: z.string().nullable(),
	departingIsOwnerStay: z.boolean(),
	arrivingBookingId: z.number().int(),
	arrivingGuest: z.string().nullable(),
	checkIn: z.string().nullable(),
	arrivingIsOwnerStay: z.boolean(),
	hoursToTurnOver: z.number().int().nullable().describe("Check-in hour minus check-out hour"),
});

const section = <T extends z.ZodType>(row: T) =>
	z.object({ count: z.number().int(), rows: z.array(row), notShown: z.number().int().describe("Rows left out to keep the result short") });

export const dailyBriefing = defineOperation({
	name: "daily_briefing",
	title: "Daily operations briefing",
	description:
		"The day's operations across the portfolio: arrivals, departures, same-day turnovers (a departure and an arrival at the " +
		"same listing), guests in house, owner stays (listed apart), and guests waiting for an answer, each with listing, guest, " +
		"party, check-in/out hours and channel. Only confirmed stays count (no cancellations, inquiries or pending requests). " +
		"Without a date it uses today in EACH listing's time zone and says which dates that was. Follow up with get_booking, " +
		"get_message_history or send_guest_message.",
	input: z.strictObject({
		date: dateArgument
			.optional()
			.describe("Default today; a YYYY-MM-DD date applies to every listing, a word resolves in each listing's time zone"),
	}),
	output: z.object({
		datesUsed: z
			.array(z.object({ date: z.string(), listings: z.number().int(), timeZones: z.array(z.string()) }))
			.describe("Which date was briefed for how many listings (relative words resolve per listing time zone)"),
		dateRule: z.string(),
		arrivals: section(stayRowSchema),
		departures: section(stayRowSchema),
		turnovers: section(turnoverSchema),
		inHouse: section(stayRowSchema).describe("Arrived before the date and leaving after it"),
		ownerStays: section(stayRowSchema.extend({ movement: z.enum(["arriving", "departing", "staying"]) })),
		unansweredGuests: section(inboxRowSchema).describe(
			`Threads where the guest wrote last in the past ${UNANSWERED_WITHIN_DAYS} days, longest waiting first (older: list_conversations)`,
		),
		notCounted: z
			.object({ cancelled: z.number().int(), inquiries: z.number().int(), pending: z.number().int() })
			.describe("Records on these days that are not confirmed stays, by kind"),
		complete: z.boolean().describe("False when not every reservation or conversation could be read"),
		partial: partialSchema.optional().describe("Only in a partial answer: the sections then count only the reservations read"),
		hint: z.string().nullable(),
	}),
	annotations: { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: true },
	async handler(input, context) {
		const explicit = input.date !== undefined && isExplicitDate(input.date);
		if (input.date !== undefined) {
			const checked = precheckDate(input.date, "date", context.businessNow);
			checkPlausible(checked, todayIn("UTC", context.businessNow), "date", { pastDays: 366, futureDays: 2 * 366 });
		}
		const client = context.hostaway();
		const portfolio = await loadAllListings(client, {}, context.progress);
		const dateOf = new Map<number, IsoDate>();
		for (const listing of portfolio.listings) {
			const word = input.date ?? "today";
			dateOf.set(listing.id, explicit ? word.trim() : resolveDate(word, listingToday(listing, context.businessNow), "date"));
		}
		const dates = [...new Set(dateOf.values())].sort();
		if (dates.length === 0) {
			return emptyBriefing(explicit, input.date);
		}
		const first = dates[0] as IsoDate;
		const last = dates[dates.length - 1] as IsoDate;
		// One window for every listing's date: stays arriving by the last date and leaving on or after the first.
		// Read in arrival order: a walk cut short has every stay arriving before its last arrival.
		const walk = await walkReservations(client, { arrivalTo: last, departureFrom: first, sortOrder: "arrivalDate" }, context);
		const reservations = walk.reservations;
		const listingsById = new Map(portfolio.listings.map((listing) => [listing.id, listing]));

		const arrivals: StayRow[] = [];
		const departures: StayRow[] = [];
		const inHouse: StayRow[] = [];
		const ownerStays: (StayRow & { movement: "arriving" | "departing" | "staying" })[] = [];
		const notCounted = { cancelled: 0, inquiries: 0, pending: 0 };
		const movesByListing = new Map<number, { out: StayRow[]; in: StayRow[] }>();

		for (const reservation of reservations) {
			const listing = reservation.listingMapId !== null ? listingsById.get(reservation.listingMapId) : undefined;
			const date = listing ? dateOf.get(listing.id) : undefined;
			if (!listing || !date || !reservation.arrivalDate || !reservation.departureDate) continue;
			if (reservation.arrivalDate > date || reservation.departureDate < date) continue;
			const status = reservation.status ?? "";
			const owner = status === "ownerStay";
			if (!owner && !isConfirmedStay(status)) {
				if (status === "cancelled" || status === "declined" || status === "expired") notCounted.cancelled++;
				else if (status.startsWith("inquiry")) notCounted.inquiries++;
				else notCounted.pending++;
				continue;
			}
			const row = stayRow(reservation, listing, date);
			const arriving = reservation.arrivalDate === date;
			const departing = reservation.departureDate === date;
			if (arriving || departing) {
				const moves = movesByListing.get(listing.id) ?? { out: [], in: [] };
				(arriving ? moves.in : moves.out).push(row);
				movesByListing.set(listing.id, moves);
			}
			if (owner) ownerStays.push({ ...row, movement: arriving ? "arriving" : departing ? "departing" : "staying" });
			else if (arriving) arrivals.push(row);
			else if (departing) departures.push(row);
			else inHouse.push(row);
		}

		const ownerIds = new Set(ownerStays.map((row) => row.bookingId));
		const turnovers: z.infer<typeof turnoverSchema>[] = [];
		for (const [listingId, moves] of movesByListing) {
			const out = moves.out[0];
			const arriving = moves.in[0];
			if (!out || !arriving) continue;
			const checkOutHour = hourOf(out.checkOut);
			const checkInHour = hourOf(arriving.checkIn);
			turnovers.push({
				listingId,
				listingName: out.listingName,
				date: out.date,
				departingBookingId: out.bookingId,
				departingGuest: out.guestName,
				checkOut: out.checkOut,
				departingIsOwnerStay: ownerIds.has(out.bookingId),
				arrivingBookingId: arriving.bookingId,
				arrivingGuest: arriving.guestName,
				checkIn: arriving.checkIn,
				arrivingIsOwnerStay: ownerIds.has(arriving.bookingId),
				hoursToTurnOver: checkOutHour !== null && checkInHour !== null ? checkInHour - checkOutHour : null,
			});
		}

		// Out of time for the inbox, the briefing still answers with its stays; the unanswered section says it is unread.
		const scan = await scanConversations(client, CONVERSATION_PAGES).catch((error: unknown) => {
			if (!isOutOfTime(error)) throw error;
			return { conversations: [], total: null, complete: false };
		});
		const inbox = buildInbox(scan, portfolio.listings, context.businessNow, { includeAll: false, withinDays: UNANSWERED_WITHIN_DAYS });
		const waiting = inbox.rows.filter((row) => row.guestSpokeLast);

		const byListingName = (a: { listingName: string; bookingId?: number }, b: { listingName: string; bookingId?: number }) =>
			a.listingName.localeCompare(b.listingName) || (a.bookingId ?? 0) - (b.bookingId ?? 0);
		const hints: string[] = [];
		const lastArrivalRead = reservations.reduce<string | null>(
			(latest, r) => (r.arrivalDate && (!latest || r.arrivalDate > latest) ? r.arrivalDate : latest),
			null,
		);
		if (!walk.complete)
			hints.push(
				`Stays arriving from ${lastArrivalRead ?? first} on were not all read: arrivals and turnovers may be missing, and every count ` +
					"covers only the reservations read. Call daily_briefing again in a few seconds: what was read stays cached for a minute, so the next call reads further.",
			);
		if (!portfolio.complete) hints.push("The portfolio has more listings than one briefing reads; some listings are missing.");
		if (!inbox.scanComplete)
			hints.push(
				`Unanswered guests come from the ${inbox.scanned} most recently active conversations; use list_conversations for the whole inbox.`,
			);
		const all = [arrivals, departures, inHouse, ownerStays, turnovers, waiting];
		if (all.some((rows) => rows.length > MAX_ROWS) || waiting.length > MAX_UNANSWERED)
			hints.push("Some sections were cut; each says how many rows it left out.");

		return {
			datesUsed: dates.map((date) => {
				const listings = portfolio.listings.filter((listing) => dateOf.get(listing.id) === date);
				return {
					date,
					listings: listings.length,
					timeZones: [...new Set(listings.map(listingTimeZone))].sort(),
				};
			}),
			dateRule: dateRule(explicit, input.date),
			arrivals: cut(arrivals.sort(byListingName), MAX_ROWS),
			departures: cut(departures.sort(byListingName), MAX_ROWS),
			turnovers: cut(turnovers.sort(byListingName), MAX_ROWS),
			inHouse: cut(inHouse.sort(byListingName), MAX_ROWS),
			ownerStays: cut(ownerStays.sort(byListingName), MAX_ROWS),
			unansweredGuests: cut(waiting, MAX_UNANSWERED),
			notCounted,
			complete: walk.complete && portfolio.complete && inbox.scanComplete,
			partial: walk.complete
				? undefined
				: {
						covered: reservations.length,
						total: walk.matching,
						unit: "reservations of the day",
						reason: walk.ended === "out-of-time" ? OUT_OF_TIME_REASON : "the day has more reservations than one briefing reads",
					},
			hint: hints.length > 0 ? hints.join(" ") : null,
		};
	},
	render(output) {
		const dates = output.datesUsed
			.map((entry) => `${entry.date} for ${entry.listings} listing(s) (${entry.timeZones.join(", ")})`)
			.join("; ");
		const lines = [`**Daily briefing** — ${output.dateRule}: ${dates}.`, UNTRUSTED_NOTICE];
		if (output.partial) lines.splice(1, 0, `${partialNotice(output.partial)} The counts below cover only those.`);
		const stays = (title: string, part: { count: number; rows: StayRow[]; notShown: number }, line: (row: StayRow) => string) => {
			lines.push("", `### ${title} (${part.count})`);
			if (part.count === 0) lines.push("None.");
			for (const row of part.rows) lines.push(line(row));
			if (part.notShown > 0) lines.push(`- … ${part.notShown} more`);
		};
		stays(
			"Arrivals",
			output.arrivals,
			(r) =>
				`- ${r.listingName} · ${r.guestName ?? "(no name)"} · ${party(r)} · check-in from ${r.checkIn ?? "?"} · until ${r.departure} (${r.nights ?? "?"} nights) · ${r.channel} · booking #${r.bookingId}`,
		);
		stays(
			"Departures",
			output.departures,
			(r) =>
				`- ${r.listingName} · ${r.guestName ?? "(no name)"} · ${party(r)} · check-out by ${r.checkOut ?? "?"} · ${r.channel} · booking #${r.bookingId}`,
		);
		lines.push("", `### Same-day turnovers (${output.turnovers.count})`);
		if (output.turnovers.count === 0) lines.push("None.");
		for (const t of output.turnovers.rows) {
			const window = t.hoursToTurnOver !== null ? ` — ${t.hoursToTurnOver} h to turn over` : "";
			lines.push(
				`- ${t.listingName} (${t.date}): ${t.departingGuest ?? "(no name)"}${t.departingIsOwnerStay ? " (owner)" : ""} leaves by ${t.checkOut ?? "?"}, ${t.arrivingGuest ?? "(no name)"}${t.arrivingIsOwnerStay ? " (owner)" : ""} arrives from ${t.checkIn ?? "?"}${window}`,
			);
		}
		if (output.turnovers.notShown > 0) lines.push(`- … ${output.turnovers.notShown} more`);
		stays(
			"In house",
			output.inHouse,
			(r) =>
				`- ${r.listingName} · ${r.guestName ?? "(no name)"} · ${party(r)} · ${r.arrival} → ${r.departure} · ${r.channel} · booking #${r.bookingId}`,
		);
		lines.push("", `### Owner stays (${output.ownerStays.count})`);
		if (output.ownerStays.count === 0) lines.push("None.");
		for (const r of output.ownerStays.rows)
			lines.push(`- ${r.listingName} · ${r.movement} · ${r.arrival} → ${r.departure} · booking #${r.bookingId}`);
		lines.push("", `### Guests waiting for an answer, last ${UNANSWERED_WITHIN_DAYS} days (${output.unansweredGuests.count})`);
		if (output.unansweredGuests.count === 0) lines.push("None.");
		for (const row of output.unansweredGuests.rows) lines.push(inboxLine(row));
		if (output.unansweredGuests.notShown > 0)
			lines.push(`- … ${output.unansweredGuests.notShown} more (list_conversations shows them all)`);
		const n = output.notCounted;
		if (n.cancelled + n.inquiries + n.pending > 0) {
			lines.push(
				"",
				`Not counted: ${n.cancelled} cancelled/declined, ${n.inquiries} inquiries, ${n.pending} pending requests on these days.`,
			);
		}
		if (output.hint) lines.push("", output.hint);
		return lines.join("\n");
	},
});

function stayRow(reservation: Reservation, listing: Listing, date: IsoDate): StayRow {
	return {
		bookingId: reservation.id,
		listingId: listing.id,
		listingName: listingName(listing),
		date,
		guestName: fenceUntrusted(guestDisplayName(reservation), SHORT_GUEST_TEXT),
		arrival: reservation.arrivalDate ?? "",
		departure: reservation.departureDate ?? "",
		nights: reservation.nights ?? null,
		guests: reservation.numberOfGuests ?? null,
		adults: reservation.adults ?? null,
		children: reservation.children ?? null,
		infants: reservation.infants ?? null,
		pets: reservation.pets ?? null,
		checkIn: hourText(reservation.checkInTime ?? listing.checkInTimeStart),
		checkOut: hourText(reservation.checkOutTime ?? listing.checkOutTime),
		channel: channelLabel(reservation.channelId, reservation.channelName),
		status: reservation.status ?? "",
	};
}

function hourText(hour: number | null | undefined): string | null {
	return hour === null || hour === undefined ? null : formatHour(hour);
}

function hourOf(text: string | null): number | null {
	return text === null ? null : Number(text.slice(0, 2));
}

function party(row: StayRow): string {
	const parts = [
		row.adults ? `${row.adults} adult(s)` : null,
		row.children ? `${row.children} child(ren)` : null,
		row.infants ? `${row.infants} infant(s)` : null,
		row.pets ? `${row.pets} pet(s)` : null,
	].filter(Boolean);
	return `${row.guests ?? "?"} guest(s)${parts.length > 0 ? ` (${parts.join(", ")})` : ""}`;
}

function cut<T>(rows: T[], max: number): { count: number; rows: T[]; notShown: number } {
	return { count: rows.length, rows: rows.slice(0, max), notShown: Math.max(0, rows.length - max) };
}

function dateRule(explicit: boolean, date: string | undefined): string {
	if (explicit) return "the date you gave, for every listing";
	const rule = todayRule({ kind: "each-listing" });
	return date === undefined ? rule : `"${date}" relative to ${rule}`;
}

function emptyBriefing(explicit: boolean, date: string | undefined) {
	const empty = { count: 0, rows: [], notShown: 0 };
	return {
		datesUsed: [],
		dateRule: dateRule(explicit, date),
		arrivals: empty,
		departures: empty,
		turnovers: empty,
		inHouse: empty,
		ownerStays: empty,
		unansweredGuests: empty,
		notCounted: { cancelled: 0, inquiries: 0, pending: 0 },
		complete: true,
		hint: "The account has no active listings.",
	};
}
