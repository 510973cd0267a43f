/** The sandbox's clock: real time for tokens and limits, the business day (SANDBOX_TODAY) for data. */
import { describe, expect, it } from "vitest";
import { sandboxClock } from "../../src/sandbox/clock";

describe("sandbox clock", () => {
	const now = Date.parse("2026-12-01T06:45:00Z");

	it("runs on the real date when SANDBOX_TODAY is unset or empty", () => {
		expect(sandboxClock(undefined, now)).toEqual({ nowMs: now, businessNowMs: now });
		expect(sandboxClock("", now)).toEqual({ nowMs: now, businessNowMs: now });
	});

	it("dates its data on SANDBOX_TODAY at the real time of day, and keeps real time for tokens", () => {
		const clock = sandboxClock("2027-03-14", now);
		expect(clock.nowMs).toBe(now);
		expect(new Date(clock.businessNowMs).toISOString()).toBe("2027-03-14T06:45:00.000Z");
	});

	it("refuses a value that is not a calendar date", () => {
		expect(() => sandboxClock("2027-02-29", now)).toThrow(/SANDBOX_TODAY/);
		expect(() => sandboxClock("soon", now)).toThrow(/SANDBOX_TODAY/);
	});
});
