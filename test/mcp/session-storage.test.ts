/**
 * What an MCP session keeps in its Durable Object storage: a completed write's result is kept
 * for replay, sealed, so no guest data (a guest's name, a booking) is stored in plain form; the
 * replay still returns the first result.
 */
import { env, runInDurableObject } from "cloudflare:test";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { HostawayMcpAgent } from "../../src/mcp/agent";
import { freshSandbox } from "../helpers/sandbox";
import { sandboxListings } from "../helpers/sandbox-records";
import { findFreeStays } from "../helpers/stay-expectations";
import { callPatiently, connectMcpClient } from "../helpers/tools";
import type { Client } from "@modelcontextprotocol/sdk/client/index.js";

let client: Client;

beforeAll(async () => {
	await freshSandbox();
	client = await connectMcpClient();
});
afterAll(async () => {
	await client.close();
});

interface WriteOutput {
	status: string;
	replayed?: boolean;
	confirmationToken?: string;
	result?: { booking: { id: number; guestName: string } };
}

describe("session storage", () => {
	it("keeps a booking's result for replay only in sealed form, and replays it whole", async () => {
		const [stay] = await findFreeStays(await sandboxListings(), 1);
		const guestName = "Marisol Quintanilla-Byrne";
		const args = { listingId: stay!.listing.id, arrival: stay!.arrival, departure: stay!.departure, guestName, adults: 2 };
		const preview = await callPatiently<WriteOutput>(client, "create_booking", args);
		const confirm = { ...args, confirmationToken: preview.data.confirmationToken };
		const created = await callPatiently<WriteOutput>(client, "create_booking", confirm);
		expect(created.data.status).toBe("done");
		expect(created.raw).toContain("Quintanilla-Byrne");

		const sessionId = (client.transport as { sessionId?: string }).sessionId!;
		const session = env.MCP_OBJECT.get(env.MCP_OBJECT.idFromName(`streamable-http:${sessionId}`)) as DurableObjectStub<HostawayMcpAgent>;
		const stored = await runInDurableObject(session, async (_agent, state) => JSON.stringify([...(await state.storage.list()).entries()]));
		expect(stored).toContain(`write:done:${confirm.confirmationToken}`);
		for (const plain of ["Marisol", "Quintanilla", String(created.data.result?.booking.id)]) expect(stored).not.toContain(plain);

		const replay = await callPatiently<WriteOutput>(client, "create_booking", confirm);
		expect(replay.data).toMatchObject({ status: "done", replayed: true, result: created.data.result });
	});
});
