/**
 * An MCP session on a sandbox account with a rate budget of the test's choosing: for tests of
 * what a call answers when the budget cannot give it every request it would like (partial
 * answers, waits). The session's Durable Object always runs with the test runtime's variables,
 * so the tools are registered here as the session does it (registerOperations, the same
 * operation context) on an in-process MCP server whose configuration carries the budget, and
 * the official SDK client talks to it. The account's TenantGate, KV and the sandbox are the real ones.
 */
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { InMemoryTransport } from "@modelcontextprotocol/sdk/inMemory.js";
import { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";
import { CfWorkerJsonSchemaValidator } from "@modelcontextprotocol/sdk/validation/cfworker";
import { env } from "cloudflare:workers";
import { sessionIdentity } from "../../src/auth/session-props";
import { getConfig } from "../../src/config";
import { SessionLogger } from "../../src/mcp/logging";
import { registerOperations } from "../../src/mcp/register-operations";
import { operations } from "../../src/operations/registry";
import { createOperationContext } from "../../src/wiring/operation-context";
import type { SandboxCredentials } from "./sandbox";

/** The budget, as the operator would configure it (strings, as Worker variables are). */
export interface BudgetVariables {
	/** Requests per window on the general counter (1–200). */
	HOSTAWAY_RATE_PER_10S?: string;
	/** The window's length; the real 10 s unless shortened. */
	HOSTAWAY_RATE_WINDOW_MS?: string;
	/** How long a call waits for its turn, and so when its answer is due. */
	HOSTAWAY_RATE_MAX_WAIT_MS?: string;
}

/** Log levels are kept in the session's storage; this session keeps them in memory. */
function memoryStorage(): DurableObjectStorage {
	const values = new Map<string, unknown>();
	return {
		get: async (key: string) => values.get(key),
		put: async (key: string, value: unknown) => void values.set(key, value),
	} as unknown as DurableObjectStorage;
}

/** A connected read-write session on `account` under `budget`; close the client when done. */
export async function connectWithBudget(account: SandboxCredentials, budget: BudgetVariables): Promise<Client> {
	const config = getConfig({ ...env, ...budget });
	const session = sessionIdentity({
		tenantId: account.accountId,
		access: "write",
		userId: `key:budget-test-${account.accountId}`,
		clientId: "api-key:budget-test",
		clientName: "budget test",
		via: "api-key",
		credentialRef: "key:budget-test",
	});
	const server = new McpServer({ name: "budgeted-session", version: "1" });
	registerOperations(
		server,
		operations,
		async (progress) => createOperationContext(env, config, session, undefined, account, progress),
		new SessionLogger(memoryStorage()),
	);
	const [clientTransport, serverTransport] = InMemoryTransport.createLinkedPair();
	await server.connect(serverTransport);
	const client = new Client({ name: "budgeted-session-test", version: "1" }, { jsonSchemaValidator: new CfWorkerJsonSchemaValidator() });
	await client.connect(clientTransport);
	return client;
}
