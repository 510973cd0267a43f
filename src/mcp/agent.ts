/**
 * The MCP session: one Durable Object per Streamable HTTP session (McpAgent from `agents`).
 * It owns the MCP server object, registers the operations for the session's tenant and
 * access level, keeps the session's write ledger, and deletes itself after a day without
 * use so abandoned sessions do not pile up. Everything tool-specific lives in
 * src/operations; this file only wires.
 */
import { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";
import { McpAgent } from "agents/mcp";
import { getConfig, requireEncryptionKey } from "../config";
import { Sealer } from "../crypto/sealer";
import { isWriteOperation } from "../operations/operation";
import { operations } from "../operations/registry";
import { SERVER_NAME, SERVER_VERSION } from "../version";
import { createOperationContext } from "../wiring/operation-context";
import { SERVER_INSTRUCTIONS } from "./instructions";
import { SessionLogger } from "./logging";
import { registerPrompts } from "./prompts";
import { registerResources } from "./resources";
import { type ContextFactory, registerOperations } from "./register-operations";
import { answerPost, type SessionPost, type SessionPostAnswer } from "./session-post";
import { SessionStreams } from "./session-streams";
import { SessionWriteLedger } from "./session-ledger";
import { sessionOwners } from "../auth/session-owner";
import { type SessionProps, sessionIdentity } from "../auth/session-props";
import { credentialsForTenant } from "../auth/tenant-credentials";
import type { HostawayCredentials } from "../hostaway";
import type { RequestId } from "@modelcontextprotocol/sdk/types.js";

/** A session unused for this long deletes its own storage. */
export const SESSION_IDLE_SECONDS = 24 * 60 * 60;
const LAST_USED_KEY = "session:lastUsedAt";
/**
 * How long a session reuses its tenant's credentials before reading them again: new credentials
 * stored at a later sign-in reach running sessions within this time.
 */
const CREDENTIALS_REUSE_MS = 5 * 60 * 1000;
/**
 * A session records its use at most this often: the idle limit is a day, so a minute's
 * staleness changes nothing, and a tool call then costs no storage write or schedule lookup.
 */
const USE_RECORD_INTERVAL_MS = 60 * 1000;

export class HostawayMcpAgent extends McpAgent<Env, unknown, SessionProps> {
	server = new McpServer(
		{ name: SERVER_NAME, version: SERVER_VERSION },
		{ instructions: SERVER_INSTRUCTIONS, capabilities: { logging: {} } },
	);

	/** Resumable SSE streams, in memory rather than storage (why: session-streams.ts). */
	private readonly streams = new SessionStreams();

	protected override getEventStore(): SessionStreams {
		return this.streams;
	}

	// McpAgent keeps each POST stream's request ids next to its events; they live together here.
	override async setStreamRequestIds(streamId: string, requestIds: RequestId[]): Promise<void> {
		this.streams.setRequestIds(streamId, requestIds);
	}

	override async getStreamRequestIds(streamId: string): Promise<RequestId[] | undefined> {
		return this.streams.requestIdsOf(streamId);
	}

	override async deleteStreamRequestIds(streamId: string): Promise<void> {
		this.streams.deleteRequestIds(streamId);
	}

	override async getStreamForRequestId(requestId: RequestId): Promise<{ streamId: string; requestIds: RequestId[] } | undefined> {
		return this.streams.streamForRequestId(requestId);
	}

	/**
	 * A POST in this session from the route's fast path (src/http/mcp-session-post.ts), in one RPC:
	 * src/mcp/session-post.ts. It starts the object with the caller's props, as McpAgent.serve does
	 * on every request (they reach `onStart` when this call is the one that wakes the object). The
	 * leading underscore keeps `agents` from wrapping the method: its wrapper would start a woken
	 * object first, without the props.
	 */
	async _postInSession(post: SessionPost, props: SessionProps): Promise<SessionPostAnswer> {
		await this.__unsafe_ensureInitialized(props);
		if (!(await this.getInitializeRequest())) return { kind: "unknown-session" };
		const transport = this.server.server.transport;
		if (!transport) throw new Error("The session's MCP server is not connected to its transport");
		return answerPost(transport, this.streams, post);
	}

	async init(): Promise<void> {
		const config = getConfig(this.env);
		const session = sessionIdentity(this.props);
		const ledger = new SessionWriteLedger(this.ctx.storage, () => new Sealer(requireEncryptionKey(config)));
		const logger = new SessionLogger(this.ctx.storage);
		const offered = operations.filter((operation) => session.access === "write" || !isWriteOperation(operation));
		let credentials: { value: HostawayCredentials | undefined; readAt: number } | undefined;
		const tenantCredentials = async () => {
			if (!credentials || Date.now() - credentials.readAt > CREDENTIALS_REUSE_MS) {
				credentials = { value: await credentialsForTenant(this.env, config, session.accountId), readAt: Date.now() };
			}
			return credentials.value;
		};
		const contextFor: ContextFactory = async (progress) => {
			const [, value] = await Promise.all([this.markUsed(), tenantCredentials()]);
			return createOperationContext(this.env, config, session, ledger, value, progress);
		};
		// Only a session a client really opened has a clock to start: a request naming an unknown
		// session id wakes an object too, and must not leave anything behind.
		this.server.server.oninitialized = () => void this.startIdleClock();
		logger.install(this.server);
		registerOperations(this.server, offered, contextFor, logger);
		registerResources(this.server, offered, contextFor);
		registerPrompts(this.server, contextFor);
	}

	/**
	 * A new session starts its idle clock when the client has initialized it, so a session that
	 * never calls a tool expires too. One that has a clock already keeps it.
	 */
	private async startIdleClock(): Promise<void> {
		if ((await this.ctx.storage.get<number>(LAST_USED_KEY)) !== undefined) return;
		await this.markUsed();
	}

	/** When this object last recorded the session's use (in memory: a restarted object records again). */
	private useRecordedAt = 0;

	/** Records activity and makes sure an idle check is scheduled (one at a time). */
	private async markUsed(): Promise<void> {
		const now = Date.now();
		if (now - this.useRecordedAt < USE_RECORD_INTERVAL_MS) return;
		this.useRecordedAt = now;
		await this.ctx.storage.put(LAST_USED_KEY, now);
		await this.schedule(SESSION_IDLE_SECONDS, "expireIfIdle", undefined, { idempotent: true });
	}

	/** Scheduled: deletes the session when idle long enough, otherwise checks again later. */
	async expireIfIdle(): Promise<void> {
		const lastUsedAt = (await this.ctx.storage.get<number>(LAST_USED_KEY)) ?? 0;
		const idleFor = Date.now() - lastUsedAt;
		if (idleFor >= SESSION_IDLE_SECONDS * 1000) {
			// The session id becomes unknown first, so no request reaches a half-destroyed session.
			await sessionOwners(this.env).forget(this.getSessionId());
			await this.destroy();
			return;
		}
		const remainingSeconds = Math.ceil((SESSION_IDLE_SECONDS * 1000 - idleFor) / 1000);
		// Not idempotent: the schedule running now still exists and would be "reused".
		await this.schedule(remainingSeconds, "expireIfIdle", undefined, { idempotent: false });
	}
}
