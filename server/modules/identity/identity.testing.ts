/**
 * Test support: a small browser for the sign-on's interaction pages — a cookie jar, manual
 * redirects and HTML form reading — over any fetch-like transport (the network, or inject).
 * Used by identity's tests only.
 */
export type Transport = (
  url: string,
  init: { method?: string; headers?: Record<string, string>; body?: string },
) => Promise<Response>;

type Cookie = { name: string; value: string; path: string };

export type Form = {
  action: string;
  method: string;
  fields: Record<string, string>;
  buttons: { name: string; value: string; text: string }[];
};

export type Page = { url: string; status: number; body: string; response: Response };

const decodeEntities = (text: string) =>
  text
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&');

function attribute(tag: string, name: string): string | undefined {
  const match = new RegExp(`\\s${name}="([^"]*)"`, 'i').exec(tag);
  return match ? decodeEntities(match[1]!) : undefined;
}

/** Every form on a page with its hidden and pre-filled fields and its submit buttons. */
export function formsOf(html: string): Form[] {
  const forms: Form[] = [];
  for (const match of html.matchAll(/<form\b([^>]*)>([\s\S]*?)<\/form>/gi)) {
    const [, open = '', inner = ''] = match;
    const fields: Record<string, string> = {};
    for (const input of inner.matchAll(/<input\b[^>]*>/gi)) {
      const name = attribute(input[0], 'name');
      const type = attribute(input[0], 'type') ?? 'text';
      if (!name || type === 'checkbox' || type === 'submit') continue;
      fields[name] = attribute(input[0], 'value') ?? '';
    }
    const buttons = [...inner.matchAll(/<button\b([^>]*)>([\s\S]*?)<\/button>/gi)].map((button) => ({
      name: attribute(button[0], 'name') ?? '',
      value: attribute(button[0], 'value') ?? '',
      text: button[2]!.replace(/<[^>]+>/g, '').trim(),
    }));
    forms.push({
      action: attribute(open, 'action') ?? '',
      method: (attribute(open, 'method') ?? 'get').toLowerCase(),
      fields,
      buttons,
    });
  }
  return forms;
}

export class Browser {
  private jar: Cookie[] = [];

  constructor(private readonly transport: Transport) {}

  cookie(name: string): string | undefined {
    return this.jar.find((cookie) => cookie.name === name)?.value;
  }

  setCookie(name: string, value: string, path = '/') {
    this.jar = this.jar.filter((c) => !(c.name === name && c.path === path));
    this.jar.push({ name, value, path });
  }

  private cookieHeader(url: URL): string {
    return this.jar
      .filter(
        (cookie) =>
          url.pathname === cookie.path ||
          url.pathname.startsWith(cookie.path.endsWith('/') ? cookie.path : `${cookie.path}/`) ||
          cookie.path === '/',
      )
      .map((cookie) => `${cookie.name}=${cookie.value}`)
      .join('; ');
  }

  private remember(url: URL, response: Response) {
    for (const line of response.headers.getSetCookie()) {
      const [pair = '', ...attributes] = line.split(';').map((part) => part.trim());
      const index = pair.indexOf('=');
      const name = pair.slice(0, index);
      const value = pair.slice(index + 1);
      const path =
        attributes.find((a) => /^path=/i.test(a))?.slice(5) ?? url.pathname.replace(/\/[^/]*$/, '') ?? '/';
      const expired =
        attributes.some((a) => /^max-age=0$/i.test(a)) ||
        attributes.some((a) => /^expires=/i.test(a) && new Date(a.slice(8)).getTime() < Date.now()) ||
        value === '';
      this.jar = this.jar.filter((c) => !(c.name === name && c.path === (path || '/')));
      if (!expired) this.jar.push({ name, value, path: path || '/' });
    }
  }

  async request(
    url: string,
    init: { method?: string; headers?: Record<string, string>; form?: Record<string, string> } = {},
  ) {
    const target = new URL(url);
    const headers: Record<string, string> = { ...init.headers };
    const cookies = this.cookieHeader(target);
    if (cookies) headers.cookie = cookies;
    let body: string | undefined;
    if (init.form) {
      headers['content-type'] = 'application/x-www-form-urlencoded';
      body = new URLSearchParams(init.form).toString();
    }
    const response = await this.transport(target.toString(), {
      method: init.method ?? (body ? 'POST' : 'GET'),
      headers,
      ...(body ? { body } : {}),
    });
    this.remember(target, response);
    return response;
  }

  /**
   * Requests `url` and follows redirects until a page answers, or until a redirect points at a
   * location `stopAt` accepts (a relying party's redirect URI): that location is then returned.
   */
  async navigate(
    url: string,
    options: { method?: string; form?: Record<string, string>; stopAt?: (location: URL) => boolean } = {},
  ): Promise<Page> {
    let current = url;
    let init: { method?: string; form?: Record<string, string> } = {
      method: options.method,
      form: options.form,
    };
    for (let hops = 0; hops < 25; hops++) {
      const response = await this.request(current, init);
      if (response.status >= 300 && response.status < 400 && response.headers.get('location')) {
        const next = new URL(response.headers.get('location')!, current);
        if (options.stopAt?.(next))
          return { url: next.toString(), status: response.status, body: '', response };
        current = next.toString();
        init = {};
        continue;
      }
      return { url: current, status: response.status, body: await response.text(), response };
    }
    throw new Error(`too many redirects from ${url}`);
  }

  /** Submits a form of `page` (the first, or the one `pick` chooses) with extra values. */
  submit(
    page: Page,
    values: Record<string, string> = {},
    options: { pick?: (form: Form) => boolean; stopAt?: (location: URL) => boolean } = {},
  ) {
    const form = formsOf(page.body).find(options.pick ?? (() => true));
    if (!form) throw new Error(`no form on ${page.url}`);
    const action = new URL(form.action || page.url, page.url);
    const fields = { ...form.fields, ...values };
    if (form.method === 'get') {
      for (const [key, value] of Object.entries(fields)) action.searchParams.set(key, value);
      return this.navigate(action.toString(), { stopAt: options.stopAt });
    }
    return this.navigate(action.toString(), { method: 'POST', form: fields, stopAt: options.stopAt });
  }
}

/** Fetch over the network without following redirects. */
export const networkTransport: Transport = (url, init) => fetch(url, { ...init, redirect: 'manual' });
