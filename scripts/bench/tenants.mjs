/**
 * W4, tenants side by side: the sandbox's five accounts each send a burst (rate-scenarios.mjs's
 * burstCalls: a call costs one upstream request at most) from a few sessions with API keys of
 * their own, first each alone, then all five at once. Each tenant's throughput together against
 * its throughput alone, and what the sandbox saw: 429s per account, the busiest 10 s per account
 * and for all of them together (they share the Worker's address, so its per-IP limit).
 */
import { maxInAnyWindow, ratio } from "./measure.mjs";
import { burstCalls, letWindowPass, logFigures, WINDOW_MS } from "./rate-scenarios.mjs";

/** Tenants' answered calls per second, one figure per tenant. Pure: for the unit test. */
export function throughputPerSecond(answered, wallMs) {
	return wallMs > 0 ? Math.round((answered / wallMs) * 100_000) / 100 : null;
}

/** The busiest window of all accounts' requests together (what a per-IP limit counts). */
export function maxAllAccountsInAnyWindow(entries, windowMs = WINDOW_MS) {
	return maxInAnyWindow(
		entries.filter((entry) => entry.accountId !== null).map((entry) => ({ ...entry, accountId: "all" })),
		{ accountId: "all", windowMs },
	);
}

/**
 * One burst of every tenant in `tenants` at once; each tenant's own wall time and throughput.
 * @param {import("./server.mjs").BenchServer} server
 */
async function burstTogether(server, tenants, sessionsPerTenant) {
	const sessions = new Map();
	for (const tenant of tenants) {
		sessions.set(
			tenant.account.accountId,
			await Promise.all(
				Array.from({ length: sessionsPerTenant }, (_, user) =>
					server.session(`bench-tenant-${tenant.account.accountId}-${user}`, { accountId: tenant.account.accountId, user }),
				),
			),
		);
	}
	try {
		for (const tenant of tenants) await server.invalidateCache(tenant.account.accountId);
		await server.setRateLimits("documented");
		await server.clearLog();
		const startedAtMs = Date.now();
		const started = performance.now();
		const perTenant = tenants.map(async (tenant) => {
			const own = sessions.get(tenant.account.accountId);
			const outcomes = await Promise.all(
				tenant.calls.map(([tool, args], index) => own[index % own.length].call(tool, args).then((o) => ({ tool, ...o }))),
			);
			const wallMs = performance.now() - started;
			const failures = outcomes.filter((outcome) => !outcome.ok);
			return {
				accountId: tenant.account.accountId,
				calls: outcomes.length,
				answered: outcomes.length - failures.length,
				wallMs: Math.round(wallMs),
				throughputPerS: throughputPerSecond(outcomes.length - failures.length, wallMs),
				failures: failures.slice(0, 3).map((f) => ({ tool: f.tool, text: f.text.slice(0, 200) })),
			};
		});
		const runs = await server.keepingSandboxAwake(Promise.all(perTenant));
		const { entries, complete } = await server.log();
		const upstream = logFigures(entries, startedAtMs);
		return {
			tenants: runs.map((run) => ({ ...run, upstream: upstream[run.accountId] ?? null })),
			maxAllAccountsIn10s: maxAllAccountsInAnyWindow(entries),
			upstream429: entries.filter((entry) => entry.status === 429).length,
			logComplete: complete,
		};
	} finally {
		for (const own of sessions.values()) await Promise.all(own.map((session) => session.close().catch(() => undefined)));
	}
}

/**
 * @param {import("./server.mjs").BenchServer} server
 * @param {{ account: { accountId: string, apiKey: string }, fixtures: object }[]} tenantFixtures
 * @param {{ callsPerTenant: number, sessionsPerTenant: number }} options
 */
export async function measureTenants(server, tenantFixtures, { callsPerTenant, sessionsPerTenant }) {
	const tenants = tenantFixtures.map(({ account, fixtures }) => ({ account, calls: burstCalls(fixtures, callsPerTenant) }));
	const alone = [];
	for (const tenant of tenants) {
		// Alone means the address too: the previous account's requests no longer count against it.
		await letWindowPass();
		alone.push((await burstTogether(server, [tenant], sessionsPerTenant)).tenants[0]);
	}
	// Every account's own budget window in the product forgets the runs alone.
	await letWindowPass();
	const together = await burstTogether(server, tenants, sessionsPerTenant);
	return {
		callsPerTenant,
		sessionsPerTenant,
		tenants: together.tenants.map((run) => {
			const own = alone.find((a) => a.accountId === run.accountId);
			return { accountId: run.accountId, alone: own, together: run, togetherShareOfAlone: ratio(run.throughputPerS, own?.throughputPerS) };
		}),
		together: { maxAllAccountsIn10s: together.maxAllAccountsIn10s, upstream429: together.upstream429, logComplete: together.logComplete },
		aloneUpstream429: alone.reduce((sum, run) => sum + (run.upstream?.rateLimited ?? 0), 0),
	};
}
