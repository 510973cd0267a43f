import { describe, expect, it } from "vitest";
import { OperationError } from "../../src/operations/errors";
import { addDays, checkRange, daysBetween, resolveDate, resolveRangePhrase, todayIn } from "../../src/operations/dates";

describe("todayIn", () => {
	// 2026-03-01 23:30 UTC: still 1 March in Lisbon and New York, already 2 March in Tokyo.
	const now = new Date("2026-03-01T23:30:00Z");

	it("gives the calendar date in the listing's time zone", () => {
		expect(todayIn("Europe/Lisbon", now)).toBe("2026-03-01");
		expect(todayIn("America/New_York", now)).toBe("2026-03-01");
		expect(todayIn("Asia/Tokyo", now)).toBe("2026-03-02");
	});

	it("falls back to UTC for a missing or unknown zone", () => {
		expect(todayIn(null, now)).toBe("2026-03-01");
		expect(todayIn("Mars/Olympus_Mons", now)).toBe("2026-03-01");
	});
});

describe("resolveDate", () => {
	const today = "2026-11-26"; // a Thursday

	it("accepts ISO dates and relative words", () => {
		expect(resolveDate("2026-12-24", today, "startDate")).toBe("2026-12-24");
		expect(resolveDate("today", today, "startDate")).toBe(today);
		expect(resolveDate("Tomorrow", today, "startDate")).toBe("2026-11-27");
		expect(resolveDate("yesterday", today, "startDate")).toBe("2026-11-25");
		expect(resolveDate("in 10 days", today, "startDate")).toBe("2026-12-06");
		expect(resolveDate("friday", today, "startDate")).toBe("2026-11-27");
		expect(resolveDate("thursday", today, "startDate")).toBe(today);
		expect(resolveDate("next thursday", today, "startDate")).toBe("2026-12-03");
	});

	it("names the field and the accepted forms for anything else", () => {
		expect(() => resolveDate("2026-02-30", today, "arrivalDate")).toThrow(/arrivalDate: 2026-02-30 is not a real calendar date/);
		expect(() => resolveDate("soonish", today, "departureDate")).toThrow(OperationError);
		expect(() => resolveDate("soonish", today, "departureDate")).toThrow(/departureDate.*YYYY-MM-DD/);
	});
});

describe("resolveRangePhrase", () => {
	it("maps this weekend to Friday and Saturday nights", () => {
		expect(resolveRangePhrase("this weekend", "2026-11-26")).toEqual({ start: "2026-11-27", end: "2026-11-29" }); // Thu
		expect(resolveRangePhrase("this weekend", "2026-11-27")).toEqual({ start: "2026-11-27", end: "2026-11-29" }); // Fri
		expect(resolveRangePhrase("this weekend", "2026-11-28")).toEqual({ start: "2026-11-28", end: "2026-11-29" }); // Sat
		expect(resolveRangePhrase("this weekend", "2026-11-29")).toEqual({ start: "2026-12-04", end: "2026-12-06" }); // Sun
		expect(resolveRangePhrase("next weekend", "2026-11-26")).toEqual({ start: "2026-12-04", end: "2026-12-06" });
	});

	it("knows week-long ranges and leaves other text alone", () => {
		expect(resolveRangePhrase("next 3 days", "2026-11-26")).toEqual({ start: "2026-11-26", end: "2026-11-29" });
		expect(resolveRangePhrase("this week", "2026-11-26")).toEqual({ start: "2026-11-26", end: "2026-12-03" });
		expect(resolveRangePhrase("2026-12-01", "2026-11-26")).toBeUndefined();
	});
});

describe("checkRange", () => {
	const today = "2026-11-26";
	const stay = { what: "stay", maxDays: 90, noPast: true, maxDaysAhead: 730 };

	it("accepts a sensible future stay", () => {
		expect(() => checkRange("2026-12-01", "2026-12-05", today, stay)).not.toThrow();
	});

	it("explains inverted, empty, past, too long and absurd ranges", () => {
		expect(() => checkRange("2026-12-05", "2026-12-01", today, stay)).toThrow(/ends \(2026-12-01\) before it starts/);
		expect(() => checkRange("2026-12-05", "2026-12-05", today, stay)).toThrow(/on the day it starts/);
		expect(() => checkRange("2026-11-20", "2026-11-22", today, stay)).toThrow(/in the past \(today is 2026-11-26\)/);
		expect(() => checkRange("2026-12-01", "2027-06-01", today, stay)).toThrow(/at most 90/);
		expect(() => checkRange("2036-12-01", "2036-12-03", today, stay)).toThrow(/check the year/);
	});
});

describe("date arithmetic", () => {
	it("crosses months, years and leap days", () => {
		expect(addDays("2028-02-28", 1)).toBe("2028-02-29");
		expect(addDays("2026-12-31", 1)).toBe("2027-01-01");
		expect(daysBetween("2026-03-28", "2026-03-30")).toBe(2); // across a DST change in Europe
	});
});
