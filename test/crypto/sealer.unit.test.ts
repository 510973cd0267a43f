/** Values at rest are sealed: unreadable without the key, bound to their context, tamper-evident. */
import { Buffer } from "node:buffer";
import { describe, expect, it } from "vitest";
import { Sealer } from "../../src/crypto/sealer";

const key = crypto.getRandomValues(new Uint8Array(32));

describe("Sealer", () => {
	it("round-trips and never stores the plaintext", async () => {
		const sealer = new Sealer(key);
		const sealed = await sealer.seal("secret-token-value", "tenant:1:token");
		expect(sealed).not.toContain("secret-token-value");
		expect(await sealer.open(sealed, "tenant:1:token")).toBe("secret-token-value");
		// Random IV: the same plaintext seals differently each time.
		expect(await sealer.seal("secret-token-value", "tenant:1:token")).not.toBe(sealed);
	});

	it("refuses another context (tenant), another key, and altered values", async () => {
		const sealer = new Sealer(key);
		const sealed = await sealer.seal("secret-token-value", "tenant:1:token");
		expect(await sealer.open(sealed, "tenant:2:token")).toBeUndefined();
		expect(await new Sealer(crypto.getRandomValues(new Uint8Array(32))).open(sealed, "tenant:1:token")).toBeUndefined();
		// Flip one bit of the ciphertext's first byte. (Rewriting the last base64 characters is not
		// always a change: the final character carries padding bits that decode to the same bytes.)
		const [version, iv, ciphertext] = sealed.split(".") as [string, string, string];
		const bytes = Buffer.from(ciphertext, "base64url");
		bytes[0] = (bytes[0] as number) ^ 1;
		const altered = `${version}.${iv}.${bytes.toString("base64url")}`;
		expect(altered).not.toBe(sealed);
		expect(await sealer.open(altered, "tenant:1:token")).toBeUndefined();
		expect(await sealer.open("garbage", "tenant:1:token")).toBeUndefined();
	});

	it("opens values sealed before (base64url written character by character) and round-trips large values", async () => {
		const plaintext = JSON.stringify({ result: Array.from({ length: 2000 }, (_, id) => ({ id, name: `Listing ${id} ✓` })) });
		const iv = crypto.getRandomValues(new Uint8Array(12));
		const cryptoKey = await crypto.subtle.importKey("raw", key, { name: "AES-GCM" }, false, ["encrypt"]);
		const ciphertext = new Uint8Array(
			await crypto.subtle.encrypt(
				{ name: "AES-GCM", iv, additionalData: new TextEncoder().encode("tenant:1:cache") },
				cryptoKey,
				new TextEncoder().encode(plaintext),
			),
		);
		const oldBase64Url = (bytes: Uint8Array) =>
			btoa(Array.from(bytes, (byte) => String.fromCharCode(byte)).join(""))
				.replace(/\+/g, "-")
				.replace(/\//g, "_")
				.replace(/=+$/, "");
		const sealer = new Sealer(key);
		expect(await sealer.open(`v1.${oldBase64Url(iv)}.${oldBase64Url(ciphertext)}`, "tenant:1:cache")).toBe(plaintext);
		const sealed = await sealer.seal(plaintext, "tenant:1:cache");
		expect(sealed).toMatch(/^v1\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/);
		expect(await sealer.open(sealed, "tenant:1:cache")).toBe(plaintext);
	});
});
