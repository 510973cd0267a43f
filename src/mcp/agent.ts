/**
 * The MCP session: one Durable Object per Streamable HTTP session (McpAgent from `agents`).
 * It owns the MCP server object and registers the operations for the session's tenant and
 * access level. Everything tool-specific lives in src/operations; this file only wires.
 */
import { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";
import { McpAgent } from "agents/mcp";
import { getConfig } from "../config";
import { isWriteOperation } from "../operations/operation";
import { operations } from "../operations/registry";
import { SERVER_NAME, SERVER_VERSION } from "../version";
import { SERVER_INSTRUCTIONS } from "./instructions";
import { registerOperations } from "./register-operations";
import { type SessionProps, sessionIdentity } from "./session";

export class HostawayMcpAgent extends McpAgent<Env, unknown, SessionProps> {
	server = new McpServer(
		{ name: SERVER_NAME, version: SERVER_VERSION },
		{ instructions: SERVER_INSTRUCTIONS, capabilities: { logging: {} } },
	);

	async init(): Promise<void> {
		const config = getConfig(this.env);
		const session = sessionIdentity(this.props);
		const offered = operations.filter((operation) => session.access === "write" || !isWriteOperation(operation));
		registerOperations(this.server, offered, () => ({ config, session, now: new Date() }));
	}
}
