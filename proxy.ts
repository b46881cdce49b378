import { NextResponse, type NextRequest } from "next/server";
import { appContentSecurityPolicy, newNonce, NONCE_HEADER } from "@/lib/security/app-csp";

/**
 * Every app page gets a Content Security Policy with a nonce of its own. Next.js reads the nonce from the request's
 * policy header and puts it on the framework's scripts; the root layout puts it on its inline scripts.
 */
export function proxy(request: NextRequest) {
  const nonce = newNonce();
  const policy = appContentSecurityPolicy(nonce, { development: process.env.NODE_ENV === "development" });
  const headers = new Headers(request.headers);
  headers.set(NONCE_HEADER, nonce);
  headers.set("Content-Security-Policy", policy);
  const response = NextResponse.next({ request: { headers } });
  response.headers.set("Content-Security-Policy", policy);
  return response;
}

export const config = {
  // Archive files keep their own sandbox policy; built assets are not documents. Nor are the API's answers (JSON,
  // event streams, and snapshot files with their own sandbox policy, which this one must not replace); skipping
  // them also keeps a burst of API calls from paying for this proxy on every request (bench:hostile's 150 event
  // streams). The API's reference page (/api/docs) is an app page and keeps its nonce.
  matcher: [{ source: "/((?!archive/|api/(?!docs(?:/|$))|_next/static|_next/image|favicon.ico|icon.svg|icons/).*)" }],
};
