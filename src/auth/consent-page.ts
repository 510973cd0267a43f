/**
 * The consent page's HTML: plain server-rendered HTML and CSS, no script, readable on a phone.
 * Every string that came from the client (its name, domain, redirect host) or from the person
 * (the account id they typed) is escaped: a client chooses its own name.
 */
import type { ConsentDescription } from "@cloudflare/workers-oauth-provider";

export interface DemoAccount {
	accountId: string;
	label: string;
}

export interface ConsentForm {
	details: ConsentDescription;
	/** The consent handle from beginConsent(), posted back with the form. */
	handle: string;
	/** Preselected access level. */
	access: "read" | "write";
	/** What the person typed last time (never the API key). */
	accountId?: string;
	/** Shown above the form, e.g. "Hostaway did not accept this Account ID and API key". */
	error?: string;
	/** Sandbox mode: demo accounts offered with one click. */
	demoAccounts: readonly DemoAccount[];
}

const escape = (value: string): string => value.replace(/[&<>"']/g, (char) => `&#${char.charCodeAt(0)};`);

/*
 * Connect comes before the demo buttons: a form's first submit button is the one Enter presses,
 * so typed credentials are what Enter sends.
 */
const STYLE = `
body{font:16px/1.5 system-ui,-apple-system,"Segoe UI",sans-serif;margin:0;background:#f4f5f7;color:#1d2430}
main{max-width:30rem;margin:0 auto;padding:1.25rem}
h1{font-size:1.35rem;line-height:1.3;margin:.5rem 0 1rem}
.card{background:#fff;border-radius:.75rem;padding:1.25rem;box-shadow:0 1px 3px rgba(0,0,0,.08)}
.note{color:#4a5566;font-size:.95rem}
.warn{background:#fff6db;border:1px solid #e8c75a;border-radius:.5rem;padding:.6rem .8rem}
.error{background:#fdeaea;border:1px solid #d66;border-radius:.5rem;padding:.6rem .8rem}
label{display:block;font-weight:600;margin-top:1rem}
input[type=text],input[type=password]{box-sizing:border-box;width:100%;font-size:1rem;padding:.7rem;margin-top:.3rem;border:1px solid #b8c0cc;border-radius:.5rem}
fieldset{border:1px solid #d5dae1;border-radius:.5rem;margin-top:1rem;padding:.5rem .9rem}
fieldset label{font-weight:400;margin:.4rem 0}
.actions{display:flex;gap:.75rem;margin-top:1.25rem;flex-wrap:wrap}
button{font-size:1rem;padding:.75rem 1.2rem;border-radius:.5rem;border:1px solid #b8c0cc;background:#fff;cursor:pointer;min-height:2.75rem}
button.primary{background:#1f5eff;border-color:#1f5eff;color:#fff;flex:1}
.demo button{width:100%;margin-top:.5rem;text-align:left}
`;

export function renderConsentPage(form: ConsentForm): string {
	const { details } = form;
	const client = escape(details.clientName);
	const publisher = details.clientDomain
		? `Published by <strong>${escape(details.clientDomain)}</strong>.`
		: "This app registered itself; its name is not verified.";
	const loopbackWarning = details.redirectIsLoopback
		? `<p class="warn"><strong>This sends access to an app on your computer.</strong> Continue only if you just started connecting from it.</p>`
		: "";
	const error = form.error ? `<p class="error" role="alert">${escape(form.error)}</p>` : "";
	const checked = (access: "read" | "write") => (form.access === access ? " checked" : "");
	const demo =
		form.demoAccounts.length === 0
			? ""
			: `<fieldset class="demo"><legend>Sandbox demo accounts</legend>
<p class="note">This server runs against its built-in Hostaway sandbox. Connect a demo account without typing its key:</p>
${form.demoAccounts
	.map(
		(account) =>
			`<button type="submit" name="demo" value="${escape(account.accountId)}" formnovalidate>Use ${escape(account.label)} (${escape(account.accountId)})</button>`,
	)
	.join("\n")}
</fieldset>`;
	return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Connect ${client} to Hostaway</title>
<style>${STYLE}</style>
</head>
<body>
<main>
<h1>Connect <strong>${client}</strong> to your Hostaway account</h1>
<div class="card">
<p class="note">${publisher} Access will be sent to <strong>${escape(details.redirectHost)}</strong>.</p>
${loopbackWarning}
${error}
<form method="post">
<input type="hidden" name="handle" value="${escape(form.handle)}">
<label for="accountId">Hostaway Account ID</label>
<input type="text" id="accountId" name="accountId" inputmode="numeric" autocomplete="off" required value="${escape(form.accountId ?? "")}">
<label for="apiKey">Hostaway API key</label>
<input type="password" id="apiKey" name="apiKey" autocomplete="off" required${form.error ? " autofocus" : ""}>
<p class="note">Both are in Hostaway under Settings → Hostaway API. The key is checked with Hostaway and stored encrypted; it is never shown to ${client}.</p>
<fieldset>
<legend>What may ${client} do?</legend>
<label><input type="radio" name="access" value="read"${checked("read")}> Read only: listings, calendars, bookings, messages</label>
<label><input type="radio" name="access" value="write"${checked("write")}> Read and write: also create and change bookings, update calendars, message guests</label>
</fieldset>
<div class="actions">
<button type="submit" class="primary" name="decision" value="approve">Connect</button>
<button type="submit" name="decision" value="deny" formnovalidate>Cancel</button>
</div>
${demo}
</form>
</div>
</main>
</body>
</html>`;
}

/** A page for what cannot go back to the client (an invalid or expired request). */
export function renderConsentError(message: string): string {
	return `<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>Cannot connect</title><style>${STYLE}</style></head>
<body><main><h1>Cannot connect to Hostaway</h1><div class="card"><p class="error" role="alert">${escape(message)}</p>
<p class="note">Start connecting again from your app.</p></div></main></body>
</html>`;
}
