/**
 * The MCP logging capability, honoured per session: the level a client sets with
 * `logging/setLevel` is kept in the session's storage (so it survives the Durable Object
 * going to sleep), and messages below it are not sent. Messages are sent on the stream of
 * the request they belong to, so clients without a standalone stream still receive them.
 * Log data is counters and ids only, never guest text or secrets.
 */
import type { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";
import { LoggingLevelSchema, type LoggingLevel, SetLevelRequestSchema } from "@modelcontextprotocol/sdk/types.js";

const LEVEL_KEY = "session:logLevel";
/** Without a setLevel request, the session hears info and above. */
const DEFAULT_LEVEL: LoggingLevel = "info";
const SEVERITY = new Map(LoggingLevelSchema.options.map((level, index) => [level, index]));

export interface LogSink {
	sendNotification(notification: {
		method: "notifications/message";
		params: { level: LoggingLevel; logger: string; data: unknown };
	}): Promise<void>;
}

export class SessionLogger {
	private level: LoggingLevel | undefined;

	constructor(private readonly storage: DurableObjectStorage) {}

	/** Replaces the SDK's in-memory setLevel handler with one that persists the level. */
	install(server: McpServer): void {
		server.server.setRequestHandler(SetLevelRequestSchema, async (request) => {
			this.level = request.params.level;
			await this.storage.put(LEVEL_KEY, this.level);
			return {};
		});
	}

	async log(sink: LogSink, level: LoggingLevel, data: unknown): Promise<void> {
		this.level ??= (await this.storage.get<LoggingLevel>(LEVEL_KEY)) ?? DEFAULT_LEVEL;
		if ((SEVERITY.get(level) ?? 0) < (SEVERITY.get(this.level) ?? 0)) return;
		await sink.sendNotification({ method: "notifications/message", params: { level, logger: "hostaway-mcp", data } }).catch(() => {
			// A client that went away cannot be told; logging must never fail a tool call.
		});
	}
}
