/** One clock (src/clock.ts): the business moment keeps the real time of day on a pinned date. */
import { describe, expect, it } from "vitest";
import { businessMoment, isCalendarDate } from "../src/clock";
import { todayIn } from "../src/operations/dates";

describe("business moment", () => {
	it("is the real moment when no date is pinned", () => {
		const now = new Date("2026-12-01T10:15:30.250Z");
		expect(businessMoment(now, undefined)).toBe(now);
	});

	it("is the pinned date at the real time of day", () => {
		const now = new Date("2026-12-01T23:30:05.500Z");
		expect(businessMoment(now, "2027-03-28").toISOString()).toBe("2027-03-28T23:30:05.500Z");
		expect(businessMoment(now, "2028-02-29").toISOString()).toBe("2028-02-29T23:30:05.500Z");
	});

	it("keeps time zones apart on a pinned date: late in UTC it is already tomorrow in Tokyo", () => {
		const moment = businessMoment(new Date("2026-12-01T23:30:00Z"), "2027-03-13");
		expect(todayIn("UTC", moment)).toBe("2027-03-13");
		expect(todayIn("Asia/Tokyo", moment)).toBe("2027-03-14");
		expect(todayIn("Pacific/Honolulu", moment)).toBe("2027-03-13");
	});
});

describe("calendar dates", () => {
	it("accepts real dates only", () => {
		expect(isCalendarDate("2028-02-29")).toBe(true);
		for (const value of ["2027-02-29", "2027-04-31", "2027-3-28", "2027-03-28T00:00:00Z", ""])
			expect(isCalendarDate(value), value).toBe(false);
	});
});
