/**
 * The server's own time per call (issue 11 item 9), with the sandbox at a fixed latency and no
 * jitter (100 ms by default), so the upstream part of every call is known:
 * - a cache-miss get_calendar (its listing already cached, its stretch of days not) against the
 *   very requests it made, read from the sandbox's log and sent again directly to the sandbox
 *   (replay.mjs, as W1 does); interleaved, so both see the same machine load;
 * - a cache hit (the same get_calendar again), interleaved with what any request costs before a
 *   tool runs: a `GET /health` (wrangler's local proxy and the Worker) and an MCP `ping` (that,
 *   plus the transport: the hop into the session's Durable Object and the SSE stream back), so the
 *   tool's own share of a hit can be read off;
 * - 100 concurrent cached list_listings calls over 10 sessions.
 * The targets are reported, never asserted.
 */
import { plusDays } from "./fixtures.mjs";
import { percentile, summarize } from "./measure.mjs";
import { replayDirectly } from "./replay.mjs";
import { DEMO_ACCOUNT } from "./server.mjs";

export const OVERHEAD_TARGETS = { hitMedianMs: 8, missRatio: 1.15, concurrentWallMs: 1_500 };

async function timed(work) {
	const started = performance.now();
	await work();
	return performance.now() - started;
}

/**
 * @param {import("./server.mjs").BenchServer} server
 * @param {{ misses: number, hits: number, rounds: number }} counts
 */
export async function measureOverhead(server, fixtures, counts) {
	const { listingId, today } = fixtures;
	const session = await server.session("bench-overhead");
	try {
		await server.directToken();
		const hitArgs = { listingId, startDate: plusDays(today, 1), endDate: plusDays(today, 14) };
		// The listing (and its time zone) cached, as for every calendar read after the first.
		await session.mustCall("get_calendar", hitArgs);

		const missMs = [];
		const directMs = [];
		const requestsPerMiss = [];
		for (let index = 0; index < counts.misses; index++) {
			const startDate = plusDays(today, 20 + 14 * index);
			await server.clearLog();
			const miss = await session.mustCall("get_calendar", { listingId, startDate, endDate: plusDays(startDate, 13) });
			const { entries } = await server.log();
			missMs.push(miss.ms);
			requestsPerMiss.push(entries.length);
			directMs.push((await replayDirectly(server, entries, DEMO_ACCOUNT)).ms);
		}

		const hitMs = [];
		const pingMs = [];
		const healthMs = [];
		for (let index = 0; index < counts.hits; index++) {
			hitMs.push((await session.mustCall("get_calendar", hitArgs)).ms);
			pingMs.push(await timed(() => session.client.ping()));
			healthMs.push(await timed(async () => (await fetch(`${server.url}/health`)).arrayBuffer()));
		}

		const concurrent = await concurrentCachedCalls(server, counts.rounds);
		const miss = summarize(missMs);
		const direct = summarize(directMs);
		const hit = summarize(hitMs);
		const missRatio = miss.medianMs / direct.medianMs;
		return {
			miss: { ...miss, upstreamRequestsPerMiss: [...new Set(requestsPerMiss)] },
			direct,
			missRatio: Math.round(missRatio * 100) / 100,
			hit,
			floor: { ping: summarize(pingMs), health: summarize(healthMs) },
			concurrent,
			targets: OVERHEAD_TARGETS,
			met: {
				hit: hit.medianMs < OVERHEAD_TARGETS.hitMedianMs,
				miss: missRatio <= OVERHEAD_TARGETS.missRatio,
				concurrent: concurrent.allAnswered && concurrent.wallMedianMs < OVERHEAD_TARGETS.concurrentWallMs,
			},
		};
	} finally {
		await session.close();
	}
}

/** 100 cached list_listings calls at once over 10 sessions (each session warmed by one call first), `rounds` times. */
async function concurrentCachedCalls(server, rounds) {
	const sessions = await Promise.all(Array.from({ length: 10 }, (_, i) => server.session(`bench-concurrent-${i}`)));
	try {
		for (const session of sessions) await session.mustCall("list_listings");
		const walls = [];
		const perCall = [];
		const failures = [];
		for (let round = 0; round < rounds; round++) {
			const started = performance.now();
			const outcomes = await Promise.all(Array.from({ length: 100 }, (_, index) => sessions[index % 10].call("list_listings")));
			walls.push(performance.now() - started);
			perCall.push(...outcomes.map((outcome) => outcome.ms));
			failures.push(...outcomes.filter((outcome) => !outcome.ok));
		}
		const answered = rounds * 100 - failures.length;
		return {
			rounds,
			calls: rounds * 100,
			answered,
			allAnswered: answered === rounds * 100,
			wallMs: walls.map((ms) => Math.round(ms)),
			wallMedianMs: Math.round(percentile(walls, 50)),
			perCall: summarize(perCall),
			failures: failures.slice(0, 3).map((failure) => failure.text.slice(0, 300)),
		};
	} finally {
		await Promise.all(sessions.map((session) => session.close().catch(() => undefined)));
	}
}
