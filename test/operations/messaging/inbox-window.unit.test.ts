/**
 * readConversationWindow: reads Hostaway's conversation pages (most recently active first) until
 * the list ends, a page lies wholly before the window, a part read before is read again, or the
 * answer is due; buildInbox's list_conversations order: threads that need an answer first,
 * newest guest message first, then the rest by latest activity.
 */
import { describe, expect, it } from "vitest";
import type { Conversation, HostawayClient } from "../../../src/hostaway";
import { HostawayRateLimitedError } from "../../../src/hostaway/errors";
import { buildInbox, readConversationWindow } from "../../../src/operations/messaging/inbox";

const NOW = Date.parse("2026-06-15T12:00:00Z");
const DAY = 86_400_000;
const later = { deadline: Date.now() + 60_000 };

/** "YYYY-MM-DD HH:MM:SS" (UTC), as Hostaway writes times. */
function hostawayTime(ms: number): string {
	return new Date(ms).toISOString().slice(0, 19).replace("T", " ");
}

/** A conversation whose guest last wrote `receivedDaysAgo` and host `sentDaysAgo` days ago. */
function conversation(id: number, receivedDaysAgo: number, sentDaysAgo: number, unread = false): Conversation {
	return {
		id,
		messageReceivedOn: hostawayTime(NOW - receivedDaysAgo * DAY),
		messageSentOn: hostawayTime(NOW - sentDaysAgo * DAY),
		hasUnreadMessages: unread ? 1 : 0,
		conversationMessages: [],
		Reservation: null,
	} as unknown as Conversation;
}

/** A client whose conversation list is `all` (already in Hostaway's order), paged by 100; `refuseFrom` refuses that offset on. */
function fakeClient(all: Conversation[], refuseFrom = Infinity): { client: HostawayClient; offsets: number[] } {
	const offsets: number[] = [];
	const client = {
		async listConversations(input: { limit: number; offset: number }) {
			if (input.offset >= refuseFrom) throw new HostawayRateLimitedError("no turn before the answer is due", 5);
			offsets.push(input.offset);
			const items = all.slice(input.offset, input.offset + input.limit);
			return { items, count: all.length, limit: input.limit, offset: input.offset, page: null, totalPages: null };
		},
	} as unknown as HostawayClient;
	return { client, offsets };
}

/** `n` conversations, the i-th active i/10 days ago (most recent first, as Hostaway lists them). */
function byActivity(n: number): Conversation[] {
	return Array.from({ length: n }, (_, i) => conversation(1000 + i, i / 10, i / 10 + 0.01));
}

describe("readConversationWindow", () => {
	it("reads to the end of the list", async () => {
		const { client, offsets } = fakeClient(byActivity(250));
		const read = await readConversationWindow(client, later, { from: 0, upTo: null, windowStartMs: NOW - 365 * DAY });
		expect(offsets).toEqual([0, 100, 200]);
		expect(read).toMatchObject({ complete: true, outOfTime: false, from: 0, to: 250, total: 250 });
		expect(read.conversations).toHaveLength(250);
	});

	it("stops after the first page that lies wholly before the window: the rest is older still", async () => {
		// Activity i/10 days ago: the window of 12 days ends inside the second page (i = 120), the third page is wholly older.
		const { client, offsets } = fakeClient(byActivity(500));
		const read = await readConversationWindow(client, later, { from: 0, upTo: null, windowStartMs: NOW - 12 * DAY });
		expect(offsets).toEqual([0, 100, 200]);
		expect(read).toMatchObject({ complete: true, outOfTime: false, to: 300 });
	});

	it("stops when a turn is refused, marking what it read as cut short by time", async () => {
		const { client, offsets } = fakeClient(byActivity(500), 200);
		const read = await readConversationWindow(client, later, { from: 0, upTo: null, windowStartMs: NOW - 365 * DAY });
		expect(offsets).toEqual([0, 100]);
		expect(read).toMatchObject({ complete: false, outOfTime: true, from: 0, to: 200, total: 500 });
	});

	it("reads nothing once the answer is due", async () => {
		const { client, offsets } = fakeClient(byActivity(500));
		const read = await readConversationWindow(client, { deadline: Date.now() - 1 }, { from: 100, upTo: null, windowStartMs: 0 });
		expect(offsets).toEqual([]);
		expect(read).toMatchObject({ complete: false, outOfTime: true, from: 100, to: 100 });
	});

	it("reads a part read before up to where it ended, and no further", async () => {
		const { client, offsets } = fakeClient(byActivity(500));
		const read = await readConversationWindow(client, later, { from: 100, upTo: 300, windowStartMs: NOW - 365 * DAY });
		expect(offsets).toEqual([100, 200]);
		expect(read).toMatchObject({ complete: false, outOfTime: false, from: 100, to: 300 });
	});
});

describe("buildInbox in list_conversations' order", () => {
	it("puts threads that need an answer first, newest guest message first, then the rest by latest activity", () => {
		const threads = [
			conversation(1, 5, 6), // needs an answer, 5 days
			conversation(2, 1, 0.5, true), // answered, unread, active 0.5 days ago
			conversation(3, 2, 3), // needs an answer, 2 days
			conversation(4, 3, 0.2), // answered, active 0.2 days ago
			conversation(5, 2, 3), // needs an answer, 2 days (same moment as 3: by id)
		];
		const inbox = buildInbox({ conversations: threads, total: 5, complete: true }, [], new Date(NOW), {
			includeAll: true,
			withinDays: 30,
			order: "needs-answer-newest-first",
		});
		expect(inbox.rows.map((row) => row.conversationId)).toEqual([3, 5, 1, 4, 2]);
		expect(inbox.rows.map((row) => row.guestSpokeLast)).toEqual([true, true, true, false, false]);
	});
});
