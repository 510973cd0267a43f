/**
 * list_conversations on the large portfolio (100003, thousands of conversations): every call
 * answers, complete or marked partial ("covers N of M conversations") with a cursor that
 * continues where it stopped (no thread twice, none skipped), and the pages together are the
 * inbox the sandbox's own conversations give: with a rate budget too small to read the window
 * before the answer is due, and with the normal test budget through the real Worker.
 */
import type { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { afterEach, beforeAll, describe, expect, it } from "vitest";
import { testApiKey } from "../../helpers/api-keys";
import { type BudgetVariables, connectWithBudget } from "../../helpers/budgeted-session";
import { businessNow } from "../../helpers/business-date";
import { freshSandbox, LARGE } from "../../helpers/sandbox";
import { guestSpokeLast, hostawayMs, type SandboxConversation, sandboxConversations, sandboxListings } from "../../helpers/sandbox-records";
import { callTool, connectMcpClient } from "../../helpers/tools";

interface Row {
	conversationId: number;
	guestSpokeLast: boolean;
	lastGuestMessageAt: string | null;
	lastHostMessageAt: string | null;
}
interface Inbox {
	threads: Row[];
	hasMore: boolean;
	nextCursor: string | null;
	conversationsInAccount: number | null;
	scanComplete: boolean;
	partial?: { covered: number; total: number | null; unit: string; reason: string; nextCursor?: string };
}

/** A budget that cannot read the large account's inbox before one answer is due (3 s). */
const TOO_SMALL: BudgetVariables = { HOSTAWAY_RATE_PER_10S: "20", HOSTAWAY_RATE_WINDOW_MS: "10000", HOSTAWAY_RATE_MAX_WAIT_MS: "3000" };
/** The default window, and one that holds every conversation of the account (so the whole list must be read). */
const DEFAULT_DAYS = 30;
const ALL_DAYS = 365;

let conversations: SandboxConversation[];
let listingCount: number;
const clients: Client[] = [];

beforeAll(async () => {
	await freshSandbox();
	conversations = await sandboxConversations(LARGE);
	listingCount = (await sandboxListings(LARGE)).length;
}, 120_000);

afterEach(async () => {
	await Promise.all(clients.splice(0).map((client) => client.close()));
});

/** The threads the default inbox lists, from the sandbox's data: needing an answer or unread, active in the window. */
function expectedInbox(withinDays: number): number[] {
	const windowStart = businessNow().getTime() - withinDays * 86_400_000;
	return conversations
		.filter((c) => (guestSpokeLast(c) || c.hasUnreadMessages === 1) && hostawayMs(c.messageReceivedOn) >= windowStart)
		.map((c) => c.id);
}

/** Rows in list_conversations' promised order: needing an answer first, newest guest message first, then by latest activity. */
function expectRanked(rows: readonly Row[]): void {
	const key = (row: Row): [number, number] => {
		const guest = Date.parse(row.lastGuestMessageAt ?? "1970-01-01T00:00:00Z");
		const host = Date.parse(row.lastHostMessageAt ?? "1970-01-01T00:00:00Z");
		return row.guestSpokeLast ? [0, -guest] : [1, -Math.max(guest, host)];
	};
	for (let i = 1; i < rows.length; i++) {
		const [rankBefore, timeBefore] = key(rows[i - 1] as Row);
		const [rank, time] = key(rows[i] as Row);
		expect(rank > rankBefore || (rank === rankBefore && time >= timeBefore), `row ${i} in order`).toBe(true);
	}
}

/** Every answer of one inbox question, following nextCursor; every answer must be one (never a refusal). */
async function walkInbox(client: Client, withinDays: number, maxCalls: number): Promise<Inbox[]> {
	const answers: Inbox[] = [];
	let cursor: string | undefined;
	do {
		const result = await callTool<Inbox>(client, "list_conversations", { limit: 50, withinDays, ...(cursor ? { cursor } : {}) });
		expect(result.isError, result.text).toBe(false);
		answers.push(result.data);
		if (result.data.partial) {
			expect(result.text).toContain("**Partial answer:**");
			expect(result.data.partial.nextCursor).toBe(result.data.nextCursor);
			if (result.data.partial.total !== null) expect(result.data.partial.covered).toBeLessThan(result.data.partial.total);
		}
		expectRanked(result.data.threads);
		cursor = result.data.nextCursor ?? undefined;
		expect(result.data.hasMore).toBe(cursor !== undefined);
	} while (cursor && answers.length < maxCalls);
	expect(cursor, `the inbox walked to its end within ${maxCalls} calls`).toBeUndefined();
	return answers;
}

function shownIds(answers: readonly Inbox[]): number[] {
	return answers.flatMap((answer) => answer.threads.map((row) => row.conversationId));
}

describe("list_conversations on a large portfolio", () => {
	it("answers with what it read before the answer was due, marked partial, and the cursor continues without gaps or repeats", async () => {
		// The pages one answer needs (the listings, for their names, and every conversation) are more than the budget's 20 per window.
		const pagesNeeded = Math.ceil(listingCount / 100) + Math.ceil(conversations.length / 100);
		expect(pagesNeeded, "pages of listings and conversations").toBeGreaterThan(Number(TOO_SMALL.HOSTAWAY_RATE_PER_10S));
		const client = await connectWithBudget(LARGE, TOO_SMALL);
		clients.push(client);

		const answers = await walkInbox(client, ALL_DAYS, 80);
		expect(answers[0]?.partial, "the first answer is partial").toBeDefined();
		// At least one answer read conversations and says of how many (an answer due before its first page covers 0 of an unknown total).
		expect(answers.some((answer) => answer.partial?.total === conversations.length)).toBe(true);
		const ids = shownIds(answers);
		expect(new Set(ids).size, "no thread twice").toBe(ids.length);
		expect([...ids].sort((a, b) => a - b)).toEqual(expectedInbox(ALL_DAYS).sort((a, b) => a - b));
	}, 600_000);

	it("answers completely or marked partial with the normal budget through the Worker", async () => {
		const client = await connectMcpClient({ headers: { "X-API-Key": testApiKey(LARGE.accountId, "read") } });
		clients.push(client);
		const answers = await walkInbox(client, DEFAULT_DAYS, 80);
		const ids = shownIds(answers);
		expect(new Set(ids).size, "no thread twice").toBe(ids.length);
		expect([...ids].sort((a, b) => a - b)).toEqual(expectedInbox(DEFAULT_DAYS).sort((a, b) => a - b));
		for (const answer of answers) expect(answer.scanComplete || answer.partial !== undefined).toBe(true);
	}, 300_000);
});
