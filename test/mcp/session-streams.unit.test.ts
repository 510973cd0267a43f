/**
 * The session's resumable streams (src/mcp/session-streams.ts): what a client resuming with
 * `Last-Event-ID` gets back, and what is let go. The resumption itself, through the Worker and
 * McpAgent, is test/mcp/stream-resumption.test.ts.
 */
import type { JSONRPCMessage } from "@modelcontextprotocol/sdk/types.js";
import { describe, expect, it } from "vitest";
import { SessionStreams } from "../../src/mcp/session-streams";

const progress = (value: number): JSONRPCMessage => ({
	jsonrpc: "2.0",
	method: "notifications/progress",
	params: { progressToken: "t", progress: value },
});

async function replay(streams: SessionStreams, lastEventId: string) {
	const sent: { eventId: string; message: JSONRPCMessage }[] = [];
	const streamId = await streams.replayEventsAfter(lastEventId, { send: async (eventId, message) => void sent.push({ eventId, message }) });
	return { streamId, sent };
}

describe("SessionStreams", () => {
	it("replays the events after the last one the client saw, in order, on their own stream only", async () => {
		const streams = new SessionStreams();
		const first = await streams.storeEvent("post-a", progress(1));
		await streams.storeEvent("other", progress(99));
		const second = await streams.storeEvent("post-a", progress(2));
		const third = await streams.storeEvent("post-a", progress(3));

		expect(await streams.getStreamIdForEventId(first)).toBe("post-a");
		const { streamId, sent } = await replay(streams, first);
		expect(streamId).toBe("post-a");
		expect(sent).toEqual([
			{ eventId: second, message: progress(2) },
			{ eventId: third, message: progress(3) },
		]);
		expect((await replay(streams, third)).sent).toEqual([]);
	});

	it("knows nothing of a stream that ended, or of an id it never gave", async () => {
		const streams = new SessionStreams();
		const eventId = await streams.storeEvent("post-a", progress(1));
		streams.setRequestIds("post-a", [7]);
		await streams.clearStream("post-a");
		expect(await streams.getStreamIdForEventId(eventId)).toBeUndefined();
		expect(await replay(streams, eventId)).toEqual({ streamId: "", sent: [] });
		expect(streams.streamForRequestId(7)).toBeUndefined();
		expect(await streams.getStreamIdForEventId("not-an-event-id")).toBeUndefined();
	});

	it("finds the stream of a request whose connection is gone, until its request ids are dropped", () => {
		const streams = new SessionStreams();
		streams.setRequestIds("post-a", [1, 2]);
		streams.setRequestIds("post-b", [3]);
		expect(streams.streamForRequestId(2)).toEqual({ streamId: "post-a", requestIds: [1, 2] });
		expect(streams.requestIdsOf("post-b")).toEqual([3]);
		streams.deleteRequestIds("post-a");
		expect(streams.streamForRequestId(2)).toBeUndefined();
	});

	it("keeps a bounded number of streams, the oldest let go first", async () => {
		const streams = new SessionStreams();
		const oldest = await streams.storeEvent("stream-0", progress(0));
		for (let index = 1; index <= 1_000; index++) await streams.storeEvent(`stream-${index}`, progress(index));
		expect(await streams.getStreamIdForEventId(oldest)).toBeUndefined();
		expect(await streams.getStreamIdForEventId("stream-1000:1")).toBe("stream-1000");
	});
});
