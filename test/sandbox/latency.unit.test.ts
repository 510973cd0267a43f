/**
 * The sandbox's simulated latency: each call is delayed by the fixed part plus a random part
 * from 0 to the jitter, so `npm run bench`'s 80 ± 40 ms is fixedMs 40, jitterMs 80. Checked on
 * the delay each admitted call is given (no clock involved).
 */
import { describe, expect, it } from "vitest";
import { ControlState } from "../../src/sandbox/control/state";

/** The Durable Object's synchronous KV as ControlState uses it: settings kept in memory. */
function memoryKv(): SyncKvStorage {
	const values = new Map<string, unknown>();
	return {
		get: (key: string) => values.get(key),
		put: (key: string, value: unknown) => void values.set(key, value),
	} as unknown as SyncKvStorage;
}

const call = { ip: "192.0.2.10", accountId: "100001", method: "GET", path: "/listings", query: {}, routeKey: "GET /listings" };

function delays(state: ControlState, count: number): number[] {
	return Array.from({ length: count }, () => {
		const admission = state.admit(call, Date.now());
		if (admission.outcome !== "proceed") throw new Error("the call was not admitted");
		return admission.delayMs;
	});
}

describe("the sandbox's simulated latency", () => {
	it("delays every call by the fixed part plus 0 to the jitter, spread over the whole range", () => {
		const state = new ControlState(memoryKv());
		state.setRateLimits(false);
		state.setLatency({ fixedMs: 40, jitterMs: 80 });
		const seen = delays(state, 2_000);
		expect(Math.min(...seen)).toBeGreaterThanOrEqual(40);
		expect(Math.max(...seen)).toBeLessThanOrEqual(120);
		// Both ends of the range and its middle are reached: a uniform spread, not a fixed delay.
		expect(seen.some((ms) => ms < 50)).toBe(true);
		expect(seen.some((ms) => ms > 110)).toBe(true);
		expect(seen.some((ms) => ms >= 75 && ms <= 85)).toBe(true);
	});

	it("delays by exactly the fixed part without jitter, and not at all by default", () => {
		const state = new ControlState(memoryKv());
		state.setRateLimits(false);
		expect(new Set(delays(state, 20))).toEqual(new Set([0]));
		state.setLatency({ fixedMs: 100, jitterMs: 0 });
		expect(new Set(delays(state, 20))).toEqual(new Set([100]));
	});
});
