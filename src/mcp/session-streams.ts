/**
 * The session's SSE streams, for resumption with `Last-Event-ID`, kept in the session object's
 * memory instead of its storage.
 *
 * McpAgent's default (DurableObjectEventStore plus the stream → request ids rows) writes to the
 * object's storage around every response: the request ids when a POST arrives, each event before
 * it is sent, and a list-and-delete of both when the stream ends. A response leaves only once
 * those writes are durable, so every tool call, ping and list paid for storage it almost never
 * read back.
 *
 * What memory gives up is nothing a client can use: a POST stream's events can only be resumed
 * while its call is still running, and a running call lives in this object's memory anyway (a
 * restarted object has lost the call, stored events or not; McpAgent also clears a stream as soon
 * as its final response is sent, delivered or not). Server-initiated messages on the standalone GET
 * stream are replayable while the object lives; this server sends none it needs delivered.
 *
 * Bounded: at most MAX_EVENTS_PER_STREAM events per stream (oldest dropped) and MAX_STREAMS
 * streams (oldest dropped), so abandoned streams cannot grow the object's memory.
 *
 * A POST answered by the route's fast path (src/mcp/session-post.ts) has no WebSocket for the
 * transport to write to, so the transport stores each of its messages here (its path for a
 * connection that is gone) and the stream's reader, the POST's response body, gets them from
 * here as they are stored.
 */
import type { EventId, EventStore, StreamId } from "@modelcontextprotocol/sdk/server/streamableHttp.js";
import type { JSONRPCMessage, RequestId } from "@modelcontextprotocol/sdk/types.js";

/** Far more than one call sends (progress is at most one a second for its wait bound). */
const MAX_EVENTS_PER_STREAM = 1_000;
/** Far more streams than a session has in flight at once. */
const MAX_STREAMS = 200;

/** Where a stream's events go as they are stored: the response of the POST that opened the stream. */
export interface StreamReader {
	event(eventId: EventId, message: JSONRPCMessage): void;
	/** No more events for this reader: the call's answer was sent, a resumption took the stream over, or it was dropped. */
	end(): void;
}

interface Stream {
	/** The POST's JSON-RPC request ids (none for the standalone GET stream). */
	requestIds?: RequestId[];
	events: { sequence: number; message: JSONRPCMessage }[];
	nextSequence: number;
	reader?: StreamReader;
}

/** Event ids are `<streamId>:<sequence>`, so the stream of an event id is known without a lookup. */
function eventIdOf(streamId: StreamId, sequence: number): EventId {
	return `${streamId}:${sequence}`;
}

function parseEventId(eventId: EventId): { streamId: StreamId; sequence: number } | undefined {
	const separator = eventId.lastIndexOf(":");
	if (separator <= 0) return undefined;
	const sequence = Number(eventId.slice(separator + 1));
	return Number.isInteger(sequence) ? { streamId: eventId.slice(0, separator), sequence } : undefined;
}

export class SessionStreams implements EventStore {
	/** Map order is creation order: the oldest stream is the first to go. */
	private readonly streams = new Map<StreamId, Stream>();

	// ---- EventStore (the transport stores and replays events) --------------------------------

	async storeEvent(streamId: StreamId, message: JSONRPCMessage): Promise<EventId> {
		const stream = this.streamOf(streamId);
		const sequence = stream.nextSequence++;
		stream.events.push({ sequence, message });
		if (stream.events.length > MAX_EVENTS_PER_STREAM) stream.events.shift();
		const eventId = eventIdOf(streamId, sequence);
		stream.reader?.event(eventId, message);
		return eventId;
	}

	async getStreamIdForEventId(eventId: EventId): Promise<StreamId | undefined> {
		const parsed = parseEventId(eventId);
		return parsed && this.streams.has(parsed.streamId) ? parsed.streamId : undefined;
	}

	async replayEventsAfter(
		lastEventId: EventId,
		{ send }: { send: (eventId: EventId, message: JSONRPCMessage) => Promise<void> },
	): Promise<StreamId> {
		const parsed = parseEventId(lastEventId);
		const stream = parsed && this.streams.get(parsed.streamId);
		if (!parsed || !stream) return "";
		// The resuming client reads the stream from now on, and MCP sends a message on one stream
		// only (McpAgent likewise closes the connection a resumption supersedes).
		endReader(stream);
		for (const event of stream.events) {
			if (event.sequence > parsed.sequence) await send(eventIdOf(parsed.streamId, event.sequence), event.message);
		}
		return parsed.streamId;
	}

	/** The transport ends a POST stream once its final response is sent. */
	async clearStream(streamId: StreamId): Promise<void> {
		const stream = this.streams.get(streamId);
		if (stream) endReader(stream);
		this.streams.delete(streamId);
	}

	// ---- a POST stream's reader (the route's fast path) ---------------------------------------

	/** Opens a POST stream whose events go to `reader` as they are stored, until the stream ends. */
	open(streamId: StreamId, requestIds: RequestId[], reader: StreamReader): void {
		const stream = this.streamOf(streamId);
		stream.requestIds = requestIds;
		stream.reader = reader;
	}

	/** The reader's client went away: the stream goes on without it, for a resumption. */
	detach(streamId: StreamId, reader: StreamReader): void {
		const stream = this.streams.get(streamId);
		if (stream?.reader === reader) stream.reader = undefined;
	}

	// ---- a POST stream's request ids (McpAgent's stream bookkeeping) ---------------------------

	setRequestIds(streamId: StreamId, requestIds: RequestId[]): void {
		this.streamOf(streamId).requestIds = requestIds;
	}

	requestIdsOf(streamId: StreamId): RequestId[] | undefined {
		return this.streams.get(streamId)?.requestIds;
	}

	deleteRequestIds(streamId: StreamId): void {
		const stream = this.streams.get(streamId);
		if (stream) stream.requestIds = undefined;
	}

	/**
	 * The stream a request's messages go to when no connection holds it: always for a fast-path
	 * POST, otherwise when the connection that sent it is gone. The newest stream with the id: an
	 * older one still holding it is a call that never answered (a cancelled request gets no
	 * response), and a client that started again numbers its requests from the start again.
	 */
	streamForRequestId(requestId: RequestId): { streamId: StreamId; requestIds: RequestId[] } | undefined {
		const newestFirst = [...this.streams].reverse();
		for (const [streamId, stream] of newestFirst) {
			if (stream.requestIds?.includes(requestId)) return { streamId, requestIds: stream.requestIds };
		}
		return undefined;
	}

	private streamOf(streamId: StreamId): Stream {
		let stream = this.streams.get(streamId);
		if (!stream) {
			stream = { events: [], nextSequence: 1 };
			this.streams.set(streamId, stream);
			if (this.streams.size > MAX_STREAMS) {
				const [oldest, dropped] = this.streams.entries().next().value ?? [];
				if (dropped) endReader(dropped);
				if (oldest !== undefined) this.streams.delete(oldest);
			}
		}
		return stream;
	}
}

function endReader(stream: Stream): void {
	const { reader } = stream;
	stream.reader = undefined;
	reader?.end();
}
