/**
 * A client whose connection drops during a long tool call can resume the call's stream
 * (Streamable HTTP, `Last-Event-ID`): it hears the progress it missed and the call's answer on
 * the new stream. The session keeps its streams in memory (src/mcp/session-streams.ts); this is
 * what that must still give.
 *
 * The call is a report over the large demo portfolio with the sandbox answering slowly, so it
 * reads pages for several seconds and reports each one; the client reads up to the first
 * progress event, drops the stream, and resumes from that event. Raw HTTP, because the SDK
 * client resumes on its own only after a network error it sees itself.
 */
import { LATEST_PROTOCOL_VERSION } from "@modelcontextprotocol/sdk/types.js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { testApiKey } from "../helpers/api-keys";
import { businessToday, plusDays } from "../helpers/business-date";
import { WORKER_ORIGIN, workerFetch } from "../helpers/mcp-client";
import { control, freshSandbox } from "../helpers/sandbox";

interface SseEvent {
	id?: string;
	message: { id?: number; method?: string; params?: { progress?: number; message?: string }; result?: Record<string, unknown> };
}

const HEADERS = {
	"Content-Type": "application/json",
	Accept: "application/json, text/event-stream",
	"X-API-Key": testApiKey("100003", "read"),
	"Mcp-Protocol-Version": LATEST_PROTOCOL_VERSION,
};

/** Reads server-sent events from a stream until `enough` says so (or the stream ends), then lets go of it. */
async function readEvents(body: ReadableStream<Uint8Array>, enough: (events: SseEvent[]) => boolean): Promise<SseEvent[]> {
	const reader = body.getReader();
	const decoder = new TextDecoder();
	const events: SseEvent[] = [];
	let buffered = "";
	try {
		while (!enough(events)) {
			const { done, value } = await reader.read();
			if (done) break;
			buffered += decoder.decode(value, { stream: true });
			let end: number;
			while ((end = buffered.indexOf("\n\n")) >= 0) {
				const block = buffered.slice(0, end);
				buffered = buffered.slice(end + 2);
				const id = block.match(/^id: (.+)$/m)?.[1];
				const data = block.match(/^data: (.+)$/m)?.[1];
				if (data) events.push({ id, message: JSON.parse(data) as SseEvent["message"] });
			}
		}
	} finally {
		await reader.cancel().catch(() => undefined);
	}
	return events;
}

async function post(sessionId: string | undefined, message: unknown): Promise<Response> {
	return workerFetch(new URL("/mcp", WORKER_ORIGIN), {
		method: "POST",
		headers: sessionId ? { ...HEADERS, "Mcp-Session-Id": sessionId } : HEADERS,
		body: JSON.stringify(message),
	});
}

describe("a dropped stream of a running call", () => {
	let sessionId: string;

	beforeAll(async () => {
		await freshSandbox();
		const initialized = await post(undefined, {
			jsonrpc: "2.0",
			id: 1,
			method: "initialize",
			params: { protocolVersion: LATEST_PROTOCOL_VERSION, capabilities: {}, clientInfo: { name: "resumption-test", version: "1" } },
		});
		sessionId = initialized.headers.get("Mcp-Session-Id") ?? "";
		expect(sessionId).not.toBe("");
		await initialized.text();
		expect((await post(sessionId, { jsonrpc: "2.0", method: "notifications/initialized" })).status).toBe(202);
		// Every page of listings and reservations now takes a while: the report runs for seconds.
		await control("PUT", "/latency", { fixedMs: 150, jitterMs: 0 });
	});

	afterAll(async () => {
		await control("PUT", "/latency", { fixedMs: 0, jitterMs: 0 });
	});

	it("is resumed with Last-Event-ID: the progress missed, then the call's answer", { timeout: 60_000 }, async () => {
		const today = businessToday();
		const call = await post(sessionId, {
			jsonrpc: "2.0",
			id: 7,
			method: "tools/call",
			params: {
				name: "occupancy_report",
				arguments: { start: today, end: plusDays(today, 7) },
				_meta: { progressToken: "report-1" },
			},
		});
		expect(call.headers.get("Content-Type")).toContain("text/event-stream");
		const beforeDrop = await readEvents(call.body!, (events) => events.some((event) => event.message.method === "notifications/progress"));
		const lastSeen = beforeDrop.at(-1);
		expect(lastSeen?.message.method).toBe("notifications/progress");
		expect(lastSeen?.id).toBeTruthy();
		expect(beforeDrop.some((event) => event.message.id === 7)).toBe(false);

		const resumed = await workerFetch(new URL("/mcp", WORKER_ORIGIN), {
			method: "GET",
			headers: { ...HEADERS, Accept: "text/event-stream", "Mcp-Session-Id": sessionId, "Last-Event-ID": lastSeen!.id! },
		});
		expect(resumed.status).toBe(200);
		const afterResume = await readEvents(resumed.body!, (events) => events.some((event) => event.message.id === 7));

		const answer = afterResume.find((event) => event.message.id === 7);
		expect(answer?.message.result?.isError).toBeFalsy();
		expect(answer?.message.result?.structuredContent).toMatchObject({ firstNight: today, lastNightAsked: plusDays(today, 7) });
		// Nothing heard twice, and progress kept increasing across the two streams.
		const progress = [...beforeDrop, ...afterResume]
			.filter((event) => event.message.method === "notifications/progress")
			.map((event) => event.message.params?.progress ?? 0);
		expect(progress.length).toBeGreaterThan(1);
		for (let index = 1; index < progress.length; index++) expect(progress[index]).toBeGreaterThan(progress[index - 1] as number);
		const ids = [...beforeDrop, ...afterResume].map((event) => event.id).filter(Boolean);
		expect(new Set(ids).size).toBe(ids.length);
	});
});
