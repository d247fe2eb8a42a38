/**
 * Getting an authorization code without a browser. Against the local stack the demo service's
 * login form (demo/ride-hailer-service/src/login-page.ts) is posted over HTTP, as a browser would
 * (its binding cookie included). For a deployed provider a person signs in: certify prints the
 * authorization URL and reads back the address the login page sent them to, or takes `--code`.
 */
import type { Net } from '../net.ts';
import { timedFetch } from '../net.ts';

export interface FormPage {
  readonly status: number;
  readonly html: string;
  readonly location?: string;
}

/** Hidden inputs of the first form that has a password field. */
function hiddenFields(html: string): Record<string, string> {
  const form = html.split(/<form\b/i).slice(1).find((f) => /type="password"/i.test(f)) ?? '';
  const fields: Record<string, string> = {};
  for (const [, name, value] of form.matchAll(/<input\s+type="hidden"\s+name="([^"]+)"\s+value="([^"]*)"/gi)) {
    fields[name!] = decodeHtml(value!);
  }
  return fields;
}

function decodeHtml(text: string): string {
  return text.replace(/&#(\d+);/g, (_, n: string) => String.fromCharCode(Number(n))).replace(/&amp;/g, '&').replace(/&quot;/g, '"');
}

/** `name=value` pairs from Set-Cookie headers, for the next request's Cookie header. */
function cookiesOf(response: Response): string {
  return response.headers.getSetCookie().map((c) => c.split(';')[0]).join('; ');
}

export interface FormLogin {
  readonly username: string;
  readonly password: string;
}

/**
 * Opens the login page at `authorizeUrl` and signs in, first with a wrong password (the page must
 * show the error), then with the right one (the page must redirect to the client's redirect URI).
 */
export async function signInWithForm(net: Net, authorizeUrl: string, login: FormLogin): Promise<{ wrong: FormPage; right: FormPage }> {
  const page = await timedFetch(net, authorizeUrl, {}, 10_000);
  if (page.kind !== 'answered') throw new Error(`the login page did not load (${page.kind})`);
  if (page.response.status !== 200) throw new Error(`the login page answered ${page.response.status}`);
  const cookie = cookiesOf(page.response);
  const fields = hiddenFields(page.text);
  const post = async (password: string): Promise<FormPage> => {
    const body = new URLSearchParams({ ...fields, username: login.username, password, action: 'approve' });
    const origin = new URL(authorizeUrl).origin;
    const headers = { 'content-type': 'application/x-www-form-urlencoded', cookie, origin, referer: authorizeUrl };
    const answer = await timedFetch(net, new URL(authorizeUrl).origin + new URL(authorizeUrl).pathname, { method: 'POST', headers, body }, 10_000);
    if (answer.kind !== 'answered') throw new Error(`the login form post failed (${answer.kind})`);
    const location = answer.response.headers.get('location') ?? undefined;
    return { status: answer.response.status, html: answer.text, location };
  };
  const wrong = await post(`${login.password}-certify-wrong`);
  const right = await post(login.password);
  return { wrong, right };
}
