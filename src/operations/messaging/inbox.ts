/**
 * The inbox: which guest threads wait for the host. Used by list_conversations and by the
 * daily briefing's "unanswered guests".
 *
 * A thread **needs an answer** when the guest wrote last and the host has not replied since
 * (threadState: its last incoming message, `messageReceivedOn`, is newer than its last outgoing
 * one, `messageSentOn`, or, when those times do not say, the latest message Hostaway embeds is
 * incoming). Unread threads (`hasUnreadMessages`) are shown too, flagged, even when the host
 * already answered.
 *
 * Everything comes from `GET /conversations` pages, which embed the reservation
 * (`Reservation`) and the latest message: no per-thread calls. Hostaway lists the most
 * recently active conversations first, so a walk can stop at the first page that lies wholly
 * before the window asked about. Walks are bounded (a page count, or the call's deadline);
 * results say when they stopped early.
 */
import { z } from "zod";
import type { Conversation, HostawayClient, Listing } from "../../hostaway";
import type { OperationContext } from "../operation";
import { isOutOfTime, pastDeadline } from "../partial-answers";
import { reportPage } from "../progress";
import { fenceUntrusted, SHORT_GUEST_TEXT } from "../untrusted";
import { threadContext } from "./threads";
import { isoUtc, parseHostawayTime } from "./times";

const CONVERSATION_PAGE_SIZE = 100;
/** Conversations read for one inbox question (Hostaway lists the most recently active first). */
export const MAX_CONVERSATION_PAGES = 5;

export interface ConversationScan {
	conversations: Conversation[];
	/** Hostaway's count of all conversations, when it sent one. */
	total: number | null;
	/** False when more conversations exist than were read. */
	complete: boolean;
}

export async function scanConversations(client: HostawayClient, maxPages = MAX_CONVERSATION_PAGES): Promise<ConversationScan> {
	const conversations: Conversation[] = [];
	let total: number | null = null;
	for (let page = 0; page < maxPages; page++) {
		const offset = page * CONVERSATION_PAGE_SIZE;
		const result = await client.listConversations({ limit: CONVERSATION_PAGE_SIZE, offset, includeResources: true });
		conversations.push(...result.items);
		total = result.count ?? total;
		const lastPage =
			result.items.length < CONVERSATION_PAGE_SIZE || (result.count !== null && offset + CONVERSATION_PAGE_SIZE >= result.count);
		if (lastPage) return { conversations, total, complete: true };
	}
	return { conversations, total, complete: false };
}

export interface ConversationWindow extends ConversationScan {
	/** Offsets in Hostaway's order (most recently active first) of the first conversation read and just past the last. */
	from: number;
	to: number;
	/** The walk stopped because the answer was due (or the rate budget refused a turn), not at an end. */
	outOfTime: boolean;
}

/**
 * Reads conversation pages from offset `from`, most recently active first, until the list
 * ends, a page lies wholly before `windowStartMs` (everything after it is older still: the
 * window is complete), offset `upTo` is reached (a part read by an earlier call, read again),
 * or the call's time runs out. `complete` says an end (of the list or the window) was reached.
 */
export async function readConversationWindow(
	client: HostawayClient,
	context: Pick<OperationContext, "deadline"> & Partial<Pick<OperationContext, "progress">>,
	range: { from: number; upTo: number | null; windowStartMs: number },
): Promise<ConversationWindow> {
	const conversations: Conversation[] = [];
	let total: number | null = null;
	let offset = range.from;
	while (range.upTo === null || offset < range.upTo) {
		if (pastDeadline(context)) return { conversations, total, complete: false, from: range.from, to: offset, outOfTime: true };
		let page: Awaited<ReturnType<HostawayClient["listConversations"]>>;
		try {
			page = await client.listConversations({ limit: CONVERSATION_PAGE_SIZE, offset, includeResources: true });
		} catch (error) {
			if (!isOutOfTime(error)) throw error;
			return { conversations, total, complete: false, from: range.from, to: offset, outOfTime: true };
		}
		conversations.push(...page.items);
		total = page.count ?? total;
		if (context.progress) {
			reportPage(context.progress, "conversations", {
				done: (offset - range.from) / CONVERSATION_PAGE_SIZE + 1,
				pageSize: CONVERSATION_PAGE_SIZE,
				count: page.count === null ? null : page.count - range.from,
				maxPages: range.upTo === null ? Infinity : Math.ceil((range.upTo - range.from) / CONVERSATION_PAGE_SIZE),
			});
		}
		const listEnds = page.items.length < CONVERSATION_PAGE_SIZE || (page.count !== null && offset + CONVERSATION_PAGE_SIZE >= page.count);
		const windowEnds =
			page.items.length > 0 &&
			page.items.every((conversation) => (threadState(conversation).lastActivityMs ?? Infinity) < range.windowStartMs);
		offset += page.items.length;
		if (listEnds || windowEnds) return { conversations, total, complete: true, from: range.from, to: offset, outOfTime: false };
	}
	return { conversations, total, complete: false, from: range.from, to: offset, outOfTime: false };
}

export interface ThreadState {
	/** The thread needs an answer: the guest wrote last and no host reply since. */
	guestSpokeLast: boolean;
	unread: boolean;
	lastGuestMessageMs: number | null;
	lastHostMessageMs: number | null;
	/** The later of the two: when anything last happened in the thread. */
	lastActivityMs: number | null;
}

export function threadState(conversation: Conversation): ThreadState {
	const received = parseHostawayTime(conversation.messageReceivedOn);
	const sent = parseHostawayTime(conversation.messageSentOn);
	const latest = conversation.conversationMessages[0];
	let guestSpokeLast: boolean;
	if (received !== null && sent !== null && received !== sent) guestSpokeLast = received > sent;
	else if (received !== null && sent === null) guestSpokeLast = true;
	else guestSpokeLast = latest?.isIncoming === true;
	const activity = [received, sent].filter((ms): ms is number => ms !== null);
	return {
		guestSpokeLast,
		unread: conversation.hasUnreadMessages === true,
		lastGuestMessageMs: received,
		lastHostMessageMs: sent,
		lastActivityMs: activity.length > 0 ? Math.max(...activity) : null,
	};
}

export const inboxRowSchema = z.object({
	conversationId: z.number().int().describe("Use with get_message_history or send_guest_message"),
	bookingId: z.number().int().nullable().describe("Hostaway reservation id of the thread's booking"),
	guestName: z.string().nullable().describe("Untrusted guest text, fenced"),
	listingId: z.number().int().nullable(),
	listingName: z.string().nullable(),
	arrival: z.string().nullable(),
	departure: z.string().nullable(),
	bookingStatus: z.string().nullable(),
	channel: z.string().nullable().describe("The booking's channel"),
	guestSpokeLast: z.boolean().describe("The guest wrote after the host's last message: they are waiting for an answer"),
	unread: z.boolean().describe("Hostaway marks the thread as having unread messages"),
	lastGuestMessageAt: z.string().nullable().describe("UTC, ISO 8601"),
	lastHostMessageAt: z.string().nullable().describe("UTC, ISO 8601"),
	waitingMinutes: z.number().int().nullable().describe("Minutes since the guest's last message, when the guest spoke last"),
	lastGuestMessage: z
		.string()
		.nullable()
		.describe(
			"Start of the guest's latest message as written, escaped and fenced as untrusted; null when the latest message is the host's",
		),
});
export type InboxRow = z.infer<typeof inboxRowSchema>;

export function toInboxRow(
	conversation: Conversation,
	state: ThreadState,
	listingsById: ReadonlyMap<number, Listing>,
	now: Date,
): InboxRow {
	// The booking Hostaway embeds in the conversation page: no per-thread reads.
	const { bookingChannel, ...thread } = threadContext({ conversation, reservation: conversation.Reservation }, listingsById);
	const latest = conversation.conversationMessages[0];
	return {
		...thread,
		channel: bookingChannel,
		guestSpokeLast: state.guestSpokeLast,
		unread: state.unread,
		lastGuestMessageAt: isoUtc(state.lastGuestMessageMs),
		lastHostMessageAt: isoUtc(state.lastHostMessageMs),
		waitingMinutes:
			state.guestSpokeLast && state.lastGuestMessageMs !== null
				? Math.max(0, Math.floor((now.getTime() - state.lastGuestMessageMs) / 60_000))
				: null,
		// The start of the message exactly as written (get_message_history shows it whole).
		lastGuestMessage: latest?.isIncoming === true && latest.body ? fenceUntrusted(latest.body, SHORT_GUEST_TEXT) : null,
	};
}

export interface InboxOptions {
	/** Every thread, not only those waiting or unread. */
	includeAll: boolean;
	/** Only threads whose relevant activity is this recent (guest message for waiting threads). */
	withinDays: number;
	order?: InboxOrder;
}

export interface Inbox {
	rows: InboxRow[];
	/** Threads that would match but whose activity is older than the window. */
	olderThanWindow: number;
	scanned: number;
	total: number | null;
	scanComplete: boolean;
}

/** The earliest activity an inbox of the last `withinDays` days looks at. */
export function inboxWindowStart(now: Date, withinDays: number): number {
	return now.getTime() - withinDays * 86_400_000;
}

/**
 * How an inbox is ranked. `needs-answer-newest-first` (list_conversations): threads that need an
 * answer first, the most recent guest message first, then every other thread by its latest
 * activity, newest first. `longest-waiting-first` (the daily briefing): waiting threads, the
 * longest waiting first, then unread ones (oldest guest message first), then the rest, most
 * recently active first.
 */
export type InboxOrder = "needs-answer-newest-first" | "longest-waiting-first";

/** A sort key: rank first, then key ascending, then conversation id. */
function rankOf(state: ThreadState, order: InboxOrder): { rank: number; key: number } {
	if (order === "needs-answer-newest-first") {
		return state.guestSpokeLast ? { rank: 0, key: -(state.lastGuestMessageMs ?? 0) } : { rank: 1, key: -(state.lastActivityMs ?? 0) };
	}
	if (state.guestSpokeLast) return { rank: 0, key: state.lastGuestMessageMs ?? 0 };
	if (state.unread) return { rank: 1, key: state.lastGuestMessageMs ?? 0 };
	return { rank: 2, key: -(state.lastActivityMs ?? 0) };
}

/** The inbox in `options.order` (by default longest-waiting-first). */
export function buildInbox(scan: ConversationScan, listings: readonly Listing[], now: Date, options: InboxOptions): Inbox {
	const listingsById = new Map(listings.map((listing) => [listing.id, listing]));
	const windowStart = inboxWindowStart(now, options.withinDays);
	const ranked: { row: InboxRow; rank: number; key: number }[] = [];
	let olderThanWindow = 0;
	for (const conversation of scan.conversations) {
		const state = threadState(conversation);
		const needsHost = state.guestSpokeLast || state.unread;
		if (!needsHost && !options.includeAll) continue;
		const relevantMs = needsHost ? (state.lastGuestMessageMs ?? state.lastActivityMs) : state.lastActivityMs;
		if (relevantMs !== null && relevantMs < windowStart) {
			olderThanWindow++;
			continue;
		}
		ranked.push({ row: toInboxRow(conversation, state, listingsById, now), ...rankOf(state, options.order ?? "longest-waiting-first") });
	}
	ranked.sort((a, b) => a.rank - b.rank || a.key - b.key || a.row.conversationId - b.row.conversationId);
	return {
		rows: ranked.map((entry) => entry.row),
		olderThanWindow,
		scanned: scan.conversations.length,
		total: scan.total,
		scanComplete: scan.complete,
	};
}
