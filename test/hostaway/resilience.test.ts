/**
 * Failures on the way to Hostaway, injected with the sandbox's control API: which are retried
 * (reads on 502-504 and timeouts), which never are (writes, once they may have reached
 * Hostaway), and how each ends when retrying does not help.
 */
import { env } from "cloudflare:workers";
import { beforeAll, beforeEach, describe, expect, it } from "vitest";
import {
	HostawayOutcomeUnknownError,
	HostawayTimeoutError,
	HostawayUnavailableError,
	HostawayUnexpectedResponseError,
} from "../../src/hostaway/errors";
import { toOperationError } from "../../src/operations/hostaway-errors";
import { createSandboxFetch } from "../../src/sandbox";
import { DEMO, control, countCalls, freshSandbox, sandboxLog } from "../helpers/sandbox";
import { clientFor } from "./harness";

const ROOMY = { rateBudget: { limit: 500 }, cache: false } as const;

let listingId: number;
let conversationId: number;

beforeAll(async () => {
	await freshSandbox();
	const client = clientFor(DEMO, ROOMY);
	listingId = (await client.listListings({ limit: 1 })).items[0]?.id as number;
	conversationId = (await client.listConversations({ limit: 1 })).items[0]?.id as number;
});

beforeEach(async () => {
	// No faults, the seed's data (some tests send messages) and a log of this test's calls only.
	await freshSandbox();
});

async function messageCount(): Promise<number> {
	return (await clientFor(DEMO, ROOMY).listMessages(conversationId, { limit: 500 })).items.length;
}

describe("server errors", () => {
	it("retries a read after 503 and succeeds", async () => {
		await control("PUT", "/faults", { serverErrorRate: 1, serverErrorStatus: 503, pathPrefix: "/listings", count: 2 });
		const client = clientFor(DEMO, ROOMY);
		const listing = await client.getListing(listingId);
		expect(listing.id).toBe(listingId);
		const log = await sandboxLog();
		expect(countCalls(log, "GET", `/listings/${listingId}`, 503)).toBe(2);
		expect(countCalls(log, "GET", `/listings/${listingId}`, 200)).toBe(1);
		expect(client.metrics.retries).toBe(2);
	});

	it("gives up on a read after its attempts, with an 'unavailable' error", async () => {
		await control("PUT", "/faults", { serverErrorRate: 1, serverErrorStatus: 502, pathPrefix: "/listings" });
		const client = clientFor(DEMO, { ...ROOMY, retry: { baseDelayMs: 10, maxDelayMs: 50, maxAttempts: 3 } });
		const error = await client.getListing(listingId).catch((caught: unknown) => caught);
		expect(error).toBeInstanceOf(HostawayUnavailableError);
		expect(countCalls(await sandboxLog(), "GET", `/listings/${listingId}`, 502)).toBe(3);
		expect(toOperationError(error)).toMatchObject({ code: "upstream_unavailable" });
	});

	it("does not retry a read after 500 (not a transient status)", async () => {
		await control("PUT", "/faults", { serverErrorRate: 1, serverErrorStatus: 500, pathPrefix: "/listings", count: 1 });
		const error = await clientFor(DEMO, ROOMY)
			.getListing(listingId)
			.catch((caught: unknown) => caught);
		expect(error).toBeInstanceOf(HostawayUnavailableError);
		expect((error as HostawayUnavailableError).detail).toBe("Internal server error");
		expect(countCalls(await sandboxLog(), "GET", `/listings/${listingId}`)).toBe(1);
	});

	it("never repeats a message after 503: the outcome is unknown and the caller is told to check", async () => {
		const before = await messageCount();
		await control("PUT", "/faults", { serverErrorRate: 1, serverErrorStatus: 503, pathPrefix: "/conversations", count: 1 });
		const error = await clientFor(DEMO, ROOMY)
			.sendMessage(conversationId, { body: "Your check-in code arrives tomorrow." })
			.catch((caught: unknown) => caught);
		expect(error).toBeInstanceOf(HostawayOutcomeUnknownError);
		expect(countCalls(await sandboxLog(), "POST", `/conversations/${conversationId}/messages`)).toBe(1);
		expect(await messageCount()).toBe(before);
		const mapped = toOperationError(error) as Error & { code: string };
		expect(mapped.code).toBe("outcome_unknown");
		expect(mapped.message).toMatch(/check/i);
	});

	it("never repeats a new reservation after 502", async () => {
		await control("PUT", "/faults", { serverErrorRate: 1, serverErrorStatus: 502, pathPrefix: "/reservations", count: 1 });
		const error = await clientFor(DEMO, ROOMY)
			.createReservation({ listingId, channelId: 2000, arrivalDate: "2031-03-01", departureDate: "2031-03-04", guestName: "Ada Park" })
			.catch((caught: unknown) => caught);
		expect(error).toBeInstanceOf(HostawayOutcomeUnknownError);
		expect(countCalls(await sandboxLog(), "POST", "/reservations")).toBe(1);
	});
});

describe("writes that would be harmless to repeat are not repeated either", () => {
	it("sends a calendar update once after 502 and says the outcome is unknown", async () => {
		await control("PUT", "/faults", {
			serverErrorRate: 1,
			serverErrorStatus: 502,
			pathPrefix: `/listings/${listingId}/calendar`,
			count: 1,
		});
		const error = await clientFor(DEMO, ROOMY)
			.updateCalendar(listingId, { startDate: "2031-04-01", endDate: "2031-04-02", isAvailable: false })
			.catch((caught: unknown) => caught);
		expect(error).toBeInstanceOf(HostawayOutcomeUnknownError);
		expect(countCalls(await sandboxLog(), "PUT", `/listings/${listingId}/calendar`)).toBe(1);
	});
});

describe("accepted writes with an answer of the wrong shape", () => {
	it("reports a reservation Hostaway accepted but answered oddly as probably made, not as 'unavailable'", async () => {
		// Hostaway answers 200 with a result that is not a reservation: the write happened.
		const sandbox = createSandboxFetch(env);
		const oddAnswers: typeof fetch = async (input, init) => {
			const response = await sandbox(input, init);
			if (new Request(input, init).method !== "POST") return response;
			return new Response(JSON.stringify({ status: "success", result: "created" }), { status: response.status });
		};
		const before = (await clientFor(DEMO, ROOMY).listReservations({ listingId, limit: 500 })).items.length;
		const error = await clientFor(DEMO, { ...ROOMY, fetch: oddAnswers })
			.createReservation({ listingId, channelId: 2000, arrivalDate: "2031-05-01", departureDate: "2031-05-03", guestName: "Ada Park" })
			.catch((caught: unknown) => caught);
		expect(error).toBeInstanceOf(HostawayOutcomeUnknownError);
		expect((error as Error).message).toMatch(/probably/);
		expect(toOperationError(error)).toMatchObject({ code: "outcome_unknown" });
		expect(countCalls(await sandboxLog(), "POST", "/reservations")).toBe(1);
		expect((await clientFor(DEMO, ROOMY).listReservations({ listingId, limit: 500 })).items.length).toBe(before + 1);
	});
});

describe("429", () => {
	it("repeats a message refused with 429 (Hostaway did not act on it) and sends it exactly once", async () => {
		const before = await messageCount();
		// The next message send, and only it, is answered 429 (a storm that ends after one call).
		await control("PUT", "/faults", { rateLimitStormMs: 60_000, pathPrefix: "/conversations", count: 1 });
		const sent = await clientFor(DEMO, ROOMY).sendMessage(conversationId, { body: "Late check-out is fine." });
		expect(sent.body).toBe("Late check-out is fine.");

		const log = await sandboxLog();
		expect(countCalls(log, "POST", `/conversations/${conversationId}/messages`, 429)).toBe(1);
		expect(countCalls(log, "POST", `/conversations/${conversationId}/messages`, 200)).toBe(1);
		expect(await messageCount()).toBe(before + 1);
	});

	it("waits for the moment X-RateLimit-Retry-After names (a Unix timestamp), through the account's gate", async () => {
		const sandbox = createSandboxFetch(env);
		// 1 to 2 s ahead: Hostaway names whole seconds.
		const retryAtSeconds = Math.floor(Date.now() / 1000) + 2;
		const sentAt: number[] = [];
		const refuseOnce: typeof fetch = async (input, init) => {
			const request = new Request(input, init);
			if (!new URL(request.url).pathname.endsWith(`/listings/${listingId}`)) return sandbox(request);
			sentAt.push(Date.now());
			if (sentAt.length > 1) return sandbox(request);
			return new Response(JSON.stringify({ status: "fail", message: "Too many requests" }), {
				status: 429,
				headers: { "X-RateLimit-Retry-After": String(retryAtSeconds), "X-RateLimit-Limit": "200", "X-RateLimit-Applied": "account" },
			});
		};
		const listing = await clientFor(DEMO, { ...ROOMY, fetch: refuseOnce }).getListing(listingId);
		expect(listing.id).toBe(listingId);
		expect(sentAt).toHaveLength(2);
		expect(sentAt[1]).toBeGreaterThanOrEqual(retryAtSeconds * 1000);
	});
});

describe("timeouts", () => {
	it("cuts a hanging read at the timeout and retries it", async () => {
		await control("PUT", "/faults", { hangRate: 1, hangMs: 5_000, pathPrefix: "/listings", count: 1 });
		const client = clientFor(DEMO, { ...ROOMY, timeoutMs: 300 });
		const listing = await client.getListing(listingId);
		expect(listing.id).toBe(listingId);
		expect(client.metrics.retries).toBe(1);
		expect(countCalls(await sandboxLog(), "GET", `/listings/${listingId}`)).toBe(2);
	});

	it("ends a read that keeps hanging with a timeout error", async () => {
		await control("PUT", "/faults", { hangRate: 1, hangMs: 5_000, pathPrefix: "/listings" });
		const client = clientFor(DEMO, { ...ROOMY, timeoutMs: 200, retry: { maxAttempts: 2, baseDelayMs: 10 } });
		const error = await client.getListing(listingId).catch((caught: unknown) => caught);
		expect(error).toBeInstanceOf(HostawayTimeoutError);
		expect(toOperationError(error)).toMatchObject({ code: "timeout" });
		await control("PUT", "/faults", {});
	});

	it("sends a message exactly once when its answer hangs, and says the outcome is unknown", async () => {
		const before = await messageCount();
		await control("PUT", "/faults", { hangRate: 1, hangMs: 5_000, pathPrefix: "/conversations", count: 1 });
		const error = await clientFor(DEMO, { ...ROOMY, timeoutMs: 300 })
			.sendMessage(conversationId, { body: "See you at four." })
			.catch((caught: unknown) => caught);
		expect(error).toBeInstanceOf(HostawayOutcomeUnknownError);
		expect(countCalls(await sandboxLog(), "POST", `/conversations/${conversationId}/messages`)).toBe(1);
		// The sandbox processed it before the answer was lost: exactly one copy exists.
		expect(await messageCount()).toBe(before + 1);
	});
});

describe("malformed answers", () => {
	it("turns a body that is not JSON into a clear error, without retrying", async () => {
		await control("PUT", "/faults", { malformedJsonRate: 1, pathPrefix: "/listings", count: 1 });
		const error = await clientFor(DEMO, ROOMY)
			.getListing(listingId)
			.catch((caught: unknown) => caught);
		expect(error).toBeInstanceOf(HostawayUnexpectedResponseError);
		expect((error as Error).message).toMatch(/not valid JSON/);
		expect(countCalls(await sandboxLog(), "GET", `/listings/${listingId}`)).toBe(1);
	});

	it("reports a message whose answer was unreadable as probably sent, and does not send it again", async () => {
		const before = await messageCount();
		await control("PUT", "/faults", { malformedJsonRate: 1, pathPrefix: "/conversations", count: 1 });
		const error = await clientFor(DEMO, ROOMY)
			.sendMessage(conversationId, { body: "Thanks for staying with us." })
			.catch((caught: unknown) => caught);
		expect(error).toBeInstanceOf(HostawayOutcomeUnknownError);
		expect((error as Error).message).toMatch(/probably/);
		expect(await messageCount()).toBe(before + 1);
	});
});
