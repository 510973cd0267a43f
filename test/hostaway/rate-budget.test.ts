/**
 * The account's rate budget with Hostaway's real numbers: the product's defaults (14 requests
 * per 10-second window; a caller waits at most 5 s for its turn) against the sandbox with its
 * documented rate limits switched on (200 per 10 s per account and per IP). Every claim is read
 * from the sandbox's own request log: what reached it, when, and what it answered.
 */
import { beforeAll, beforeEach, describe, expect, it } from "vitest";
import { DEFAULT_RATE_PER_10S, HOSTAWAY_LIMIT_WINDOW_MS } from "../../src/config";
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

function sleep(ms: number): Promise<void> {
	return new Promise((resolve) => setTimeout(resolve, ms));
}

/** One listings call through a client of its own, as one session would make it: "ok" or the error. */
function listOnce(account: SandboxCredentials, options: { gateMaxWaitMs?: number } = {}): Promise<"ok" | unknown> {
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

beforeAll(async () => {
	// What this file is about: Hostaway's real window and the product's default budget.
	expect(sandboxConfig.rateBudget).toEqual({ limit: DEFAULT_RATE_PER_10S, windowMs: HOSTAWAY_LIMIT_WINDOW_MS, maxWaitMs: 5_000 });
	expect([DEFAULT_RATE_PER_10S, HOSTAWAY_LIMIT_WINDOW_MS]).toEqual([14, 10_000]);
	// Tokens at hand (in KV), so the calls below are all listings calls.
	await freshSandbox();
	await Promise.all([listOnce(DEMO), listOnce(OTHER)]);
});

beforeEach(async () => {
	// Each test starts with an empty budget window, as after a deploy: no call of an earlier test counts.
	await restartDurableObjects();
	await freshSandbox({ rateLimits: true });
});

describe("rate budget (defaults: 14 requests per 10 s, a wait of at most 5 s)", () => {
	it("lets 14 requests through at once and tells callers who may not wait when to retry; the rest never reach the sandbox", async () => {
		const outcomes = await Promise.all(Array.from({ length: 20 }, () => listOnce(OTHER, { gateMaxWaitMs: 0 })));

		expect(outcomes.filter((outcome) => outcome === "ok")).toHaveLength(DEFAULT_RATE_PER_10S);
		const refused = outcomes.filter((outcome) => outcome instanceof HostawayRateLimitedError) as HostawayRateLimitedError[];
		expect(refused).toHaveLength(outcomes.length - DEFAULT_RATE_PER_10S);
		// Exactly the calls let through reached the sandbox, and it answered them all.
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

	it("makes callers past the budget wait for the window to move on, within the 5 s they may, instead of refusing them", async () => {
		// The window is used up: the budget's worth of calls at once.
		const burst = await Promise.all(Array.from({ length: DEFAULT_RATE_PER_10S }, () => listOnce(DEMO, { gateMaxWaitMs: 0 })));
		expect(burst.every((outcome) => outcome === "ok")).toBe(true);
		const spentAt = Date.now();
		// Read now: the sandbox keeps its log in memory, and the Workers runtime evicts a Durable
		// Object that has had no call for about ten seconds, as the sandbox will below.
		const burstLog = await logOf(DEMO);
		expect(countCalls(burstLog, "GET", "/listings", 200)).toBe(DEFAULT_RATE_PER_10S);

		// Six seconds later the window stays full for about four more: less than a caller may wait.
		await sleep(6_000 - (Date.now() - spentAt));
		const sentAt = Date.now();
		const late = await Promise.all(Array.from({ length: 4 }, () => listOnce(DEMO)));
		expect(late).toEqual(["ok", "ok", "ok", "ok"]);

		const lateLog = (await logOf(DEMO)).filter((entry) => Date.parse(entry.at) >= sentAt);
		expect(countCalls(lateLog, "GET", "/listings", 200)).toBe(late.length);
		expect(lateLog).toHaveLength(late.length);
		// They were sent while the window was still full, and reached the sandbox only once it had
		// moved on past the burst: they waited for their turn.
		const burstStartedAt = Math.min(...burstLog.map((entry) => Date.parse(entry.at)));
		expect(sentAt).toBeLessThan(burstStartedAt + HOSTAWAY_LIMIT_WINDOW_MS - 1_000);
		for (const entry of lateLog) expect(Date.parse(entry.at)).toBeGreaterThanOrEqual(burstStartedAt + HOSTAWAY_LIMIT_WINDOW_MS);
		expect(maxCallsInAnyWindow([...burstLog, ...lateLog], DEMO.accountId, HOSTAWAY_LIMIT_WINDOW_MS - ANSWER_SPREAD_MS)).toBeLessThanOrEqual(
			DEFAULT_RATE_PER_10S,
		);
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
});
