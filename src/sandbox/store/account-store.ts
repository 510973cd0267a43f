/**
 * One account's data inside its Durable Object: kept parsed in memory for fast reads and
 * written through to the object's SQLite storage, so it survives restarts. Seeded lazily on
 * first use; a reset forgets it if it was written to, to be seeded again on next use. A
 * portfolio seeded for another business day (clock.ts) is re-dated (re-seeded) on first use,
 * unless the account has been written to since, in which case its writes win over freshness.
 */
import type { SandboxAccount } from "../accounts";
import type { CalendarOverride } from "../domain/calendar";
import { generatePortfolio } from "../seed/portfolio";
import type { ConversationRecord, ListingRecord, MessageRecord, ReservationRecord } from "../seed/templates";
import { todayDayNumber } from "../wire/datetime";

type RecordKind = "listing" | "reservation" | "conversation" | "message";

export class AccountStore {
	listings = new Map<number, ListingRecord>();
	reservations = new Map<number, ReservationRecord>();
	conversations = new Map<number, ConversationRecord>();
	/** Messages by conversation id, oldest first. */
	messages = new Map<number, MessageRecord[]>();
	/** Calendar overrides by listing id, then date. */
	calendar = new Map<number, Map<string, CalendarOverride>>();
	private loaded = false;
	private seedDay = -1;
	private dirty = false;
	private maxIds: Record<RecordKind, number> = { listing: 0, reservation: 0, conversation: 0, message: 0 };

	constructor(
		private readonly storage: DurableObjectStorage,
		private readonly account: SandboxAccount,
	) {
		const sql = storage.sql;
		sql.exec("CREATE TABLE IF NOT EXISTS records (kind TEXT NOT NULL, id INTEGER NOT NULL, body TEXT NOT NULL, PRIMARY KEY (kind, id))");
		sql.exec(
			"CREATE TABLE IF NOT EXISTS calendar (listing_id INTEGER NOT NULL, date TEXT NOT NULL, body TEXT NOT NULL, PRIMARY KEY (listing_id, date))",
		);
		sql.exec("CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)");
	}

	/**
	 * Loads the stored portfolio, or seeds one; re-dates a clean portfolio seeded on another
	 * day. `businessNowMs` is the sandbox's business moment (clock.ts).
	 */
	ready(businessNowMs: number): void {
		if (!this.loaded) {
			this.load();
			this.loaded = true;
		}
		const today = todayDayNumber(businessNowMs);
		if (this.seedDay === -1 || (this.seedDay !== today && !this.dirty)) this.reseed(businessNowMs);
	}

	/**
	 * Back to the seed (control reset), lazily: a portfolio nobody has written to is the seed
	 * already (ready() re-dates it on first use if the business day moved on), and one that was
	 * written to is forgotten, to be seeded again on first use. A reset of every account
	 * therefore costs no generation, which matters for the large portfolio that most tests
	 * never touch. Only the stored meta row is read, never the whole portfolio.
	 */
	restore(): void {
		const dirty = this.loaded
			? this.dirty
			: this.storage.sql.exec("SELECT 1 FROM meta WHERE key = 'dirty' AND value = '1'").toArray().length > 0;
		if (!dirty) return;
		this.storage.transactionSync(() => {
			const sql = this.storage.sql;
			sql.exec("DELETE FROM records");
			sql.exec("DELETE FROM calendar");
			sql.exec("DELETE FROM meta");
		});
		this.clear();
		this.seedDay = -1;
		this.dirty = false;
		this.loaded = true;
	}

	private reseed(businessNowMs: number): void {
		const today = todayDayNumber(businessNowMs);
		const portfolio = generatePortfolio(this.account, today);
		this.storage.transactionSync(() => {
			const sql = this.storage.sql;
			sql.exec("DELETE FROM records");
			sql.exec("DELETE FROM calendar");
			for (const listing of portfolio.listings) this.write("listing", listing.id, listing);
			for (const reservation of portfolio.reservations) this.write("reservation", reservation.id, reservation);
			for (const conversation of portfolio.conversations) this.write("conversation", conversation.id, conversation);
			for (const message of portfolio.messages) this.write("message", message.id, message);
			for (const [listingId, days] of portfolio.calendar) {
				for (const [date, override] of days) this.writeCalendar(listingId, date, override);
			}
			sql.exec("INSERT OR REPLACE INTO meta (key, value) VALUES ('seedDay', ?), ('dirty', '0')", String(today));
		});
		this.clear();
		for (const listing of portfolio.listings) this.remember("listing", listing);
		for (const reservation of portfolio.reservations) this.remember("reservation", reservation);
		for (const conversation of portfolio.conversations) this.remember("conversation", conversation);
		for (const message of portfolio.messages) this.remember("message", message);
		this.calendar = portfolio.calendar;
		this.seedDay = today;
		this.dirty = false;
		this.loaded = true;
	}

	saveReservation(reservation: ReservationRecord): void {
		this.persist("reservation", reservation);
	}

	saveConversation(conversation: ConversationRecord): void {
		this.persist("conversation", conversation);
	}

	saveMessage(message: MessageRecord): void {
		this.persist("message", message);
	}

	saveCalendar(listingId: number, date: string, override: CalendarOverride): void {
		let days = this.calendar.get(listingId);
		if (!days) {
			days = new Map();
			this.calendar.set(listingId, days);
		}
		days.set(date, override);
		this.writeCalendar(listingId, date, override);
		this.markDirty();
	}

	/** A fresh id above every id of that kind, with a small gap as in a shared database. */
	newId(kind: RecordKind): number {
		const id = this.maxIds[kind] + 1 + Math.floor(Math.random() * 40);
		this.maxIds[kind] = id;
		return id;
	}

	messagesOf(conversationId: number): MessageRecord[] {
		return this.messages.get(conversationId) ?? [];
	}

	private persist(kind: RecordKind, record: ListingRecord | ReservationRecord | ConversationRecord | MessageRecord): void {
		this.storage.transactionSync(() => {
			this.write(kind, record.id, record);
			this.markDirty();
		});
		this.remember(kind, record);
	}

	private markDirty(): void {
		if (this.dirty) return;
		this.dirty = true;
		this.storage.sql.exec("INSERT OR REPLACE INTO meta (key, value) VALUES ('dirty', '1')");
	}

	private write(kind: RecordKind, id: number, record: object): void {
		this.storage.sql.exec("INSERT OR REPLACE INTO records (kind, id, body) VALUES (?, ?, ?)", kind, id, JSON.stringify(record));
	}

	private writeCalendar(listingId: number, date: string, override: CalendarOverride): void {
		this.storage.sql.exec(
			"INSERT OR REPLACE INTO calendar (listing_id, date, body) VALUES (?, ?, ?)",
			listingId,
			date,
			JSON.stringify(override),
		);
	}

	private clear(): void {
		this.listings.clear();
		this.reservations.clear();
		this.conversations.clear();
		this.messages.clear();
		this.calendar = new Map();
		this.maxIds = { listing: 0, reservation: 0, conversation: 0, message: 0 };
	}

	private remember(kind: RecordKind, record: ListingRecord | ReservationRecord | ConversationRecord | MessageRecord): void {
		this.maxIds[kind] = Math.max(this.maxIds[kind], record.id);
		switch (kind) {
			case "listing":
				this.listings.set(record.id, record as ListingRecord);
				break;
			case "reservation":
				this.reservations.set(record.id, record as ReservationRecord);
				break;
			case "conversation":
				this.conversations.set(record.id, record as ConversationRecord);
				break;
			case "message": {
				const message = record as MessageRecord;
				const thread = this.messages.get(message.conversationId) ?? [];
				const index = thread.findIndex((existing) => existing.id === message.id);
				if (index >= 0) thread[index] = message;
				else thread.push(message);
				this.messages.set(message.conversationId, thread);
				break;
			}
		}
	}

	private load(): void {
		const sql = this.storage.sql;
		const meta = new Map(
			sql
				.exec<{ key: string; value: string }>("SELECT key, value FROM meta")
				.toArray()
				.map((row) => [row.key, row.value]),
		);
		const seedDay = meta.get("seedDay");
		if (seedDay === undefined) return;
		this.clear();
		for (const row of sql.exec<{ kind: RecordKind; body: string }>("SELECT kind, body FROM records ORDER BY rowid")) {
			this.remember(row.kind, JSON.parse(row.body));
		}
		for (const row of sql.exec<{ listing_id: number; date: string; body: string }>("SELECT listing_id, date, body FROM calendar")) {
			let days = this.calendar.get(row.listing_id);
			if (!days) {
				days = new Map();
				this.calendar.set(row.listing_id, days);
			}
			days.set(row.date, JSON.parse(row.body));
		}
		for (const thread of this.messages.values()) thread.sort((a, b) => a.date.localeCompare(b.date) || a.id - b.id);
		this.seedDay = Number(seedDay);
		this.dirty = meta.get("dirty") === "1";
	}
}
