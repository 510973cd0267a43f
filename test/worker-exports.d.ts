// Types `exports` from "cloudflare:workers" in tests: the Worker's main module is src/index.ts.
// (wrangler types does not generate GlobalProps for this wrangler version.)
declare namespace Cloudflare {
	interface GlobalProps {
		mainModule: typeof import("../src/index");
	}
}
