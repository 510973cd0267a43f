import { z } from "zod";
import { SERVER_VERSION } from "../version";
import { defineOperation } from "./operation";

export const whoami = defineOperation({
	name: "whoami",
	title: "Who am I connected as",
	description:
		"Which Hostaway account this session works on and its listing count, whether the server talks to the real Hostaway " +
		"API or its built-in sandbox (demo data), and whether this session may make changes (write) or only read. Call it " +
		"first when unsure.",
	input: z.strictObject({}),
	output: z.object({
		accountId: z.string().nullable().describe("Null when no account is connected"),
		listingCount: z.number().int().nullable().describe("Null when no account is connected"),
		mode: z.enum(["sandbox", "live"]).describe("sandbox: built-in demo data; live: a real Hostaway API"),
		access: z.enum(["read", "write"]).describe("write: may create, change and send; read: may only look"),
		serverVersion: z.string(),
	}),
	annotations: { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: true },
	async handler(_input, context) {
		const { config, session } = context;
		// One cheap call proves the credentials work and counts the portfolio.
		const listingCount = session.accountId ? ((await context.hostaway().listListings({ limit: 1 })).count ?? null) : null;
		return {
			accountId: session.accountId ?? null,
			listingCount,
			mode: config.hostawayMode,
			access: session.access,
			serverVersion: SERVER_VERSION,
		};
	},
	render(output) {
		const account = output.accountId
			? `Hostaway account **${output.accountId}** (${output.listingCount ?? "?"} listings)`
			: "**no Hostaway account connected**";
		const mode = output.mode === "sandbox" ? "the built-in **sandbox** (demo data, not a real account)" : "the **live** Hostaway API";
		return `Connected to ${account} through ${mode}. Access: **${output.access}**${output.access === "read" ? " (changes are not allowed)" : ""}. Server version ${output.serverVersion}.`;
	},
});
