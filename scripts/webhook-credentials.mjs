#!/usr/bin/env node
/**
 * `npm run webhook-credentials -- --account <id> [--url <origin>]`: prints the HTTP Basic login
 * and password a tenant's Hostaway webhook must send, and the URL to enter in Hostaway.
 *
 * The credentials are derived from WEBHOOK_SECRET exactly as the Worker derives them
 * (src/auth/webhook-credentials.ts; test/scripts/webhook-credentials.unit.test.ts checks they
 * agree), so nothing is stored. WEBHOOK_SECRET is taken from the environment, else from
 * `.dev.vars` in the repository root; use the deployed server's secret for a deployed server.
 * The origin is `--url`, else PUBLIC_URL (environment, then `.dev.vars`), else http://localhost:8787.
 * Plain Node, no dependencies.
 */
import { createHmac } from "node:crypto";
import { existsSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { canonicalAccountId, fail, parseOptions } from "./lib/cli.mjs";

const COMMAND = "webhook-credentials";
const USAGE = "npm run webhook-credentials -- --account <Hostaway account id> [--url https://<your-worker>.workers.dev]";

/** Must equal WEBHOOK_PASSWORD_LABEL in src/auth/webhook-credentials.ts. */
const WEBHOOK_PASSWORD_LABEL = "hostaway-mcp webhook v1 ";
const WEBHOOK_PATH = "/webhooks/hostaway";
const DEFAULT_ORIGIN = "http://localhost:8787";

const options = parseOptions(COMMAND, USAGE, ["account", "url"]);
if (options.account === undefined) fail(COMMAND, "--account is required (the Hostaway account id the webhook is for)", USAGE);
const tenantId = canonicalAccountId(options.account);
if (!tenantId)
	fail(COMMAND, `--account must be a Hostaway account id (up to 12 digits, not 0), got ${JSON.stringify(options.account)}`, USAGE);

const devVars = readDevVars(join(dirname(fileURLToPath(import.meta.url)), "..", ".dev.vars"));

// The Worker trims the secret when it reads it (src/config.ts), so the same is done here.
const secret = (process.env.WEBHOOK_SECRET ?? devVars.WEBHOOK_SECRET ?? "").trim();
if (secret === "") fail(COMMAND, "WEBHOOK_SECRET is not set: set it in the environment or in .dev.vars (the server's value)");
if (secret.length < 32) fail(COMMAND, "WEBHOOK_SECRET must be at least 32 characters, as the server requires");

const origin = originOf(options.url ?? process.env.PUBLIC_URL ?? devVars.PUBLIC_URL ?? DEFAULT_ORIGIN);
const password = createHmac("sha256", secret)
	.update(WEBHOOK_PASSWORD_LABEL + tenantId)
	.digest("base64url");

console.log(`Webhook for Hostaway account ${tenantId}:`);
console.log(`  URL:      ${origin}${WEBHOOK_PATH}`);
console.log(`  Login:    hostaway-${tenantId}`);
console.log(`  Password: ${password}`);
console.log("In Hostaway's webhook settings, create a unified webhook with this URL, login and password (one webhook per account).");

/** `NAME=value` lines of a .dev.vars file (dotenv syntax: comments, optional quotes); none if it does not exist. */
function readDevVars(path) {
	if (!existsSync(path)) return {};
	const vars = {};
	for (const line of readFileSync(path, "utf8").split(/\r?\n/)) {
		const match = /^\s*(?:export\s+)?([A-Za-z_][A-Za-z0-9_]*)\s*=\s*(.*?)\s*$/.exec(line);
		if (!match) continue;
		const [, name, raw] = match;
		const quoted = /^(["'])(.*)\1$/.exec(raw);
		vars[name] = quoted ? quoted[2] : raw.replace(/\s+#.*$/, "");
	}
	return vars;
}

function originOf(value) {
	let url;
	try {
		url = new URL(value);
	} catch {
		return fail(
			COMMAND,
			`--url must be the server's origin, such as https://hostaway-mcp.example.workers.dev, got ${JSON.stringify(value)}`,
			USAGE,
		);
	}
	if (url.protocol !== "https:" && url.protocol !== "http:")
		fail(COMMAND, `--url must be an http(s) origin, got ${JSON.stringify(value)}`, USAGE);
	return url.origin;
}
