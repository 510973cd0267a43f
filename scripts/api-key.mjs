#!/usr/bin/env node
/**
 * `npm run api-key -- --account <id> --access read|write --id <name>`: makes a new API key for
 * clients without OAuth (scripts, Claude Code) and prints it once, with its MCP_API_KEYS entry.
 * The server keeps only the entry (the key's SHA-256), so the key cannot be shown again: a lost
 * key is replaced by a new one. Plain Node, no dependencies.
 */
import { createHash, randomBytes } from "node:crypto";
import { canonicalAccountId, fail, parseOptions } from "./lib/cli.mjs";

const COMMAND = "api-key";
const USAGE = "npm run api-key -- --account <Hostaway account id> --access read|write --id <name>";

/** Makes a key recognisable in a leaked log or a secret scanner. */
const KEY_PREFIX = "hmcp_";

const options = parseOptions(COMMAND, USAGE, ["account", "access", "id"]);

const accountId = canonicalAccountId(options.account);
if (options.account === undefined) fail(COMMAND, "--account is required (the Hostaway account id the key works on)", USAGE);
if (!accountId)
	fail(COMMAND, `--account must be a Hostaway account id (up to 12 digits, not 0), got ${JSON.stringify(options.account)}`, USAGE);

if (options.access === undefined) fail(COMMAND, '--access is required: "read" (read only) or "write" (read and write)', USAGE);
if (options.access !== "read" && options.access !== "write")
	fail(COMMAND, `--access must be "read" or "write", got ${JSON.stringify(options.access)}`, USAGE);

if (options.id === undefined) fail(COMMAND, "--id is required (a name for the key, shown in the audit trail)", USAGE);
if (!/^[A-Za-z0-9._-]{1,64}$/.test(options.id)) {
	fail(COMMAND, `--id must be 1-64 letters, digits, dots, dashes or underscores, got ${JSON.stringify(options.id)}`, USAGE);
}

const key = KEY_PREFIX + randomBytes(32).toString("base64url");
const entry = { id: options.id, sha256: createHash("sha256").update(key).digest("hex"), accountId, access: options.access };

console.log(
	`New API key "${options.id}" for Hostaway account ${accountId} (${options.access === "write" ? "read and write" : "read only"}).`,
);
console.log("Copy it now; it is not stored anywhere and cannot be shown again:");
console.log("");
console.log(`  ${key}`);
console.log("");
console.log("Its MCP_API_KEYS entry (holds the key's SHA-256, not the key):");
console.log("");
console.log(`  ${JSON.stringify(entry)}`);
console.log("");
console.log("Add the entry to the JSON array in the secret MCP_API_KEYS, keeping the entries still in use");
console.log("(several keys may be valid at once: add the new key, switch clients over, then remove the old entry):");
console.log(`  npx wrangler secret put MCP_API_KEYS     # paste the whole array, e.g. [${JSON.stringify(entry)}]`);
console.log("Locally, set MCP_API_KEYS='[…]' in .dev.vars. Clients send the key as `Authorization: Bearer <key>` or `X-API-Key: <key>`.");
