import { z } from "zod";
import type { Listing } from "../../hostaway";
import { defineOperation } from "../operation";
import { countWithinBudget, cursorArgument, decodePositionCursor, encodePositionCursor, MAX_RESULT_CHARS } from "../pagination";
import { isOutOfTime, OUT_OF_TIME_REASON, type PartialAnswer, partialNotice, partialSchema } from "../partial-answers";
import { limitArgument } from "../shared/arguments";
import { loadAllListings } from "../shared/listings";
import { UNTRUSTED_NOTICE } from "../untrusted";
import { buildInbox, type ConversationWindow, inboxRowSchema, inboxWindowStart, readConversationWindow, type InboxRow } from "./inbox";
import { formatWaiting, shortUtc } from "./times";

const DEFAULT_WITHIN_DAYS = 30;
const CONVERSATIONS_UNIT = "conversations (the most recently active first)";

/**
 * Where a walk through the inbox stands. An answer ranks the conversations at offsets
 * [from, to) of Hostaway's list (most recently active first): all of the window when time
 * allowed, else the part read before the answer was due. `upTo` fixes that part for the
 * following pages of the same ranking (`skip` rows already shown); the part after it starts a
 * new ranking at `from: upTo`.
 */
const positionSchema = z.object({
	from: z.number().int().min(0),
	upTo: z.number().int().min(0).nullable(),
	skip: z.number().int().min(0),
});
type Position = z.infer<typeof positionSchema>;

export const listConversations = defineOperation({
	name: "list_conversations",
	title: "Guest inbox",
	description:
		"The guest inbox, ranked by who needs an answer: first threads where the guest wrote last and the host has not replied " +
		"since (guestSpokeLast), most recent guest message first; then the others (unread, or with includeAll every thread), most " +
		"recently active first. Each with the booking's guest, listing, dates, status, channel, how long the guest has waited, " +
		`and the start of their last message. Threads active in the last ${DEFAULT_WITHIN_DAYS} days unless withinDays says ` +
		"otherwise. Read a thread with get_message_history, answer with send_guest_message. A new guest message shows at once " +
		"with Hostaway's message webhook set up, else within a minute (cache).",
	input: z.strictObject({
		includeAll: z.boolean().default(false).describe("true: every conversation; false: only those needing an answer or unread"),
		withinDays: z.coerce
			.number()
			.int()
			.min(1, { error: "withinDays must be at least 1" })
			.max(365, { error: "withinDays must be at most 365" })
			.default(DEFAULT_WITHIN_DAYS)
			.describe("Only threads active in the last N days (waiting threads: by the guest's last message)"),
		limit: limitArgument(20, 50),
		cursor: cursorArgument,
	}),
	output: z.object({
		asOf: z.string().describe("The moment waiting times are measured from (UTC)"),
		threads: z.array(inboxRowSchema),
		returned: z.number().int(),
		totalMatching: z.number().int().describe("Matching threads among the conversations this answer ranks"),
		hasMore: z.boolean(),
		nextCursor: z.string().nullable(),
		olderThanWindow: z.number().int().describe("Matching threads older than withinDays, among the conversations read"),
		conversationsRead: z.number().int().describe("Conversations this answer ranks"),
		conversationsInAccount: z.number().int().nullable(),
		scanComplete: z.boolean().describe("False when not every conversation of the window was read (see partial)"),
		partial: partialSchema.optional(),
		hint: z.string().nullable(),
	}),
	annotations: { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: true },
	async handler(input, context) {
		const filters = { includeAll: input.includeAll, withinDays: input.withinDays };
		const position: Position = decodePositionCursor(input.cursor, positionSchema, filters) ?? { from: 0, upTo: null, skip: 0 };
		const client = context.hostaway();
		const cursorFor = (next: Position) => encodePositionCursor(next, filters);

		let listings: Listing[] = [];
		let read: ConversationWindow;
		try {
			({ listings } = await loadAllListings(client, { includeArchived: true }, context.progress));
			read = await readConversationWindow(client, context, {
				from: position.from,
				upTo: position.upTo,
				windowStartMs: inboxWindowStart(context.businessNow, input.withinDays),
			});
		} catch (error) {
			if (!isOutOfTime(error)) throw error;
			read = { conversations: [], total: null, complete: false, from: position.from, to: position.from, outOfTime: true };
		}
		// Nothing read, or a part ranked before could not be read again whole: its ranking (and
		// `skip`) would not hold, so this answer shows nothing and the same cursor tries again.
		const cutShort = read.outOfTime && (read.to === read.from || position.upTo !== null);
		if (cutShort) {
			const partial = {
				covered: position.from,
				total: read.total,
				unit: CONVERSATIONS_UNIT,
				reason: OUT_OF_TIME_REASON,
				nextCursor: cursorFor(position),
			};
			return {
				asOf: context.businessNow.toISOString(),
				threads: [],
				returned: 0,
				totalMatching: 0,
				hasMore: true,
				nextCursor: partial.nextCursor,
				olderThanWindow: 0,
				conversationsRead: 0,
				conversationsInAccount: read.total,
				scanComplete: false,
				partial,
				hint: null,
			};
		}

		const inbox = buildInbox(read, listings, context.businessNow, { ...filters, order: "needs-answer-newest-first" });
		const candidates = inbox.rows.slice(position.skip, position.skip + input.limit);
		const fitting = candidates.slice(0, countWithinBudget(candidates, MAX_RESULT_CHARS - 3_000));
		const shown = position.skip + fitting.length;
		let next: Position | null = null;
		if (shown < inbox.rows.length) next = { from: read.from, upTo: read.to, skip: shown };
		else if (!read.complete) next = { from: read.to, upTo: null, skip: 0 };
		const nextCursor = next ? cursorFor(next) : null;
		const partial: PartialAnswer | undefined = read.complete
			? undefined
			: { covered: read.to, total: read.total, unit: CONVERSATIONS_UNIT, reason: OUT_OF_TIME_REASON, nextCursor: nextCursor ?? undefined };

		const hints: string[] = [];
		if (shown < inbox.rows.length) {
			hints.push(
				`${inbox.rows.length - shown} more matching thread(s)${fitting.length < candidates.length ? " (cut to keep the result short)" : ""}: pass nextCursor to continue.`,
			);
		}
		if (partial) {
			hints.push(
				`This answer ranks conversations ${read.from + 1}–${read.to} (the most recently active first); after its threads, nextCursor reads older conversations and ranks them on their own.`,
			);
		} else if (read.from > 0) {
			hints.push(`This answer ranks the conversations from number ${read.from + 1} on (earlier ones came in earlier answers).`);
		}
		if (inbox.olderThanWindow > 0) {
			hints.push(`${inbox.olderThanWindow} thread(s) older than ${input.withinDays} days left out; raise withinDays to see them.`);
		}
		return {
			asOf: context.businessNow.toISOString(),
			threads: fitting,
			returned: fitting.length,
			totalMatching: inbox.rows.length,
			hasMore: next !== null,
			nextCursor,
			olderThanWindow: inbox.olderThanWindow,
			conversationsRead: inbox.scanned,
			conversationsInAccount: inbox.total,
			scanComplete: inbox.scanComplete,
			...(partial ? { partial } : {}),
			hint: hints.length > 0 ? hints.join(" ") : null,
		};
	},
	render(output) {
		const notice = output.partial ? [partialNotice(output.partial)] : [];
		if (output.threads.length === 0) {
			const none =
				output.totalMatching > 0
					? "No more threads."
					: output.partial
						? "No thread among the conversations read needs an answer or is unread."
						: "No guest is waiting for an answer and no thread is unread.";
			return [...notice, [none, output.hint].filter(Boolean).join(" ")].join("\n\n");
		}
		const waiting = output.threads.filter((row) => row.guestSpokeLast).length;
		const lines = [
			...notice,
			`**Inbox** as of ${shortUtc(output.asOf)}: ${output.totalMatching} thread(s) listed; ${waiting} of the ${output.returned} shown need an answer.`,
			UNTRUSTED_NOTICE,
			"",
			...output.threads.map(inboxLine),
		];
		if (output.hint) lines.push("", output.hint);
		return lines.join("\n");
	},
});

export function inboxLine(row: InboxRow): string {
	const state = row.guestSpokeLast
		? `waiting ${formatWaiting(row.waitingMinutes)}`
		: row.unread
			? "unread (host answered last)"
			: "answered";
	const stay = row.arrival ? `${row.arrival} → ${row.departure}` : "no dates";
	const booking = row.bookingId !== null ? `booking #${row.bookingId}` : "no booking";
	const head = `- **${state}** · conversation ${row.conversationId} · ${row.guestName ?? "(no name)"} · ${row.listingName ?? `listing ${row.listingId}`} · ${stay} · ${booking} (${row.bookingStatus ?? "?"} via ${row.channel ?? "?"})`;
	return row.lastGuestMessage ? `${head}\n  Last guest message ${shortUtc(row.lastGuestMessageAt)}: ${row.lastGuestMessage}` : head;
}
