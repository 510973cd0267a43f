/**
 * The TenantGate Durable Object on its own: its rate budget, single-flight token minting and
 * cache generation, and the alarm that clears an idle account.
 */
import { abortAllDurableObjects, runDurableObjectAlarm, runInDurableObject } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { CONTENDING_MS } from "../../src/gate/address-ledger";
import { ARRIVAL_GUARD_SHARE, countingMs } from "../../src/gate/rate-window";
import { tenantGate } from "../../src/gate/stub";
import type { SealedToken } from "../../src/gate/tenant-gate";

const READ = { counter: "general", kind: "read" } as const;

const sealed = (version: string): SealedToken => ({
	version,
	notBefore: 0,
	usableUntil: Date.now() + 60_000,
	sealed: `v1.sealed-${version}`,
});

describe("TenantGate rate budget", () => {
	it("grants up to the limit at once, then refuses with when to retry if the caller may not wait", async () => {
		const gate = tenantGate(env, "400001");
		const budget = { limit: 3, windowMs: 10_000 };
		const decisions = await Promise.all(Array.from({ length: 5 }, () => gate.acquireSlot(READ, budget, 0)));
		expect(decisions.filter((decision) => decision.granted)).toHaveLength(3);
		for (const decision of decisions.filter((decision) => !decision.granted)) {
			expect(decision.granted === false && decision.retryAfterMs).toBeGreaterThan(0);
			// One window, and the gate's guard for the spread of arrivals upstream.
			expect(decision.granted === false && decision.retryAfterMs).toBeLessThanOrEqual(budget.windowMs * (1 + ARRIVAL_GUARD_SHARE));
		}
		// The granted slots count for the whole window: the next caller who may not wait is refused too.
		expect((await gate.acquireSlot(READ, budget, 0)).granted).toBe(false);
	});

	it("holds every caller off after a 429", async () => {
		const gate = tenantGate(env, "400002");
		const budget = { limit: 100, windowMs: 10_000 };
		expect((await gate.acquireSlot(READ, budget, 0)).granted).toBe(true);
		await gate.holdOff(5_000);
		const refused = await gate.acquireSlot(READ, budget, 1_000);
		expect(refused.granted).toBe(false);
		expect(refused.granted === false && refused.retryAfterMs).toBeGreaterThan(1_000);
	});

	it("lets callers wait for their slot when they may", async () => {
		const gate = tenantGate(env, "400003");
		const budget = { limit: 2, windowMs: 300 };
		const decisions = await Promise.all(Array.from({ length: 6 }, () => gate.acquireSlot(READ, budget, 5_000)));
		expect(decisions.every((decision) => decision.granted)).toBe(true);
		expect(decisions.filter((decision) => decision.granted && decision.waitedMs > 0).length).toBeGreaterThanOrEqual(4);
	});
});

describe("TenantGate counters and queue", () => {
	const WRITE = { counter: "general", kind: "write" } as const;
	const MESSAGE = { counter: "messages", kind: "write" } as const;

	it("keeps one budget per Hostaway counter: a spent general budget does not hold up a message", async () => {
		const gate = tenantGate(env, "400011");
		const budget = { limit: 1, windowMs: 10_000 };
		expect((await gate.acquireSlot(READ, budget, 0)).granted).toBe(true);
		expect((await gate.acquireSlot(READ, budget, 0)).granted).toBe(false);
		expect((await gate.acquireSlot(MESSAGE, budget, 0)).granted).toBe(true);
		expect((await gate.acquireSlot(MESSAGE, budget, 0)).granted).toBe(false);
	});

	it("holds off only the refused endpoint's counter when Hostaway names its own limit, every counter otherwise", async () => {
		const gate = tenantGate(env, "400012");
		const budget = { limit: 100, windowMs: 10_000 };
		await gate.holdOff(5_000, { applied: "endpoint", counter: "messages" });
		expect((await gate.acquireSlot(MESSAGE, budget, 0)).granted).toBe(false);
		expect((await gate.acquireSlot(READ, budget, 0)).granted).toBe(true);
		await gate.holdOff(5_000, { applied: "account", counter: "messages" });
		expect((await gate.acquireSlot(READ, budget, 0)).granted).toBe(false);
		expect((await gate.acquireSlot({ counter: "priceQuotes", kind: "read" }, budget, 0)).granted).toBe(false);
	});

	it("lets a write go ahead of the reads still waiting, not ahead of those already let go", async () => {
		const gate = tenantGate(env, "400013");
		const budget = { limit: 2, windowMs: 1_000 };
		// Six reads: two go at once, two a window later, two two windows later.
		const reads = Array.from({ length: 6 }, () => gate.acquireSlot(READ, budget, 10_000));
		await new Promise((resolve) => setTimeout(resolve, 100));
		const write = await gate.acquireSlot(WRITE, budget, 10_000);
		const readDecisions = await Promise.all(reads);
		expect([write, ...readDecisions].every((decision) => decision.granted)).toBe(true);
		const waited = readDecisions.map((decision) => (decision.granted ? decision.waitedMs : Infinity)).sort((a, b) => a - b);
		// The write took the first slot of the second window, which the third read had been due.
		expect(write.granted && write.waitedMs).toBeLessThan(budget.windowMs * 1.5);
		expect(waited.filter((ms) => ms >= budget.windowMs * 2)).toHaveLength(3);
	});

	it("refuses a waiting read whose turn later writes pushed past its bound, with the time its turn would come", async () => {
		const gate = tenantGate(env, "400014");
		const budget = { limit: 1, windowMs: 1_000 };
		expect((await gate.acquireSlot(READ, budget, 0)).granted).toBe(true);
		// Its turn comes a window (and a guard) later, within the 1.5 s it may wait…
		const read = gate.acquireSlot(READ, budget, 1_500);
		await new Promise((resolve) => setTimeout(resolve, 100));
		// …until a write takes that turn.
		const write = await gate.acquireSlot(WRITE, budget, 5_000);
		expect(write.granted).toBe(true);
		const refused = await read;
		expect(refused.granted).toBe(false);
		expect(refused.granted === false && refused.retryAfterMs).toBeGreaterThan(0);
		expect(refused.granted === false && refused.retryAfterMs).toBeLessThanOrEqual(budget.windowMs * (1 + ARRIVAL_GUARD_SHARE));
	});
});

describe("TenantGate adaptation to the limits Hostaway reports", () => {
	const roomy = { limit: 100, windowMs: 10_000 };

	async function grantedAtOnce(gate: ReturnType<typeof tenantGate>, request: typeof READ | { counter: "messages"; kind: "write" }) {
		const decisions = await Promise.all(Array.from({ length: 10 }, () => gate.acquireSlot(request, roomy, 0)));
		return decisions.filter((decision) => decision.granted).length;
	}

	it("adopts a lower account limit (minus slack) on the general counter, and remembers it after the gate is evicted", async () => {
		const gate = tenantGate(env, "400021");
		await gate.holdOff(0, { limit: 5, applied: "account", counter: "general" });
		expect(await grantedAtOnce(gate, READ)).toBe(4);
		// The endpoints with their own counter keep their budgets.
		expect(await grantedAtOnce(gate, { counter: "messages", kind: "write" })).toBe(10);

		// Evicted, the gate forgets its slots (a new window), not the limit: four again, not ten.
		await abortAllDurableObjects();
		expect(await grantedAtOnce(tenantGate(env, "400021"), READ)).toBe(4);
	});

	it("adopts an endpoint's own lower limit on that counter only, and ignores a limit above the budget", async () => {
		const gate = tenantGate(env, "400022");
		await gate.holdOff(0, { limit: 3, applied: "endpoint", counter: "messages" });
		await gate.holdOff(0, { limit: 500, applied: "account", counter: "general" });
		expect(await grantedAtOnce(gate, { counter: "messages", kind: "write" })).toBe(2);
		expect(await grantedAtOnce(gate, READ)).toBe(10);
	});

	it("keeps an adopted limit through the idle cleanup", async () => {
		const gate = tenantGate(env, "400023");
		await gate.holdOff(0, { limit: 5, applied: "account", counter: "general" });
		await abortAllDurableObjects();
		expect(await runDurableObjectAlarm(tenantGate(env, "400023"))).toBe(true);
		const stored = await runInDurableObject(tenantGate(env, "400023"), (_instance, state) => state.storage.list());
		expect([...stored.keys()]).toEqual(["adoptedLimits"]);
	});

	it("holds every tenant of the deployment off after a 429 on the IP's limit, also a gate that starts afterwards", async () => {
		const first = tenantGate(env, "400024");
		const second = tenantGate(env, "400025");
		// Both in use (registered with the deployment gate).
		expect((await first.acquireSlot(READ, roomy, 0)).granted).toBe(true);
		expect((await second.acquireSlot(READ, roomy, 0)).granted).toBe(true);

		const holdMs = 1_500;
		const heldAt = Date.now();
		await first.holdOff(holdMs, { limit: 200, applied: "ip", counter: "general" });
		const refused = await second.acquireSlot(READ, roomy, 0);
		expect(refused.granted).toBe(false);
		const starting = await tenantGate(env, "400026").acquireSlot(READ, roomy, 0);
		expect(starting.granted).toBe(false);

		// It lasts until the time given, no longer (and leaves nothing behind for other tests).
		await new Promise((resolve) => setTimeout(resolve, holdMs - (Date.now() - heldAt) + 50));
		expect((await second.acquireSlot(READ, roomy, 0)).granted).toBe(true);
		expect((await tenantGate(env, "400026").acquireSlot(READ, roomy, 0)).granted).toBe(true);
	});
});

describe("TenantGate and the deployment's address", () => {
	it("lets an account alone use its whole budget, as before", async () => {
		const budget = { limit: 10, windowMs: 1_000, ipLimit: 10 };
		const decisions = await Promise.all(Array.from({ length: 10 }, () => tenantGate(env, "400043").acquireSlot(READ, budget, 0)));
		expect(decisions.every((decision) => decision.granted)).toBe(true);
		// …but never more than the whole address may, even with a larger budget of its own (another
		// account alone, once the first no longer counts and has stopped asking).
		await new Promise((resolve) => setTimeout(resolve, countingMs(budget.windowMs) + CONTENDING_MS + 100));
		const larger = { limit: 10, windowMs: 1_000, ipLimit: 4 };
		const capped = await Promise.all(Array.from({ length: 10 }, () => tenantGate(env, "400044").acquireSlot(READ, larger, 0)));
		expect(capped.filter((decision) => decision.granted)).toHaveLength(4);
	});

	it("shares the address's budget with another account sending at once: never more than it together, both served", async () => {
		const budget = { limit: 10, windowMs: 1_000, ipLimit: 10 };
		const first = tenantGate(env, "400041");
		const second = tenantGate(env, "400042");
		const grantedAt: Record<string, number[]> = { first: [], second: [] };
		const burst = (gate: typeof first, name: string, count: number) =>
			Promise.all(
				Array.from({ length: count }, async () => {
					const decision = await gate.acquireSlot(READ, budget, 10_000);
					if (decision.granted) grantedAt[name]?.push(Date.now());
					return decision.granted;
				}),
			);
		// The first account starts alone (it may use its whole budget) with three windows' worth of
		// requests; the second joins a moment later.
		const firstDone = burst(first, "first", 30);
		await new Promise((resolve) => setTimeout(resolve, 50));
		const results = [...(await burst(second, "second", 15)), ...(await firstDone)];
		expect(results.every(Boolean)).toBe(true);

		// Alone, each could have sent 10 in the first window: together they stay within the address's 10.
		const all = [...(grantedAt.first ?? []), ...(grantedAt.second ?? [])].sort((a, b) => a - b);
		for (const start of all)
			expect(all.filter((at) => at >= start && at < start + budget.windowMs).length).toBeLessThanOrEqual(budget.ipLimit);
		// The second was not kept waiting for the first's whole burst: they took turns.
		expect(Math.min(...(grantedAt.second ?? []))).toBeLessThan(Math.max(...(grantedAt.first ?? [])));
	});

	it("refuses a caller who may not wait while the address is full, with when to retry, rather than holding it", async () => {
		const budget = { limit: 10, windowMs: 1_000, ipLimit: 10 };
		// The accounts of the tests before no longer count.
		await new Promise((resolve) => setTimeout(resolve, countingMs(budget.windowMs) + CONTENDING_MS + 100));
		const full = await Promise.all(Array.from({ length: 10 }, () => tenantGate(env, "400045").acquireSlot(READ, budget, 0)));
		expect(full.every((decision) => decision.granted)).toBe(true);
		const refused = await tenantGate(env, "400046").acquireSlot(READ, budget, 0);
		expect(refused.granted).toBe(false);
		expect(refused.granted === false && refused.retryAfterMs).toBeGreaterThan(0);
		expect(refused.granted === false && refused.retryAfterMs).toBeLessThanOrEqual(countingMs(budget.windowMs) + 1_000);
	});
});

describe("TenantGate token minting", () => {
	it("gives the mint to exactly one of many concurrent callers; the others receive its token", async () => {
		const gate = tenantGate(env, "400004");
		const claims = Array.from({ length: 50 }, () => gate.claimToken());
		const first = await Promise.race(claims);
		expect(first.kind).toBe("mint");
		if (first.kind !== "mint") return;
		await gate.finishTokenMint(first.mintId, { ok: true, token: sealed("t1") });
		const all = await Promise.all(claims);
		expect(all.filter((claim) => claim.kind === "mint")).toHaveLength(1);
		expect(all.filter((claim) => claim.kind === "token" && claim.token.version === "t1")).toHaveLength(49);
		// Later callers get the same token without minting.
		expect(await gate.claimToken()).toMatchObject({ kind: "token", token: { version: "t1" } });
	});

	it("passes a failed mint to every waiting caller, and never hands out a refused token again", async () => {
		const gate = tenantGate(env, "400005");
		const first = await gate.claimToken();
		if (first.kind !== "mint") throw new Error("expected the mint");
		// Inside the object (as only a test may): two claims park on the mint (no I/O is pending,
		// so one macrotask later both wait), then the mint fails.
		const outcomes = await runInDurableObject(gate, async (instance) => {
			const waiting = Promise.all([instance.claimToken(), instance.claimToken()]);
			await new Promise((resolve) => setTimeout(resolve, 0));
			await instance.finishTokenMint(first.mintId, {
				ok: false,
				failure: { kind: "authentication", message: "Client authentication failed" },
			});
			return waiting;
		});
		expect(outcomes.map((claim) => claim.kind)).toEqual(["failed", "failed"]);

		const retry = await gate.claimToken();
		if (retry.kind !== "mint") throw new Error("expected a new mint after a failure");
		await gate.finishTokenMint(retry.mintId, { ok: true, token: sealed("t2") });
		expect(await gate.claimToken()).toMatchObject({ kind: "token", token: { version: "t2" } });
		// t2 refused by Hostaway: the next claim mints instead of handing t2 out again.
		expect((await gate.claimToken("t2")).kind).toBe("mint");
	});
});

describe("TenantGate cache generation and idle cleanup", () => {
	it("bumps the generation upwards", async () => {
		const gate = tenantGate(env, "400006");
		const first = await gate.cacheGeneration();
		expect(await gate.cacheGeneration()).toBe(first);
		const bumped = await gate.bumpCacheGeneration();
		expect(bumped).toBeGreaterThan(first);
		expect(await gate.cacheGeneration()).toBe(bumped);
	});

	it("answers a cached read in one call: a hit on the current generation takes no slot, any other read takes one", async () => {
		const gate = tenantGate(env, "400031");
		const budget = { limit: 1, windowMs: 10_000 };
		const first = await gate.readThrough(READ, budget, 0);
		expect(first).toMatchObject({ hit: false, slot: { granted: true } });
		const generation = first.hit ? undefined : first.generation;
		expect(generation).toBe(await gate.cacheGeneration());

		// The budget is spent, and a hit still answers: it sends nothing upstream.
		expect(await gate.readThrough(READ, budget, 0, generation)).toEqual({ hit: true });
		// An entry of an older generation is a miss, refused here because it may not wait for a slot.
		const bumped = await gate.bumpCacheGeneration();
		expect(await gate.readThrough(READ, budget, 0, generation)).toMatchObject({ hit: false, slot: { granted: false }, generation: bumped });
	});

	it("schedules an alarm on use, keeps the state of an account in use, and clears an idle one", async () => {
		const gate = tenantGate(env, "400007");
		const generation = await gate.bumpCacheGeneration();
		const alarm = await runInDurableObject(gate, (_instance, state) => state.storage.getAlarm());
		expect(alarm).not.toBeNull();

		// The alarm fires while the account is still in use: nothing is cleared.
		expect(await runDurableObjectAlarm(gate)).toBe(true);
		expect(await gate.cacheGeneration()).toBe(generation);

		// The object is evicted (its memory of recent use is gone) and its alarm fires: idle, cleared.
		await abortAllDurableObjects();
		const idleGate = tenantGate(env, "400007");
		expect(await runDurableObjectAlarm(idleGate)).toBe(true);
		expect(await runInDurableObject(idleGate, (_instance, state) => state.storage.list())).toEqual(new Map());
		// A cleared gate starts above every generation it used before.
		expect(await idleGate.cacheGeneration()).toBeGreaterThan(generation);
	});
});
