/**
 * The session's resumable streams (src/mcp/session-streams.ts): what a client resuming with
 * `Last-Event-ID` gets back, and what is let go; what a POST's response (a stream's reader)
 * hears. The resumption itself, through the Worker and McpAgent, is
 * test/mcp/stream-resumption.test.ts.
 */
import type { JSONRPCMessage } from "@modelcontextprotocol/sdk/types.js";
import { describe, expect, it } from "vitest";
import { SessionStreams, type StreamReader } from "../../src/mcp/session-streams";

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

	it("sends a request's messages to the newest stream holding its id, not to an older call that never answered", () => {
		const streams = new SessionStreams();
		streams.setRequestIds("cancelled-call", [3]);
		streams.setRequestIds("new-call", [3]);
		expect(streams.streamForRequestId(3)).toEqual({ streamId: "new-call", requestIds: [3] });
	});

	it("keeps a bounded number of streams, the oldest let go first", async () => {
		const streams = new SessionStreams();
		const oldest = await streams.storeEvent("stream-0", progress(0));
		for (let index = 1; index <= 1_000; index++) await streams.storeEvent(`stream-${index}`, progress(index));
		expect(await streams.getStreamIdForEventId(oldest)).toBeUndefined();
		expect(await streams.getStreamIdForEventId("stream-1000:1")).toBe("stream-1000");
	});

	it("gives a POST's reader each event of its stream as it is stored, until the stream ends", async () => {
		const streams = new SessionStreams();
		const { reader, heard } = recordingReader();
		streams.open("post-a", [1], reader);
		const first = await streams.storeEvent("post-a", progress(1));
		await streams.storeEvent("other", progress(99));
		expect(streams.streamForRequestId(1)).toEqual({ streamId: "post-a", requestIds: [1] });
		await streams.clearStream("post-a");
		await streams.storeEvent("post-a", progress(2));
		expect(heard).toEqual([{ eventId: first, message: progress(1) }, "end"]);
	});

	it("ends a reader's stream for it when a resumption takes the stream over, and keeps the events of one that went away", async () => {
		const streams = new SessionStreams();
		const taken = recordingReader();
		streams.open("post-a", [1], taken.reader);
		const seen = await streams.storeEvent("post-a", progress(1));
		await replay(streams, seen);
		await streams.storeEvent("post-a", progress(2));
		expect(taken.heard).toEqual([{ eventId: seen, message: progress(1) }, "end"]);

		const gone = recordingReader();
		streams.open("post-b", [2], gone.reader);
		streams.detach("post-b", gone.reader);
		const missed = await streams.storeEvent("post-b", progress(3));
		expect(gone.heard).toEqual([]);
		expect(await streams.getStreamIdForEventId(missed)).toBe("post-b");
	});
});

function recordingReader(): { reader: StreamReader; heard: unknown[] } {
	const heard: unknown[] = [];
	return { heard, reader: { event: (eventId, message) => heard.push({ eventId, message }), end: () => heard.push("end") } };
}
