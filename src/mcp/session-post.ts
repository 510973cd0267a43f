/**
 * A POST in an open session, answered by the session object in the one RPC of the route's fast
 * path (src/http/mcp-session-post.ts), instead of McpAgent's bridge: three calls into this object
 * and a WebSocket, whose messages the Worker turned into the POST's SSE response.
 *
 * The messages go to the transport McpAgent connected the MCP server to, as its own POST handler
 * gives them (`onmessage` with the request's URL and headers, after McpAgent's interceptor for
 * elicitation answers), so the server, its tools, progress, logging and McpAgent's stream
 * bookkeeping run unchanged. Only the delivery differs: the transport finds no WebSocket for
 * these request ids, so it sends each message to the stream they are recorded under (its path for
 * a connection that is gone), which stores it in SessionStreams with its event id; the stream's
 * reader is this POST's response body, which writes it as the SSE event McpAgent's bridge writes.
 * The transport ends the stream once every request has its answer.
 */
import type { Transport } from "@modelcontextprotocol/sdk/shared/transport.js";
import { isJSONRPCRequest, type JSONRPCMessage, type MessageExtraInfo } from "@modelcontextprotocol/sdk/types.js";
import type { SessionStreams, StreamReader } from "./session-streams";

export interface SessionPost {
	/** The body's JSON-RPC messages, valid ones, none an `initialize` (McpAgent.serve opens sessions). */
	messages: JSONRPCMessage[];
	/** The request's URL and headers, which handlers see as `extra.requestInfo`, as from McpAgent. */
	url: string;
	headers: Record<string, string>;
}

export type SessionPostAnswer =
	/** The session was never initialized, or has ended. */
	| { kind: "unknown-session" }
	/** Notifications and responses only: handed to the server, nothing to answer. */
	| { kind: "accepted" }
	/** The SSE events of the POST's requests: their answers and what is sent while they run. */
	| { kind: "stream"; body: ReadableStream<Uint8Array> };

/** McpAgent's bridge sends an SSE comment this often, so a silent long call is not cut off as idle (agents#1583). */
const KEEPALIVE_MS = 25_000;
const KEEPALIVE_FRAME = ": keepalive\n\n";

/** Set by McpAgent on its transport; true when the message was an answer to its elicitation. */
type MessageInterceptor = (message: JSONRPCMessage, extra: MessageExtraInfo) => Promise<boolean>;

export async function answerPost(transport: Transport, streams: SessionStreams, post: SessionPost): Promise<SessionPostAnswer> {
	const extra: MessageExtraInfo = { requestInfo: { headers: post.headers, url: new URL(post.url) } };
	const requestIds = post.messages.filter(isJSONRPCRequest).map((message) => message.id);
	let body: ReadableStream<Uint8Array> | undefined;
	if (requestIds.length > 0) {
		// Stream ids must not contain ':' (event ids are `<streamId>:<sequence>`); McpAgent uses its connection's UUID.
		const streamId = crypto.randomUUID();
		body = sseBody(
			(reader) => streams.open(streamId, requestIds, reader),
			(reader) => streams.detach(streamId, reader),
		);
	}
	const intercept = (transport as { messageInterceptor?: MessageInterceptor }).messageInterceptor;
	for (const message of post.messages) {
		if (intercept && (await intercept(message, extra))) continue;
		transport.onmessage?.(message, extra);
	}
	return body ? { kind: "stream", body } : { kind: "accepted" };
}

/** A response body that a stream's reader writes SSE events into; it ends when the stream ends for it. */
function sseBody(open: (reader: StreamReader) => void, detach: (reader: StreamReader) => void): ReadableStream<Uint8Array> {
	const encoder = new TextEncoder();
	let done = false;
	let keepalive: ReturnType<typeof setInterval> | undefined;
	let reader: StreamReader | undefined;
	const stop = () => {
		done = true;
		clearInterval(keepalive);
	};
	return new ReadableStream<Uint8Array>({
		start(controller) {
			const write = (text: string) => {
				if (!done) controller.enqueue(encoder.encode(text));
			};
			reader = {
				event: (eventId, message) => write(`event: message\nid: ${eventId}\ndata: ${JSON.stringify(message)}\n\n`),
				end: () => {
					if (done) return;
					stop();
					controller.close();
				},
			};
			keepalive = setInterval(() => write(KEEPALIVE_FRAME), KEEPALIVE_MS);
			open(reader);
		},
		// The client went away: the call goes on, and its events are kept for a resumption.
		cancel() {
			stop();
			if (reader) detach(reader);
		},
	});
}
