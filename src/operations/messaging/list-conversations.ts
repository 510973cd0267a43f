import { z } from "zod";
import { defineOperation } from "../operation";
import { countWithinBudget, cursorArgument, decodeCursor, encodeCursor, MAX_RESULT_CHARS } from "../pagination";
import { limitArgument } from "../shared/arguments";
import { loadAllListings } from "../shared/listings";
import { UNTRUSTED_NOTICE } from "../untrusted";
import { buildInbox, inboxRowSchema, MAX_CONVERSATION_PAGES, scanConversations, type InboxRow } from "./inbox";
import { formatWaiting, shortUtc } from "./times";

const DEFAULT_WITHIN_DAYS = 30;

export const listConversations = defineOperation({
	name: "list_conversations",
	title: "Guest inbox",
	description:
		"The guest inbox: conversations where the guest wrote last (waiting for an answer) or that have unread messages, " +
		"longest-waiting first, each with the booking's guest, listing, dates, status and channel, how long the guest has " +
		`been waiting, and the start of their last message. Only threads with guest activity in the last ${DEFAULT_WITHIN_DAYS} days ` +
		"unless withinDays says otherwise; includeAll lists every thread. Read a whole thread with get_message_history and " +
		"answer with send_guest_message.",
	input: z.strictObject({
		includeAll: z
			.boolean()
			.default(false)
			.describe("true: every conversation (waiting ones first, then the most recently active); false: only waiting or unread ones"),
		withinDays: z.coerce
			.number()
			.int()
			.min(1, { error: "withinDays must be at least 1" })
			.max(365, { error: "withinDays must be at most 365" })
			.default(DEFAULT_WITHIN_DAYS)
			.describe(
				`Only threads with activity (for waiting threads: the guest's last message) in the last N days (default ${DEFAULT_WITHIN_DAYS})`,
			),
		limit: limitArgument(20, 50),
		cursor: cursorArgument,
	}),
	output: z.object({
		asOf: z.string().describe("The moment waiting times are measured from (UTC)"),
		threads: z.array(inboxRowSchema),
		returned: z.number().int(),
		totalMatching: z.number().int().describe("Matching threads among the conversations read"),
		hasMore: z.boolean(),
		nextCursor: z.string().nullable(),
		olderThanWindow: z.number().int().describe("Threads that would match but are older than withinDays"),
		conversationsRead: z.number().int(),
		conversationsInAccount: z.number().int().nullable(),
		scanComplete: z.boolean().describe("False when the account has more conversations than were read (the oldest were not checked)"),
		hint: z.string().nullable(),
	}),
	annotations: { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: true },
	async handler(input, context) {
		const filters = { includeAll: input.includeAll, withinDays: input.withinDays };
		const offset = decodeCursor(input.cursor, filters);
		const client = context.hostaway();
		const { listings } = await loadAllListings(client, { includeArchived: true });
		const scan = await scanConversations(client);
		const inbox = buildInbox(scan, listings, context.businessNow, filters);

		const candidates = inbox.rows.slice(offset, offset + input.limit);
		const fitting = candidates.slice(0, countWithinBudget(candidates, MAX_RESULT_CHARS - 3_000));
		const next = offset + fitting.length;
		const hasMore = next < inbox.rows.length;
		const hints: string[] = [];
		if (hasMore) {
			hints.push(
				`${inbox.rows.length - next} more matching thread(s)${fitting.length < candidates.length ? " (cut to keep the result short)" : ""}: pass nextCursor to continue.`,
			);
		}
		if (!inbox.scanComplete) {
			hints.push(
				`Only the ${inbox.scanned} most recently active of ${inbox.total ?? "more"} conversations were read (${MAX_CONVERSATION_PAGES} pages); older threads were not checked.`,
			);
		}
		if (inbox.olderThanWindow > 0) {
			hints.push(`${inbox.olderThanWindow} thread(s) older than ${input.withinDays} days left out; raise withinDays to see them.`);
		}
		return {
			asOf: context.businessNow.toISOString(),
			threads: fitting,
			returned: fitting.length,
			totalMatching: inbox.rows.length,
			hasMore,
			nextCursor: hasMore ? encodeCursor(next, filters) : null,
			olderThanWindow: inbox.olderThanWindow,
			conversationsRead: inbox.scanned,
			conversationsInAccount: inbox.total,
			scanComplete: inbox.scanComplete,
			hint: hints.length > 0 ? hints.join(" ") : null,
		};
	},
	render(output) {
		if (output.threads.length === 0) {
			const none = output.totalMatching === 0 ? "No guest is waiting for an answer and no thread is unread." : "No more threads.";
			return [none, output.hint].filter(Boolean).join(" ");
		}
		const waiting = output.threads.filter((row) => row.guestSpokeLast).length;
		const lines = [
			`**Inbox** as of ${shortUtc(output.asOf)}: ${output.totalMatching} thread(s) listed; ${waiting} of the ${output.returned} shown wait for an answer.`,
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
