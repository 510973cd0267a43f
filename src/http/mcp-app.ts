/**
 * The protected part of the Worker: /mcp, reached only through src/http/worker.ts with the
 * caller's session props in the execution context.
 */
import { Hono } from "hono";
import { ConfigError } from "../config";
import { SERVER_VERSION } from "../version";
import { handleMcp, MCP_PATH } from "./mcp-route";

export const mcpApp = new Hono<{ Bindings: Env }>();

mcpApp.all(MCP_PATH, handleMcp);

mcpApp.notFound((c) => c.json({ error: "Not found" }, 404));

mcpApp.onError((error, c) => {
	if (error instanceof ConfigError) {
		console.error(error.message);
		return c.json({ status: "misconfigured", version: SERVER_VERSION, error: error.message, problems: error.problems }, 503);
	}
	console.error("unhandled error", error instanceof Error ? error.stack : String(error));
	return c.json({ status: "error", error: "Internal server error" }, 500);
});
