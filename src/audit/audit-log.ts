/**
 * AuditLog: one Durable Object per tenant (named after the tenant id, see auditLogStub), holding
 * that tenant's durable audit trail in its SQLite storage: writes and access events, in the order
 * they were recorded. No code path reaches another tenant's log: the object is chosen by the
 * event's own tenant id, and readers name the session's tenant (ARCHITECTURE.md invariant 4).
 *
 * Retention is pruned on every append with two indexed range deletes: events older than
 * RETENTION_DAYS, and everything but the newest MAX_EVENTS. A quiet tenant's old events stay
 * until its next append, which is fine: nobody reads them in between without seeing them fresh.
 */
import { DurableObject } from "cloudflare:workers";
import { type AuditEvent, AuditEventSchema, type AuditPage, type AuditQuery, type StoredAuditEvent } from "./audit-event";

/** Events kept per tenant, at most. */
export const MAX_EVENTS = 10_000;
/** Days an event is kept. */
export const RETENTION_DAYS = 180;
const DAY_MS = 24 * 60 * 60 * 1000;

export class AuditLog extends DurableObject<Env> {
	private readonly sql: SqlStorage;

	constructor(ctx: DurableObjectState, env: Env) {
		super(ctx, env);
		this.sql = ctx.storage.sql;
		// seq orders events as recorded (AUTOINCREMENT never reuses a number, so pruning keeps it growing).
		this.sql.exec(`CREATE TABLE IF NOT EXISTS events (
			seq INTEGER PRIMARY KEY AUTOINCREMENT,
			at_ms INTEGER NOT NULL,
			kind TEXT NOT NULL,
			event TEXT NOT NULL
		)`);
		this.sql.exec("CREATE INDEX IF NOT EXISTS events_at ON events (at_ms)");
		this.sql.exec("CREATE INDEX IF NOT EXISTS events_kind ON events (kind, seq)");
	}

	/** Stores one event (already validated by the caller) and prunes what retention no longer keeps. */
	async append(event: AuditEvent): Promise<void> {
		const { seq } = this.sql
			.exec<{ seq: number }>(
				"INSERT INTO events (at_ms, kind, event) VALUES (?, ?, ?) RETURNING seq",
				Date.parse(event.at),
				event.kind,
				JSON.stringify(event),
			)
			.one();
		this.sql.exec("DELETE FROM events WHERE seq <= ?", seq - MAX_EVENTS);
		this.sql.exec("DELETE FROM events WHERE at_ms < ?", Date.now() - RETENTION_DAYS * DAY_MS);
	}

	/** The newest events first, older than `before` when given. */
	async list(query: AuditQuery): Promise<AuditPage> {
		const limit = Math.min(Math.max(Math.trunc(query.limit), 1), 100);
		const conditions: string[] = [];
		const values: (string | number)[] = [];
		if (query.before !== undefined) {
			conditions.push("seq < ?");
			values.push(query.before);
		}
		if (query.kinds !== undefined) {
			conditions.push(`kind IN (${query.kinds.map(() => "?").join(", ") || "NULL"})`);
			values.push(...query.kinds);
		}
		const where = conditions.length > 0 ? `WHERE ${conditions.join(" AND ")}` : "";
		// One row more than asked tells whether another page exists.
		const rows = this.sql
			.exec<{ seq: number; event: string }>(`SELECT seq, event FROM events ${where} ORDER BY seq DESC LIMIT ?`, ...values, limit + 1)
			.toArray();
		const events: StoredAuditEvent[] = [];
		for (const row of rows.slice(0, limit)) {
			// An event stored by an older version that no longer reads is left out, not an error.
			const parsed = AuditEventSchema.safeParse(JSON.parse(row.event));
			if (parsed.success) events.push({ ...parsed.data, position: row.seq });
		}
		return { events, hasMore: rows.length > limit };
	}
}

/** The audit log of one tenant. */
export function auditLogStub(env: Pick<Env, "AUDIT_LOG">, tenantId: string) {
	return env.AUDIT_LOG.get(env.AUDIT_LOG.idFromName(auditLogName(tenantId)));
}

/** The object's name starts with the tenant id, like every per-tenant key (invariant 4). */
export function auditLogName(tenantId: string): string {
	if (!/^[1-9]\d{0,11}$/.test(tenantId)) throw new Error("An audit log is named by a canonical tenant id (digits, no leading zero)");
	return `tenant:${tenantId}:audit`;
}
