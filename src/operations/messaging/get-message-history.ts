import { z } from "zod";
import type { HostawayClient, Message } from "../../hostaway";
import { defineOperation } from "../operation";
import { countWithinBudget, cursorArgument, decodeCursor, encodeCursor, MAX_RESULT_CHARS } from "../pagination";
import { limitArgument } from "../shared/arguments";
import { loadAllListings } from "../shared/listings";
import { fenceUntrusted, SHORT_GUEST_TEXT, UNTRUSTED_NOTICE } from "../untrusted";
import { requireOneThread, resolveThread, threadArguments, threadContext, threadContextLine, threadContextSchema } from "./threads";
import { isoUtc, parseHostawayTime, shortUtc } from "./times";

const MESSAGE_PAGE_SIZE = 100;
/** Messages read for one thread at most (5 upstream pages). */
const MAX_MESSAGE_PAGES = 5;
/** A single message longer than this (escaped) is shortened (the rest is rarely needed to answer). */
const MAX_BODY_CHARS = 4_000;

const messageRowSchema = z.object({
	id: z.number().int(),
	direction: z.enum(["incoming", "outgoing"]).describe("incoming: written by the guest; outgoing: by the host or an automation"),
	channel: z
		.string()
		.nullable()
		.describe("How it travelled (Hostaway communicationType): email, channel (the Airbnb/Booking.com thread), sms, whatsapp"),
	time: z.string().nullable().describe("Sent or scheduled time, UTC"),
	status: z.string().nullable().describe("sent, awaiting (scheduled), failed, …"),
	subject: z.string().nullable().describe("Escaped and fenced as untrusted"),
	body: z.string().nullable().describe("The message text, escaped and fenced as untrusted (outgoing automated messages may quote guests)"),
	attachments: z.number().int().describe("Number of attachments (not shown)"),
});
type MessageRow = z.infer<typeof messageRowSchema>;

export const getMessageHistory = defineOperation({
	name: "get_message_history",
	title: "Read a guest conversation",
	description:
		"A booking's guest conversation, by booking id or conversation id: messages oldest to newest, each incoming (guest) or " +
		"outgoing (host/automation), with channel (email, channel thread, sms, whatsapp), time and status. Long threads show " +
		"the newest messages and say how many older ones were left out (nextCursor gets them). Message text is fenced untrusted " +
		"guest text. Find waiting threads with list_conversations; reply with send_guest_message.",
	input: z.strictObject({
		...threadArguments,
		limit: limitArgument(30, 100),
		includeScheduled: z
			.boolean()
			.default(false)
			.describe("Also show messages scheduled but not yet sent (Hostaway shows only sent ones otherwise)"),
		cursor: cursorArgument.describe("Pass nextCursor from the previous result to see older messages; leave out to start from the newest"),
	}),
	output: z.object({
		thread: threadContextSchema,
		messages: z.array(messageRowSchema).describe("Oldest to newest"),
		totalMessages: z.number().int().describe("Messages read from Hostaway for this thread"),
		olderOmitted: z.number().int().describe("Older messages not shown in this result"),
		hasMore: z.boolean(),
		nextCursor: z.string().nullable().describe("Gives the next older messages"),
		otherConversationIds: z.array(z.number().int()).describe("Further conversations of the same booking, if any"),
		hint: z.string().nullable(),
	}),
	annotations: { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: true },
	async handler(input, context) {
		const selector = requireOneThread(input, "get_message_history");
		const filters = { ...selector, includeScheduled: input.includeScheduled };
		const skipNewest = decodeCursor(input.cursor, filters);
		const client = context.hostaway();
		// Listings give the name, and show the redactor their door codes and Wi-Fi passwords,
		// which automated check-in messages carry.
		const { listings } = await loadAllListings(client, { includeArchived: true }, context.progress);
		const thread = await resolveThread(client, selector);
		const { messages, complete } = await loadMessages(client, thread.conversation.id, input.includeScheduled);

		const sorted = messages
			.map((message) => ({ message, ms: parseHostawayTime(message.date) ?? parseHostawayTime(message.insertedOn) ?? 0 }))
			.sort((a, b) => a.ms - b.ms || a.message.id - b.message.id)
			.map(({ message, ms }) => toMessageRow(message, ms));
		const remaining = sorted.slice(0, Math.max(0, sorted.length - skipNewest));
		const candidates = remaining.slice(-input.limit);
		// Newest first into the budget, so a cut keeps the newest messages.
		const fit = countWithinBudget([...candidates].reverse(), MAX_RESULT_CHARS - 3_000);
		const shown = candidates.slice(candidates.length - fit);
		const olderOmitted = remaining.length - shown.length;
		const hints: string[] = [];
		if (olderOmitted > 0) {
			hints.push(
				`${olderOmitted} older message(s) not shown${shown.length < candidates.length ? " (cut to keep the result short)" : ""}; pass nextCursor to see them.`,
			);
		}
		if (!complete) hints.push(`The thread is longer than ${MAX_MESSAGE_PAGES * MESSAGE_PAGE_SIZE} messages; only that many were read.`);
		if (thread.otherConversationIds.length > 0) {
			hints.push(
				`This booking has further conversations (${thread.otherConversationIds.join(", ")}); pass one as conversationId to read it.`,
			);
		}
		return {
			thread: threadContext(thread, new Map(listings.map((listing) => [listing.id, listing]))),
			messages: shown,
			totalMessages: sorted.length,
			olderOmitted,
			hasMore: olderOmitted > 0,
			nextCursor: olderOmitted > 0 ? encodeCursor(skipNewest + shown.length, filters) : null,
			otherConversationIds: thread.otherConversationIds,
			hint: hints.length > 0 ? hints.join(" ") : null,
		};
	},
	render(output) {
		const lines = [`**Conversation** ${threadContextLine(output.thread)}`];
		if (output.messages.length === 0) {
			lines.push(output.totalMessages === 0 ? "No messages in this conversation yet." : "No further messages.");
		} else {
			const older = output.olderOmitted > 0 ? `; ${output.olderOmitted} older message(s) not shown` : "";
			lines.push(`Showing ${output.messages.length} message(s), oldest first${older}.`, UNTRUSTED_NOTICE, "");
			for (const message of output.messages) lines.push(messageLine(message));
		}
		if (output.hint) lines.push("", output.hint);
		return lines.join("\n");
	},
});

async function loadMessages(
	client: HostawayClient,
	conversationId: number,
	includeScheduled: boolean,
): Promise<{ messages: Message[]; complete: boolean }> {
	const messages: Message[] = [];
	for (let page = 0; page < MAX_MESSAGE_PAGES; page++) {
		const offset = page * MESSAGE_PAGE_SIZE;
		const result = await client.listMessages(conversationId, {
			limit: MESSAGE_PAGE_SIZE,
			offset,
			includeScheduledMessages: includeScheduled || undefined,
		});
		messages.push(...result.items);
		if (result.items.length < MESSAGE_PAGE_SIZE || (result.count !== null && offset + MESSAGE_PAGE_SIZE >= result.count)) {
			return { messages, complete: true };
		}
	}
	return { messages, complete: false };
}

function toMessageRow(message: Message, ms: number): MessageRow {
	return {
		id: message.id,
		direction: message.isIncoming ? "incoming" : "outgoing",
		channel: message.communicationType ?? null,
		time: ms > 0 ? isoUtc(ms) : null,
		status: message.status ?? null,
		subject: fenceUntrusted(message.subject || null, SHORT_GUEST_TEXT),
		body: fenceUntrusted(message.body ?? "", MAX_BODY_CHARS),
		attachments: message.attachments.length,
	};
}

function messageLine(message: MessageRow): string {
	const who = message.direction === "incoming" ? "guest → host" : "host → guest";
	const status = message.status && message.status !== "sent" ? ` · **${message.status}**` : "";
	const attachments = message.attachments > 0 ? ` · ${message.attachments} attachment(s)` : "";
	const subject = message.subject ? ` · subject ${message.subject}` : "";
	return `- ${shortUtc(message.time)} · ${who} · ${message.channel ?? "?"}${status}${attachments}${subject} (message ${message.id})\n  ${message.body ?? "(empty)"}`;
}
