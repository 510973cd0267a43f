/**
 * Every read tool under Hostaway's failures, through the official MCP SDK client, with the
 * sandbox's control API injecting them: a burst of 5xx answers, a storm of 429s, an answer that
 * hangs past the request timeout, a body that is not JSON, and the account's tokens revoked in
 * the middle of a session. Each call ends in a result (complete or marked partial) or a clear
 * error that says what happened and what to do: never a transport failure, never the server's
 * "internal error", and within the wait bound (the rate budget's wait plus one request timeout).
 *
 * The tool list comes from the registry: a new read tool fails the first test until it has
 * example arguments here. Each call starts with the account's cached answers unreachable, so it
 * really meets the fault.
 */
import type { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { env } from "cloudflare:workers";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getConfig } from "../../src/config";
import { invalidateTenantCache } from "../../src/gate/stub";
import { isWriteOperation } from "../../src/operations/operation";
import { operations } from "../../src/operations/registry";
import { businessToday, plusDays } from "../helpers/business-date";
import { DEMO, clearSandboxLog, control, countCalls, freshSandbox, sandboxLog } from "../helpers/sandbox";
import { sandboxConversations, sandboxListings, sandboxReservations } from "../helpers/sandbox-records";
import { type ToolResult, callTool, connectMcpClient, letRateBudgetRefill } from "../helpers/tools";

let client: Client;
let examples: Record<string, Record<string, unknown>>;

beforeAll(async () => {
	await freshSandbox();
	client = await connectMcpClient();
	const [listings, reservations, conversations] = await Promise.all([sandboxListings(), sandboxReservations(), sandboxConversations()]);
	const listingId = listings.find((listing) => listing.specialStatus !== "archived")!.id;
	const bookingId = reservations[0]!.id;
	const conversationId = conversations[0]!.id;
	const today = businessToday();
	examples = {
		whoami: {},
		list_listings: {},
		get_listing: { listingId },
		check_availability: { listingId, arrival: plusDays(today, 30), departure: plusDays(today, 33) },
		find_available_listings: { arrival: plusDays(today, 30), departure: plusDays(today, 33), guests: 2 },
		get_calendar: { listingId },
		search_bookings: {},
		get_booking: { bookingId },
		get_guest: { bookingId },
		list_conversations: {},
		get_message_history: { conversationId },
		daily_briefing: {},
		occupancy_report: { start: plusDays(today, -30), end: today },
		get_audit_log: {},
	};
}, 60_000);
afterAll(async () => {
	await client.close();
});

const readTools = () => operations.filter((operation) => !isWriteOperation(operation)).map((operation) => operation.name);

/** The longest a read may take: its wait for the rate budget, then one request cut at the timeout, plus slack for a loaded machine. */
function waitBoundMs(): number {
	const config = getConfig(env);
	return config.rateBudget.maxWaitMs + config.hostawayTimeoutMs + 10_000;
}

/** What a clear error about Hostaway says: what happened, and what to do about it. */
const CLEAR_UPSTREAM_ERROR =
	/try again in a minute|Try again in a moment|Retry in \d+ seconds|try again in \d+ s|request budget is used up|timed out|did not answer/i;

/** Calls a read tool; checks the answer is a result or a clear error, in time. */
async function readUnderFault(tool: string): Promise<ToolResult> {
	const startedAt = Date.now();
	const result = await callTool(client, tool, examples[tool]);
	const elapsed = Date.now() - startedAt;
	expect(elapsed, `${tool} answered within the wait bound`).toBeLessThan(waitBoundMs());
	expect(result.text, `${tool} never answers with an internal error`).not.toMatch(/Internal error in the Hostaway MCP server/);
	if (result.isError) expect(result.text, `${tool}'s error says what happened and what to do`).toMatch(CLEAR_UPSTREAM_ERROR);
	else expect(result.data, `${tool}'s result carries structured content`).toBeDefined();
	return result;
}

/** Runs every read tool under `faults`, one after another (each on a clean log, for faults that count calls), with the rate budget refilled after. */
async function forEveryReadTool(faults: Record<string, unknown>, check: (tool: string, result: ToolResult) => void | Promise<void>) {
	for (const tool of readTools()) {
		await invalidateTenantCache(env, DEMO.accountId);
		await control("PUT", "/faults", faults);
		await clearSandboxLog();
		const result = await readUnderFault(tool);
		await control("PUT", "/faults", {});
		await check(tool, result);
	}
	await letRateBudgetRefill();
}

/** Runs every read tool at once under `faults`, as a busy client would: they meet the fault together. */
async function everyReadToolAtOnce(faults: Record<string, unknown>): Promise<[string, ToolResult][]> {
	await invalidateTenantCache(env, DEMO.accountId);
	await control("PUT", "/faults", faults);
	await clearSandboxLog();
	const results = await Promise.all(readTools().map(async (tool) => [tool, await readUnderFault(tool)] as [string, ToolResult]));
	await control("PUT", "/faults", {});
	await letRateBudgetRefill();
	return results;
}

describe("read tools under faults", () => {
	it("has example arguments for every read tool in the registry", () => {
		expect(Object.keys(examples).sort()).toEqual(readTools().sort());
	});

	it("ride out a burst of 5xx answers: two 503s in a row are retried and the read succeeds", async () => {
		await forEveryReadTool({ serverErrorRate: 1, serverErrorStatus: 503, count: 2 }, (tool, result) => {
			expect(result.isError, `${tool}: ${result.text}`).toBe(false);
		});
	}, 120_000);

	it("end in a clear 'unavailable' error (or an answer marked partial) when Hostaway keeps answering 502", async () => {
		for (const [tool, result] of await everyReadToolAtOnce({ serverErrorRate: 1, serverErrorStatus: 502 })) {
			if (result.isError) expect(result.text, tool).toMatch(/try again in a minute|Try again in a moment/);
		}
	}, 60_000);

	it("wait out a 429 storm without headers, backing off together, or say when to retry", async () => {
		for (const [tool, result] of await everyReadToolAtOnce({ rateLimitStormMs: 1_500 })) {
			if (result.isError) expect(result.text, tool).toMatch(/Retry in \d+ seconds|request budget is used up|try again/i);
		}
	}, 60_000);

	it("turn a body that is not JSON into a clear error or a retried success, never a crash", async () => {
		await forEveryReadTool({ malformedJsonRate: 1, count: 1 }, () => undefined);
	}, 120_000);

	it("cut a read that hangs past the timeout and retry it: the read succeeds", async () => {
		// One tool: each hang costs a full request timeout.
		const { hostawayTimeoutMs } = getConfig(env);
		const { listingId } = examples.get_listing as { listingId: number };
		await invalidateTenantCache(env, DEMO.accountId);
		await control("PUT", "/faults", {
			hangRate: 1,
			hangMs: hostawayTimeoutMs + 5_000,
			method: "GET",
			pathPrefix: `/listings/${listingId}`,
			count: 1,
		});
		await clearSandboxLog();
		const result = await readUnderFault("get_listing");
		expect(result.isError, result.text).toBe(false);
		expect(countCalls(await sandboxLog(), "GET", `/listings/${listingId}`)).toBe(2);
	}, 60_000);

	it("replace the account's token when it is revoked mid-session: every read at once still succeeds, with one new token", async () => {
		await invalidateTenantCache(env, DEMO.accountId);
		await control("POST", "/revoke-tokens", { accountId: DEMO.accountId });
		await clearSandboxLog();
		const results = await Promise.all(readTools().map(async (tool) => [tool, await callTool(client, tool, examples[tool])] as const));
		for (const [tool, result] of results) expect(result.isError, `${tool}: ${result.text}`).toBe(false);
		expect(countCalls(await sandboxLog(), "POST", "/accessTokens"), "tokens minted").toBe(1);
	}, 60_000);
});
