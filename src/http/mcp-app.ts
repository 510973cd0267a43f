/**
 * The protected part of the Worker: /mcp, reached only through src/http/worker.ts with the
 * caller's session props in the execution context.
 */
import { Hono } from "hono";
import { handleMcp, MCP_PATH } from "./mcp-route";
import { answerError } from "./misconfigured";

export const mcpApp = new Hono<{ Bindings: Env }>();

mcpApp.all(MCP_PATH, handleMcp);

mcpApp.notFound((c) => c.json({ error: "Not found" }, 404));

mcpApp.onError((error) => answerError(error));
