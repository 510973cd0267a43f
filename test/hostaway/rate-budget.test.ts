/**
 * The account's rate budget against the sandbox with Hostaway's documented rate limits switched
 * on (200 per 10 s per account and per IP for most calls; messages, price quotes and reservation
 * creates on counters of their own). The product's defaults stay a little under each limit
 * (general 190 per 10 s) and a caller waits its turn for at most 25 s. Where the logic is the
 * same with any numbers, clients are built with a small budget and a short window so the file
 * stays fast; the defaults themselves meet the sandbox once, in the first test. Every claim is
 * read from the sandbox's own request log: what reached it, in which order, and what it answered.
 */
import { abortAllDurableObjects, runInDurableObject } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { DEFAULT_RATE_IP_PER_10S, DEFAULT_RATE_MAX_WAIT_MS, DEFAULT_RATE_PER_10S, HOSTAWAY_LIMIT_WINDOW_MS } from "../../src/config";
import { deploymentGate } from "../../src/gate/deployment-gate";
import { tenantGate } from "../../src/gate/stub";
import { HostawayRateLimitedError } from "../../src/hostaway/errors";
import { toOperationError } from "../../src/operations/hostaway-errors";
import {
	DEMO,
	OTHER,
	type LogEntry,
	type SandboxCredentials,
	clearSandboxLog,
	control,
	countCalls,
	freshSandbox,
	keepingSandboxAwake,
	maxCallsInAnyWindow,
	sandboxLog,
} from "../helpers/sandbox";
import { clientFor, restartDurableObjects, sandboxConfig } from "./harness";

/**
 * The sandbox stamps a call when it has answered it, a few milliseconds after the gate let it
 * go; calls let go together are answered over some milliseconds. Budget checks on the log
 * therefore count in a window this much shorter than the gate's.
 */
const ANSWER_SPREAD_MS = 250;

/** A small budget in a short window: the same queue and arithmetic as the defaults, in a fraction of the time. */
const SMALL = { limit: 5, windowMs: 1_000 } as const;

function sleep(ms: number): Promise<void> {
	return new Promise((resolve) => setTimeout(resolve, ms));
}

type ClientOptions = Parameters<typeof clientFor>[1];

/** One listings call through a client of its own, as one session would make it: "ok" or the error. */
function listOnce(account: SandboxCredentials, options: ClientOptions = {}): Promise<"ok" | unknown> {
	return clientFor(account, { cache: false, ...options })
		.listListings({ limit: 1 })
		.then(
			() => "ok" as const,
			(error: unknown) => error,
		);
}

async function logOf(account: SandboxCredentials): Promise<LogEntry[]> {
	return (await sandboxLog()).filter((entry) => entry.accountId === account.accountId);
}

let reservationId: number;
let conversationId: number;

beforeAll(async () => {
	// What this file is about: Hostaway's real window and the product's default budgets.
	expect(sandboxConfig.rateBudget).toEqual({
		counters: {
			general: { limit: DEFAULT_RATE_PER_10S, windowMs: HOSTAWAY_LIMIT_WINDOW_MS, ipLimit: DEFAULT_RATE_IP_PER_10S },
			messages: { limit: 28, windowMs: 60_000 },
			priceQuotes: { limit: 380, windowMs: HOSTAWAY_LIMIT_WINDOW_MS },
			reservationCreates: { limit: 190, windowMs: HOSTAWAY_LIMIT_WINDOW_MS },
		},
		windowMs: HOSTAWAY_LIMIT_WINDOW_MS,
		maxWaitMs: DEFAULT_RATE_MAX_WAIT_MS,
	});
	expect([DEFAULT_RATE_PER_10S, HOSTAWAY_LIMIT_WINDOW_MS, DEFAULT_RATE_MAX_WAIT_MS]).toEqual([190, 10_000, 25_000]);
	// Tokens at hand (in KV), so the calls below are all calls of the tests themselves.
	await freshSandbox();
	await Promise.all([listOnce(DEMO), listOnce(OTHER)]);
	const client = clientFor(DEMO, { cache: false });
	reservationId = (await client.listReservations({ limit: 1 })).items[0]?.id as number;
	conversationId = (await client.listConversations({ limit: 1 })).items[0]?.id as number;
});

beforeEach(async () => {
	// Each test starts with empty budget windows, as after a deploy: no call of an earlier test counts.
	await restartDurableObjects();
	await freshSandbox({ rateLimits: true });
});

describe("rate budget (defaults: 190 requests per 10 s on the general counter, a wait of at most 25 s)", () => {
	it("lets the default budget through at once with no 429, and tells callers who may not wait when to retry; the rest never reach the sandbox", async () => {
		const outcomes = await Promise.all(Array.from({ length: 200 }, () => listOnce(OTHER, { gateMaxWaitMs: 0 })));

		expect(outcomes.filter((outcome) => outcome === "ok")).toHaveLength(DEFAULT_RATE_PER_10S);
		const refused = outcomes.filter((outcome) => outcome instanceof HostawayRateLimitedError) as HostawayRateLimitedError[];
		expect(refused).toHaveLength(outcomes.length - DEFAULT_RATE_PER_10S);
		// Exactly the calls let through reached the sandbox, and it answered them all: under Hostaway's 200.
		const log = await logOf(OTHER);
		expect(log).toHaveLength(DEFAULT_RATE_PER_10S);
		expect(countCalls(log, "GET", "/listings", 200)).toBe(DEFAULT_RATE_PER_10S);
		// A slot comes back one window (and the gate's half-second guard) after it was spent.
		for (const error of refused) {
			expect(error.retryAfterSeconds).toBeGreaterThanOrEqual(1);
			expect(error.retryAfterSeconds).toBeLessThanOrEqual(11);
		}
		const mapped = toOperationError(refused[0]) as Error & { code: string };
		expect(mapped.code).toBe("rate_limited");
		expect(mapped.message).toMatch(/Retry in \d+ seconds/);
	});

	it("makes callers past the budget wait for the window to move on instead of refusing them", async () => {
		// The window is used up: the budget's worth of calls at once.
		const budget = { limit: 5, windowMs: 2_000 };
		const burst = await Promise.all(Array.from({ length: budget.limit }, () => listOnce(DEMO, { rateBudget: budget, gateMaxWaitMs: 0 })));
		expect(burst.every((outcome) => outcome === "ok")).toBe(true);
		const spentAt = Date.now();
		const burstLog = await logOf(DEMO);
		expect(countCalls(burstLog, "GET", "/listings", 200)).toBe(budget.limit);

		// Part of a window later the window is still full: these callers wait their turn.
		await sleep(budget.windowMs * 0.4 - (Date.now() - spentAt));
		const sentAt = Date.now();
		const late = await Promise.all(Array.from({ length: 4 }, () => listOnce(DEMO, { rateBudget: budget })));
		expect(late).toEqual(["ok", "ok", "ok", "ok"]);

		const lateLog = (await logOf(DEMO)).filter((entry) => Date.parse(entry.at) >= sentAt);
		expect(countCalls(lateLog, "GET", "/listings", 200)).toBe(late.length);
		expect(lateLog).toHaveLength(late.length);
		// They were sent while the window was still full, and reached the sandbox only once it had
		// moved on past the burst: they waited for their turn.
		const burstStartedAt = Math.min(...burstLog.map((entry) => Date.parse(entry.at)));
		expect(sentAt).toBeLessThan(burstStartedAt + budget.windowMs);
		for (const entry of lateLog) {
			expect(Date.parse(entry.at)).toBeGreaterThanOrEqual(burstStartedAt + budget.windowMs - ANSWER_SPREAD_MS);
		}
		expect(maxCallsInAnyWindow([...burstLog, ...lateLog], DEMO.accountId, budget.windowMs - ANSWER_SPREAD_MS)).toBeLessThanOrEqual(
			budget.limit,
		);
	});

	it("answers every one of forty calls from eight sessions of one account by letting them wait, never over the budget in any window", async () => {
		const sessions = Array.from({ length: 8 }, () => clientFor(DEMO, { cache: false, rateBudget: SMALL }));
		const outcomes = await Promise.all(
			Array.from({ length: 40 }, (_, index) =>
				(sessions[index % sessions.length] as (typeof sessions)[number]).listListings({ limit: 1 }).then(
					() => "ok",
					(error: unknown) => error,
				),
			),
		);
		expect(outcomes.filter((outcome) => outcome === "ok")).toHaveLength(40);

		const log = await logOf(DEMO);
		expect(countCalls(log, "GET", "/listings", 200)).toBe(40);
		expect(log.filter((entry) => entry.status === 429)).toEqual([]);
		expect(maxCallsInAnyWindow(log, DEMO.accountId, SMALL.windowMs - ANSWER_SPREAD_MS)).toBeLessThanOrEqual(SMALL.limit);
		expect(sessions.reduce((waits, session) => waits + session.metrics.gateWaits, 0)).toBeGreaterThanOrEqual(40 - SMALL.limit);
	});

	it("refuses only a call whose turn lies beyond the wait bound, with the time to retry, and sends nothing for it", async () => {
		// Turns at once, a window on, two windows on: a bound of 1.5 windows admits the first two rounds.
		const options = { rateBudget: { limit: 2, windowMs: 1_000 }, gateMaxWaitMs: 1_500 };
		const outcomes = await Promise.all(Array.from({ length: 6 }, () => listOnce(DEMO, options)));

		expect(outcomes.filter((outcome) => outcome === "ok")).toHaveLength(4);
		const refused = outcomes.filter((outcome) => outcome instanceof HostawayRateLimitedError) as HostawayRateLimitedError[];
		expect(refused).toHaveLength(2);
		for (const error of refused) expect(error.retryAfterSeconds).toBeGreaterThanOrEqual(2);
		expect(countCalls(await logOf(DEMO), "GET", "/listings")).toBe(4);
	});

	it("does not starve writes behind a fan-out of reads: a change goes ahead of the reads still waiting", async () => {
		const budget = { rateBudget: SMALL };
		// A fan-out of thirty reads: six windows' worth, queued at once.
		const reads = Array.from({ length: 30 }, () => listOnce(DEMO, budget));
		await sleep(100);
		const writer = clientFor(DEMO, { ...budget, cache: false });
		const [updated, sent] = await Promise.all([
			writer.updateReservation(reservationId, { hostNote: "Late arrival, keys in the lockbox." }),
			// A message counts on its own counter: it does not wait for the general one at all.
			writer.sendMessage(conversationId, { body: "We will leave the porch light on." }),
		]);
		expect(updated.id).toBe(reservationId);
		expect(sent.body).toBe("We will leave the porch light on.");
		expect((await Promise.all(reads)).every((outcome) => outcome === "ok")).toBe(true);

		const log = await logOf(DEMO);
		expect(log.filter((entry) => entry.status === 429)).toEqual([]);
		const readIndexes = log.flatMap((entry, index) => (entry.method === "GET" && entry.path === "/v1/listings" ? [index] : []));
		expect(readIndexes).toHaveLength(30);
		const writeIndex = log.findIndex((entry) => entry.method === "PUT" && entry.path === `/v1/reservations/${reservationId}`);
		const messageIndex = log.findIndex((entry) => entry.method === "POST" && entry.path === `/v1/conversations/${conversationId}/messages`);
		// The change went in the fan-out's second window, ahead of the reads still waiting then. The
		// message, on a counter of its own, did not queue behind the fan-out at all: it is answered
		// while most of the fan-out still waits (on a loaded machine its answer may take a window or two).
		expect(readIndexes.filter((index) => index < writeIndex).length).toBeLessThanOrEqual(2 * SMALL.limit);
		expect(readIndexes.filter((index) => index < messageIndex).length).toBeLessThan(readIndexes.length / 2);
		expect(
			maxCallsInAnyWindow(
				log.filter((entry) => entry.path !== `/v1/conversations/${conversationId}/messages`),
				DEMO.accountId,
				SMALL.windowMs - ANSWER_SPREAD_MS,
			),
		).toBeLessThanOrEqual(SMALL.limit);
	});

	it("rides out a 429 storm: callers retry until it has passed, and each call goes through once", async () => {
		expect(await listOnce(DEMO)).toBe("ok");
		await clearSandboxLog();
		// A storm that ends after three calls, however long they take to come.
		await control("PUT", "/faults", { rateLimitStormMs: 60_000, count: 3 });

		const outcomes = await Promise.all(
			Array.from({ length: 2 }, () =>
				clientFor(DEMO, { cache: false, retry: { baseDelayMs: 200, maxDelayMs: 1_000, maxAttempts: 12, budgetMs: 12_000 } })
					.listListings({ limit: 1 })
					.then(() => "ok"),
			),
		);
		expect(outcomes).toEqual(["ok", "ok"]);

		const log = await logOf(DEMO);
		// The storm really met the callers: they were answered 429…
		const refusedAt = log.filter((entry) => entry.status === 429).map((entry) => Date.parse(entry.at));
		expect(refusedAt).toHaveLength(3);
		// …and each one's call was repeated until it went through, once, after the last 429.
		const answered = log.filter((entry) => entry.status === 200);
		expect(countCalls(answered, "GET", "/listings")).toBe(2);
		for (const entry of answered) expect(Date.parse(entry.at)).toBeGreaterThanOrEqual(Math.max(...refusedAt));
	});

	it("shares the address between two accounts bursting together: every call answered, no 429, at most the address's budget in any 10 s", async () => {
		// Each account alone may send 190 in 10 s, and the sandbox counts both on one address (200 per 10 s).
		const outcomes = await keepingSandboxAwake(
			Promise.all([...Array.from({ length: 150 }, () => listOnce(DEMO)), ...Array.from({ length: 150 }, () => listOnce(OTHER))]),
		);
		expect(outcomes.filter((outcome) => outcome !== "ok")).toEqual([]);

		const log = await sandboxLog();
		expect(countCalls(log, "GET", "/listings", 200)).toBe(300);
		expect(log.filter((entry) => entry.status === 429)).toEqual([]);
		const together = log.map((entry) => ({ ...entry, accountId: "both" }));
		expect(maxCallsInAnyWindow(together, "both", HOSTAWAY_LIMIT_WINDOW_MS - ANSWER_SPREAD_MS)).toBeLessThanOrEqual(DEFAULT_RATE_IP_PER_10S);
		// Neither account waited for the other's whole burst: both were served in the first window.
		const firstAt = Math.min(...log.map((entry) => Date.parse(entry.receivedAt)));
		for (const account of [DEMO, OTHER]) {
			const first = Math.min(...log.filter((entry) => entry.accountId === account.accountId).map((entry) => Date.parse(entry.receivedAt)));
			expect(first - firstAt, account.accountId).toBeLessThan(HOSTAWAY_LIMIT_WINDOW_MS);
		}
	});
});

describe("on an account that still meets Hostaway's older limits (15 per 10 s per IP, 20 per account)", () => {
	afterAll(async () => {
		// The account adopted the older limit for a day, in its gate's storage: later files start without it.
		await runInDurableObject(tenantGate(env, OTHER.accountId), (_instance, state) => state.storage.deleteAll());
		// So did the deployment, for its address.
		await runInDurableObject(deploymentGate(env), (_instance, state) => state.storage.deleteAll());
		await abortAllDurableObjects();
	});

	it("adapts after the first window's 429s: forty calls from eight sessions all answered, no 429 in any later window", async () => {
		await freshSandbox({ rateLimits: "legacy" });
		// The product's defaults (190 per 10 s, a wait of at most 25 s) with Hostaway's real windows.
		const sessions = Array.from({ length: 8 }, () => clientFor(OTHER, { cache: false }));
		const outcomes = await keepingSandboxAwake(
			Promise.all(
				Array.from({ length: 40 }, (_, index) =>
					(sessions[index % sessions.length] as (typeof sessions)[number]).listListings({ limit: 1 }).then(
						() => "ok",
						(error: unknown) => error,
					),
				),
			),
		);
		expect(outcomes.filter((outcome) => outcome !== "ok")).toEqual([]);

		const log = await logOf(OTHER);
		expect(countCalls(log, "GET", "/listings", 200)).toBe(40);
		const firstAt = Math.min(...log.map((entry) => Date.parse(entry.at)));
		const refused = log.filter((entry) => entry.status === 429);
		// The first window met the older limit (the IP's 15)…
		expect(refused.length).toBeGreaterThan(0);
		for (const entry of refused) expect(Date.parse(entry.at)).toBeLessThan(firstAt + HOSTAWAY_LIMIT_WINDOW_MS);
		// …and from then on the account kept under it: every later call answered, never more than 15 in a window.
		const later = log.filter((entry) => Date.parse(entry.at) >= firstAt + HOSTAWAY_LIMIT_WINDOW_MS);
		expect(later.length).toBeGreaterThan(0);
		expect(later.every((entry) => entry.status === 200)).toBe(true);
		expect(maxCallsInAnyWindow(later, OTHER.accountId, HOSTAWAY_LIMIT_WINDOW_MS - ANSWER_SPREAD_MS)).toBeLessThanOrEqual(15);
	});
});
