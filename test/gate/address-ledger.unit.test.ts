/** The division of the deployment's per-IP budget among the accounts sending at once. */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { ALONE_LEASE_MS, AddressLedger, type Allotment, CONTENDING_MS, CREDIT_VALID_MS } from "../../src/gate/address-ledger";
import { countingMs } from "../../src/gate/rate-window";

const BUDGET = { limit: 190, windowMs: 10_000 };

function allotment(answer: ReturnType<AddressLedger["ask"]>): Allotment {
	if ("revoke" in answer) throw new Error(`expected an allotment, got a revocation of ${answer.revoke.gateId}`);
	return answer;
}

function credits(answer: ReturnType<AddressLedger["ask"]>): number {
	const given = allotment(answer);
	if (given.mode !== "shared") throw new Error("expected shared credits");
	return given.credits;
}

describe("AddressLedger", () => {
	it("lets one account send alone on its own budget, asking again only when its lease ends", () => {
		const ledger = new AddressLedger();
		expect(ledger.ask("a", 50, 0, BUDGET, 1_000)).toEqual({ mode: "alone", until: 1_000 + ALONE_LEASE_MS });
		expect(ledger.alone).toEqual({ gateId: "a", until: 1_000 + ALONE_LEASE_MS });
		// Its lease renewed when it asks again, still alone.
		expect(allotment(ledger.ask("a", 50, 190, BUDGET, 1_000 + ALONE_LEASE_MS))).toMatchObject({ mode: "alone" });
	});

	it("revokes the lease when a second account asks, and counts what the first sent against what the second gets", () => {
		const ledger = new AddressLedger();
		ledger.ask("a", 150, 0, BUDGET, 0);
		const answer = ledger.ask("b", 100, 0, BUDGET, 10);
		expect(answer).toEqual({ revoke: { gateId: "a", until: ALONE_LEASE_MS } });
		// The DeploymentGate asks the holder what it sent in the last window (150) and records it.
		ledger.endAlone("a");
		ledger.noteSent("a", 150, BUDGET, 20);
		// The holder, asking meanwhile, says the same: its 150 still count once.
		ledger.noteSent("a", 150, BUDGET, 20);
		expect(credits(ledger.ask("b", 100, 0, BUDGET, 20))).toBe(BUDGET.limit - 150);
		expect(ledger.alone).toBeUndefined();
		// The address is full: the first account, asking now, gets nothing until requests stop counting.
		const full = allotment(ledger.ask("a", 10, 150, BUDGET, 30));
		expect(full).toMatchObject({ mode: "shared", credits: 0 });
		expect(full.mode === "shared" && full.askAgainAt).toBeGreaterThan(30);
	});

	it("shares the window evenly among five accounts that keep asking, never more than the budget", () => {
		const ledger = new AddressLedger();
		const accounts = ["a", "b", "c", "d", "e"];
		const given: Record<string, number> = {};
		const settledFrom = CREDIT_VALID_MS + countingMs(BUDGET.windowMs);
		// Each account waits for more than the address allows and asks every 200 ms, in turn, for 30 s.
		for (let now = 0, turn = 0; now < 30_000; now += 40, turn++) {
			const gateId = accounts[turn % accounts.length] as string;
			let answer = ledger.ask(gateId, 100, 0, BUDGET, now);
			if ("revoke" in answer) {
				ledger.endAlone(answer.revoke.gateId);
				ledger.noteSent(answer.revoke.gateId, given[answer.revoke.gateId] ?? 0, BUDGET, now);
				answer = ledger.ask(gateId, 100, 0, BUDGET, now);
			}
			const allotted = allotment(answer);
			// After the first window, whose division depends on who asked first (the first asker does
			// not know four more are coming), every account gets the same share.
			if (now >= settledFrom) given[gateId] = (given[gateId] ?? 0) + (allotted.mode === "shared" ? allotted.credits : 0);
		}
		const counts = accounts.map((gateId) => given[gateId] ?? 0);
		const mean = counts.reduce((sum, count) => sum + count, 0) / counts.length;
		for (const count of counts) expect(Math.abs(count - mean)).toBeLessThanOrEqual(mean * 0.1);
		// The address's budget is used, not wasted: a whole window's worth in the 18 s after the first.
		expect(counts.reduce((sum, count) => sum + count, 0)).toBeGreaterThanOrEqual(BUDGET.limit);
	});

	it("frees credits a window after they were given, and is alone again once the others are quiet", () => {
		const ledger = new AddressLedger();
		ledger.ask("a", 100, 0, BUDGET, 0);
		// "b" asks after "a" sent 100 alone: "a" is revoked, its 100 count, and "b" may use the rest.
		expect(ledger.ask("b", 150, 0, BUDGET, 5_000)).toMatchObject({ revoke: { gateId: "a" } });
		ledger.endAlone("a");
		ledger.noteSent("a", 100, BUDGET, 5_000);
		expect(credits(ledger.ask("b", 150, 0, BUDGET, 5_000))).toBe(90);
		// "a" is waiting for more: the address is full.
		expect(credits(ledger.ask("a", 10, 100, BUDGET, 5_100))).toBe(0);
		// A window (and the guard) after "a"'s requests were counted, they stop counting; "b" went quiet.
		const freedAt = 5_000 + countingMs(BUDGET.windowMs);
		expect(credits(ledger.ask("a", 10, 100, BUDGET, freedAt - 1))).toBe(0);
		expect(credits(ledger.ask("a", 10, 0, BUDGET, freedAt))).toBe(10);
		expect(allotment(ledger.ask("b", 5, 0, BUDGET, freedAt + 1))).toMatchObject({ mode: "shared" });
		// Later: the credits no longer count and "b" has not asked for a while: "a" is alone.
		const later = freedAt + 1 + CREDIT_VALID_MS + countingMs(BUDGET.windowMs) + CONTENDING_MS;
		expect(allotment(ledger.ask("a", 10, 0, BUDGET, later))).toMatchObject({ mode: "alone" });
	});

	it("never lets the accounts together exceed the budget in any window, whoever asks when", () => {
		const asks = fc.array(
			fc.record({
				gateId: fc.constantFrom("a", "b", "c", "d"),
				wanted: fc.integer({ min: 1, max: 200 }),
				gap: fc.integer({ min: 0, max: 1_500 }),
			}),
			{ minLength: 1, maxLength: 200 },
		);
		fc.assert(
			fc.property(asks, (sequence) => {
				const ledger = new AddressLedger();
				// Every account sends what it is given at once; alone, it sends up to the budget.
				const sentAt: Record<string, number[]> = {};
				const all: number[] = [];
				let now = 0;
				const send = (gateId: string, count: number) => {
					for (let index = 0; index < count; index++) {
						(sentAt[gateId] ??= []).push(now);
						all.push(now);
					}
				};
				const sentInWindow = (gateId: string) => (sentAt[gateId] ?? []).filter((at) => at > now - countingMs(BUDGET.windowMs)).length;
				for (const { gateId, wanted, gap } of sequence) {
					now += gap;
					let answer = ledger.ask(gateId, wanted, sentInWindow(gateId), BUDGET, now);
					if ("revoke" in answer) {
						ledger.endAlone(answer.revoke.gateId);
						ledger.noteSent(answer.revoke.gateId, sentInWindow(answer.revoke.gateId), BUDGET, now);
						answer = ledger.ask(gateId, wanted, sentInWindow(gateId), BUDGET, now);
					}
					const given = allotment(answer);
					if (given.mode === "alone") send(gateId, Math.max(0, Math.min(wanted, BUDGET.limit - sentInWindow(gateId))));
					else send(gateId, given.credits);
				}
				// Any window of Hostaway's (10 s) holds at most the budget.
				for (const start of all)
					expect(all.filter((at) => at >= start && at < start + BUDGET.windowMs).length).toBeLessThanOrEqual(BUDGET.limit);
			}),
			{ numRuns: 200 },
		);
	});
});
