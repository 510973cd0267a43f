/**
 * Progress while waiting (README, "waits its turn"): a tool call whose client sent a
 * progressToken hears how it is going while it waits for Hostaway's rate limit, at least every
 * 5 s, on the call's own stream, each notification carrying the client's token; a call without a
 * token hears nothing; a call that reads pages says "read N of M pages" with `total` M, M from
 * Hostaway's `count`. These are what the MCP conformance suite's tools-call-with-progress
 * scenario checks (token, increasing progress), which needs the suite's own test tool
 * (docs/conformance.md).
 *
 * The wait is made deterministic by a session whose budget is one request per 10 s
 * (test/helpers/budgeted-session.ts: the session's own registration and context, on an
 * in-process server): a call right after another waits most of 10 s for its turn.
 */
import type { Client } from "@modelcontextprotocol/sdk/client/index.js";
import type { Transport } from "@modelcontextprotocol/sdk/shared/transport.js";
import { CallToolResultSchema, type Progress } from "@modelcontextprotocol/sdk/types.js";
import { env } from "cloudflare:workers";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getConfig, HOSTAWAY_LIMIT_WINDOW_MS } from "../../src/config";
import { MAX_WALK_RESERVATIONS, walkReservations } from "../../src/operations/shared/reservation-walk";
import { MAX_LISTINGS, PAGE_SIZE } from "../../src/operations/shared/listings";
import { createOperationContext } from "../../src/wiring/operation-context";
import { connectWithBudget } from "../helpers/budgeted-session";
import { businessToday, plusDays } from "../helpers/business-date";
import { api, DEMO, freshSandbox, LARGE, usableToken, viaFetch } from "../helpers/sandbox";

const WAITING = /^waiting for Hostaway's rate limit, \d+ s$/;

interface ServerMessage {
	method?: string;
	params?: { progressToken?: unknown };
	result?: unknown;
}

/** Every message the server sends the client, as the client's transport receives it (the SDK client sees progress only for its own token). */
function recordMessages(client: Client): ServerMessage[] {
	const transport = client.transport as Transport;
	const messages: ServerMessage[] = [];
	const deliver = transport.onmessage;
	transport.onmessage = (message, extra) => {
		messages.push(message as ServerMessage);
		deliver?.(message, extra);
	};
	return messages;
}

/**
 * One request per 10 s for the account: a call right after another waits most of the 10 s for
 * its turn in the account's TenantGate, whatever the machine's speed.
 */
const ONE_PER_WINDOW = { HOSTAWAY_RATE_PER_10S: "1", HOSTAWAY_RATE_WINDOW_MS: String(HOSTAWAY_LIMIT_WINDOW_MS) };

describe("progress notifications while a call waits for its turn in the rate budget", () => {
	let client: Client;
	let messages: ServerMessage[];
	let listingIds: number[];

	beforeAll(async () => {
		await freshSandbox();
		const token = await usableToken(viaFetch, DEMO);
		listingIds = ((await api(viaFetch, token, "GET", "/listings?limit=7")).body.result as { id: number }[]).map((listing) => listing.id);
		client = await connectWithBudget(DEMO, ONE_PER_WINDOW);
		messages = recordMessages(client);
		// The session's token is minted now, not during a test's wait (the mint may spend the window's one request).
		expect((await client.callTool({ name: "get_listing", arguments: { listingId: listingIds[0] } })).isError).toBeFalsy();
	}, 60_000);

	afterAll(async () => {
		await client?.close();
	});

	/** Spends the window's one request (a listing not read before), so the next call waits for the next window. */
	async function spendTheWindow(listingId: number): Promise<void> {
		expect((await client.callTool({ name: "get_listing", arguments: { listingId } }, undefined, { timeout: 30_000 })).isError).toBeFalsy();
	}

	// Each test waits out two windows: the one spent before it, and its own call's turn.
	it("are sent at least every 5 s of the wait, naming it, with progress increasing", { timeout: 60_000 }, async () => {
		await spendTheWindow(listingIds[1] as number);
		const heard: Progress[] = [];
		const startedAt = Date.now();
		const result = await client.callTool({ name: "get_listing", arguments: { listingId: listingIds[2] } }, undefined, {
			onprogress: (progress) => heard.push(progress),
			resetTimeoutOnProgress: true,
			timeout: 20_000,
		});
		const tookMs = Date.now() - startedAt;
		expect(result.isError).toBeFalsy();

		const waiting = heard.filter((progress) => WAITING.test(progress.message ?? ""));
		expect(waiting.length).toBeGreaterThanOrEqual(1);
		expect(waiting.length).toBeGreaterThanOrEqual(Math.floor(tookMs / 5_000));
		for (let index = 1; index < heard.length; index++) {
			expect((heard[index] as Progress).progress).toBeGreaterThan((heard[index - 1] as Progress).progress);
		}
	});

	it("are not sent when the client sent no progressToken", { timeout: 60_000 }, async () => {
		await spendTheWindow(listingIds[3] as number);
		const before = messages.length;
		const startedAt = Date.now();
		const result = await client.callTool({ name: "get_listing", arguments: { listingId: listingIds[4] } }, undefined, { timeout: 20_000 });
		expect(result.isError).toBeFalsy();
		// The call waited long enough for a heartbeat…
		expect(Date.now() - startedAt).toBeGreaterThan(5_000);
		// …and the client heard its answer, but no progress.
		const heard = messages.slice(before);
		expect(heard.some((message) => message.result !== undefined)).toBe(true);
		expect(heard.filter((message) => message.method === "notifications/progress")).toEqual([]);
	});

	it("carry the token the client chose, here a string as the conformance suite sends", { timeout: 60_000 }, async () => {
		await spendTheWindow(listingIds[5] as number);
		const before = messages.length;
		// Sent as the suite sends it: the token in the request's _meta, not one the SDK picks.
		const request = {
			method: "tools/call",
			params: { name: "get_listing", arguments: { listingId: listingIds[6] }, _meta: { progressToken: "progress-test-1" } },
		} as const;
		const result = await client.request(request, CallToolResultSchema, { timeout: 20_000 });
		expect(result.isError).toBeFalsy();

		const progress = messages.slice(before).filter((message) => message.method === "notifications/progress");
		expect(progress.length).toBeGreaterThanOrEqual(1);
		expect(progress.map((message) => message.params?.progressToken)).toEqual(progress.map(() => "progress-test-1"));
	});
});

describe("progress of a call that reads pages, over MCP", () => {
	beforeAll(async () => {
		await freshSandbox();
	});

	it('says "read 1 of M pages" with total M as soon as the first page is read', async () => {
		const token = await usableToken(viaFetch, LARGE);
		const count = (await api(viaFetch, token, "GET", "/listings?limit=1")).body.count as number;
		const pages = Math.min(Math.ceil(count / PAGE_SIZE), MAX_LISTINGS / PAGE_SIZE);

		const client = await connectWithBudget(LARGE, {});
		try {
			const heard: Progress[] = [];
			// The briefing reads every page of listings, then walks the reservations.
			const result = await client.callTool({ name: "daily_briefing", arguments: {} }, undefined, {
				onprogress: (progress) => heard.push(progress),
				timeout: 60_000,
			});
			expect(result.isError).toBeFalsy();
			expect(heard[0]).toEqual({ progress: 1, total: pages, message: `read 1 of ${pages} pages of listings` });
		} finally {
			await client.close();
		}
	});
});

describe("progress of a walk through pages of reservations", () => {
	beforeAll(async () => {
		await freshSandbox();
	});

	it('reports "read N of M pages", M from Hostaway\'s count', async () => {
		const today = businessToday();
		const filters = { arrivalTo: plusDays(today, 3), departureFrom: today };
		const token = await usableToken(viaFetch, LARGE);
		const query = `arrivalEndDate=${filters.arrivalTo}&departureStartDate=${filters.departureFrom}&limit=1`;
		const count = (await api(viaFetch, token, "GET", `/reservations?${query}`)).body.count as number;
		const pages = Math.min(Math.ceil(count / PAGE_SIZE), MAX_WALK_RESERVATIONS / PAGE_SIZE);
		expect(pages).toBeGreaterThan(1);

		const steps: { done: number; total: number | undefined; message: string }[] = [];
		const progress = {
			step: (done: number, total: number | undefined, message: string) => steps.push({ done, total, message }),
			waitStarted() {},
			waitEnded() {},
		};
		const session = {
			accountId: LARGE.accountId,
			access: "read",
			userId: "test",
			clientId: "test",
			clientName: "test",
			via: "api-key",
		} as const;
		const context = createOperationContext(env, getConfig(env), session, undefined, LARGE, progress);
		await walkReservations(context.hostaway(), filters, context);

		expect(steps).toEqual(
			Array.from({ length: pages }, (_, index) => ({
				done: index + 1,
				total: pages,
				message: `read ${index + 1} of ${pages} pages of reservations`,
			})),
		);
	});
});
