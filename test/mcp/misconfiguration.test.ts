/**
 * A configuration error met during a tool call is named, never "Internal error": on a live
 * configuration without ENCRYPTION_KEY, every tool that needs Hostaway answers a tool error
 * naming ENCRYPTION_KEY, through the official MCP client.
 *
 * The session's Durable Object always runs with the test runtime's own variables (the sandbox),
 * so the tools are registered here, as the session does it (registerOperations, the same
 * operation context), on a server built with a live configuration.
 */
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { InMemoryTransport } from "@modelcontextprotocol/sdk/inMemory.js";
import { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";
import { CfWorkerJsonSchemaValidator } from "@modelcontextprotocol/sdk/validation/cfworker";
import { env } from "cloudflare:workers";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sessionIdentity } from "../../src/auth/session-props";
import { getConfig } from "../../src/config";
import { SessionLogger } from "../../src/mcp/logging";
import { registerOperations } from "../../src/mcp/register-operations";
import { operations } from "../../src/operations/registry";
import { createOperationContext } from "../../src/wiring/operation-context";
import { callTool } from "../helpers/tools";

/** A live deployment that forgot ENCRYPTION_KEY; the Hostaway URL (loopback port 9, discard) is never reached. */
const liveEnv = {
	...env,
	HOSTAWAY_BASE_URL: "http://127.0.0.1:9/v1",
	HOSTAWAY_ACCOUNT_ID: "424242",
	HOSTAWAY_API_KEY: "live-api-key-never-shown",
	ENCRYPTION_KEY: "",
	SANDBOX_TODAY: "",
	HOSTAWAY_RATE_WINDOW_MS: "",
	LOCAL_DEV_OPEN_ACCESS: "",
};

/** Log levels are kept in the session's storage; this session keeps them in memory. */
const memoryStorage = () => {
	const values = new Map<string, unknown>();
	return {
		get: async (key: string) => values.get(key),
		put: async (key: string, value: unknown) => void values.set(key, value),
	} as unknown as DurableObjectStorage;
};

let client: Client;

beforeAll(async () => {
	const config = getConfig(liveEnv);
	expect(config.hostawayMode).toBe("live");
	expect(config.encryptionKey).toBeUndefined();
	const session = sessionIdentity({
		tenantId: "424242",
		access: "write",
		userId: "key:operator",
		clientId: "api-key:operator",
		clientName: "operator",
		via: "api-key",
		credentialRef: "key:operator",
	});
	const server = new McpServer({ name: "misconfigured", version: "1" });
	registerOperations(
		server,
		operations,
		async () => createOperationContext(liveEnv, config, session, undefined, config.operatorAccount),
		new SessionLogger(memoryStorage()),
	);
	const [clientTransport, serverTransport] = InMemoryTransport.createLinkedPair();
	await server.connect(serverTransport);
	client = new Client({ name: "misconfiguration-test", version: "1" }, { jsonSchemaValidator: new CfWorkerJsonSchemaValidator() });
	await client.connect(clientTransport);
});
afterAll(async () => {
	await client?.close();
});

describe("a tool call on a live configuration without ENCRYPTION_KEY", () => {
	it.each([
		["whoami", {}],
		["list_listings", {}],
		["get_booking", { bookingId: 1 }],
	])("%s answers a tool error naming ENCRYPTION_KEY, not an internal error", async (name, args) => {
		const result = await callTool(client, name, args);
		expect(result.isError).toBe(true);
		expect(result.text).toContain("ENCRYPTION_KEY is not set");
		expect(result.text).toMatch(/operator must fix/);
		expect(result.text).not.toMatch(/internal error/i);
		expect(result.raw).not.toContain("live-api-key-never-shown");
	});
});
