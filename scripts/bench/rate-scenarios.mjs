/**
 * The rate-limit scenarios of issue 11 item 2, each on the sandbox's documented limits and on
 * the legacy ones (15 per 10 s per IP, 20 per account):
 * - the thirteen read tools one after another in one session;
 * - a burst of forty calls from eight concurrent sessions of one account;
 * - a burst of four hundred calls from twenty sessions.
 * Each starts with a cold cache and empty sandbox windows. A burst's calls cost one upstream
 * request each at most, most of them one (burstCalls): the load a rate limit is about.
 * Reported: calls answered, wall time, upstream requests and 429s, and the most upstream
 * requests in any 10-second window per account, from the sandbox's request log.
 */
import { accountsIn, maxInAnyWindow, summarize } from "./measure.mjs";
import { plusDays } from "./fixtures.mjs";
import { readCalls } from "./upstream-cost.mjs";

/** Hostaway's window for the general counters. */
export const WINDOW_MS = 10_000;

/** The sandbox's limits per profile (src/sandbox/control/rate-limits.ts), for the report. */
export const PROFILE_LIMITS = {
	documented: { account: 200, ip: 200 },
	legacy: { account: 20, ip: 15 },
};

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/** The thirteen read tools of the issue, in its order. */
export function thirteenToolSequence(fixtures) {
	return readCalls(fixtures).filter(([tool]) => tool !== "get_audit_log");
}

/**
 * `count` calls of one upstream request at most, most of them cache misses: a rotation of
 * another booking, another week of arrivals, and another listing (the portfolio's listings in
 * turn). At most one request per call, as in the forty-call observation.
 */
export function burstCalls(fixtures, count) {
	const { today, listingIds, bookingIds } = fixtures;
	const calls = [];
	for (let index = 0; index < count; index++) {
		const round = Math.floor(index / 3);
		if (index % 3 === 0) calls.push(["get_booking", { bookingId: bookingIds[round % bookingIds.length] }]);
		else if (index % 3 === 1) {
			const arrivalFrom = plusDays(today, 60 - 7 * round);
			calls.push(["search_bookings", { arrivalFrom, arrivalTo: plusDays(arrivalFrom, 6) }]);
		} else calls.push(["get_listing", { listingId: listingIds[round % listingIds.length] }]);
	}
	return calls;
}

/** The scenarios by name; `fixtures` gives them their arguments. */
export function scenarioPlan(fixtures) {
	return {
		"thirteen-tools": {
			title: "13 read tools in sequence, 1 session",
			sessions: 1,
			concurrent: false,
			calls: thirteenToolSequence(fixtures),
		},
		"burst-40": { title: "40 calls, 8 concurrent sessions", sessions: 8, concurrent: true, calls: burstCalls(fixtures, 40) },
		"burst-400": { title: "400 calls, 20 concurrent sessions", sessions: 20, concurrent: true, calls: burstCalls(fixtures, 400) },
	};
}

/** What the sandbox's log says about a run: upstream requests, 429s, and the busiest windows per account. */
export function logFigures(entries, startedAtMs) {
	const figures = {};
	for (const accountId of accountsIn(entries)) {
		const own = entries.filter((entry) => entry.accountId === accountId);
		const firstAt = Math.min(...own.map((entry) => Date.parse(entry.receivedAt)));
		figures[accountId] = {
			requests: own.length,
			rateLimited: own.filter((entry) => entry.status === 429).length,
			maxIn10s: maxInAnyWindow(own, { accountId, windowMs: WINDOW_MS }),
			maxAdmittedIn10s: maxInAnyWindow(own, { accountId, windowMs: WINDOW_MS, statuses: (status) => status !== 429 }),
			// After the first window: what the account sends once it has had the chance to adapt.
			maxIn10sAfterFirstWindow: maxInAnyWindow(own, { accountId, windowMs: WINDOW_MS, fromMs: firstAt + WINDOW_MS }),
			firstRequestAfterMs: Math.round(firstAt - startedAtMs),
		};
	}
	return figures;
}

async function oneAfterAnother(session, calls) {
	const outcomes = [];
	for (const [tool, args] of calls) outcomes.push({ tool, ...(await session.call(tool, args)) });
	return outcomes;
}

/**
 * Runs one scenario on `server`, whose sandbox is already on `profile`; sessions are opened
 * before the clock starts.
 * @param {import("./server.mjs").BenchServer} server
 */
export async function runScenario(server, name, scenario, profile) {
	const sessions = await Promise.all(Array.from({ length: scenario.sessions }, (_, i) => server.session(`bench-${name}-${i}`)));
	try {
		await server.invalidateCache();
		await server.setRateLimits(profile);
		await server.clearLog();
		const reloadsBefore = server.reloads();
		const startedAtMs = Date.now();
		const started = performance.now();
		let endedAt = started;
		const calls = scenario.concurrent
			? Promise.all(
					scenario.calls.map(([tool, args], index) => sessions[index % sessions.length].call(tool, args).then((o) => ({ tool, ...o }))),
				)
			: oneAfterAnother(sessions[0], scenario.calls);
		const outcomes = await server.keepingSandboxAwake(
			calls.then((done) => {
				endedAt = performance.now();
				return done;
			}),
		);
		const wallMs = endedAt - started;
		const { entries, complete } = await server.log();
		const failures = outcomes.filter((outcome) => !outcome.ok);
		return {
			scenario: name,
			title: scenario.title,
			profile,
			sessions: scenario.sessions,
			calls: outcomes.length,
			answered: outcomes.length - failures.length,
			wallMs: Math.round(wallMs),
			perCall: summarize(outcomes.map((outcome) => outcome.ms)),
			failures: failures.slice(0, 5).map((f) => ({ tool: f.tool, ms: Math.round(f.ms), text: f.text.slice(0, 300) })),
			failedTools: [...new Set(failures.map((f) => f.tool))],
			upstream: logFigures(entries, startedAtMs),
			// The log as ms after the start and status, for a closer look at a run.
			timeline: entries.map((entry) => [Date.parse(entry.receivedAt) - startedAtMs, entry.status, entry.accountId]),
			logComplete: complete,
			// A reload during the run emptied the sandbox's log and the gates' memory: its figures are not whole.
			serverReloads: server.reloads() - reloadsBefore,
		};
	} finally {
		await Promise.all(sessions.map((session) => session.close().catch(() => undefined)));
	}
}

/**
 * How long a request counts in the product's budgets after it was let go: the window and the
 * gate's arrival guard (a tenth of it, src/gate/rate-window.ts), and for the address shared by
 * the accounts, a credit's validity and the time an account stays "sending" after it last asked
 * (CREDIT_VALID_MS and CONTENDING_MS in src/gate/address-ledger.ts: 250 ms and 2 s).
 */
const COUNTS_FOR_MS = WINDOW_MS * 1.1 + 250 + 2_000;

/**
 * Lets the product's budgets (each account's in its TenantGate, the address's in the
 * DeploymentGate) forget the previous scenario's requests, so one scenario's burst does not
 * slow the next.
 */
export function letWindowPass() {
	return sleep(COUNTS_FOR_MS + 500);
}
