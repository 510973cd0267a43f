/**
 * The access tokens an account has issued, stored as SHA-256 hashes (never the token itself),
 * with issue time and revocation. Survives reset: a reset restores data, it does not log
 * clients out (it only lifts revocations).
 */
import { NOT_BEFORE_MS, TOKEN_TTL_SECONDS, hashToken, mintAccessToken, readClaims } from "../api/access-token";

export type TokenCheck = "valid" | "unknown" | "revoked" | "notYetValid" | "expired";

export class TokenStore {
	constructor(private readonly sql: SqlStorage) {
		sql.exec(
			"CREATE TABLE IF NOT EXISTS tokens (jti TEXT PRIMARY KEY, token_hash TEXT NOT NULL, issued_at_ms INTEGER NOT NULL, revoked INTEGER NOT NULL DEFAULT 0)",
		);
	}

	async issue(accountId: string, nowMs: number): Promise<{ accessToken: string; expiresIn: number }> {
		const { token, claims } = mintAccessToken(accountId, nowMs);
		this.sql.exec("INSERT INTO tokens (jti, token_hash, issued_at_ms) VALUES (?, ?, ?)", claims.jti, await hashToken(token), nowMs);
		return { accessToken: token, expiresIn: TOKEN_TTL_SECONDS };
	}

	async check(token: string, nowMs: number): Promise<TokenCheck> {
		const claims = readClaims(token);
		if (!claims) return "unknown";
		const row = this.sql
			.exec<{ token_hash: string; issued_at_ms: number; revoked: number }>(
				"SELECT token_hash, issued_at_ms, revoked FROM tokens WHERE jti = ?",
				claims.jti,
			)
			.toArray()[0];
		if (!row || row.token_hash !== (await hashToken(token))) return "unknown";
		if (row.revoked) return "revoked";
		if (nowMs - row.issued_at_ms < NOT_BEFORE_MS) return "notYetValid";
		if (nowMs >= row.issued_at_ms + TOKEN_TTL_SECONDS * 1000) return "expired";
		return "valid";
	}

	/** Revokes one token; false when the sandbox never issued it. */
	async revoke(token: string): Promise<boolean> {
		const claims = readClaims(token);
		if (!claims) return false;
		const hash = await hashToken(token);
		const cursor = this.sql.exec("UPDATE tokens SET revoked = 1 WHERE jti = ? AND token_hash = ?", claims.jti, hash);
		return cursor.rowsWritten > 0;
	}

	revokeAll(): number {
		return this.sql.exec("UPDATE tokens SET revoked = 1 WHERE revoked = 0").rowsWritten;
	}

	liftRevocations(): void {
		this.sql.exec("UPDATE tokens SET revoked = 0");
	}
}
