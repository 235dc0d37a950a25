/**
 * A minimal browser for end-to-end SMART tests: fetch with a cookie jar (per host), redirects followed
 * by hand, and the forms of our login / picker / consent pages filled in and posted.
 */
import { choices, hiddenFields } from './smart-flow.js';

/** A page the browser landed on. */
export interface Page {
  readonly url: URL;
  readonly status: number;
  readonly text: string;
}

export class Browser {
  private readonly jar = new Map<string, Map<string, string>>();

  /** GET `url`, following redirects (up to 10). */
  async get(url: string | URL): Promise<Page> {
    return this.follow(new URL(url), { method: 'GET' });
  }

  /** POSTs a form to `url` (relative to `from`), following redirects. */
  async post(url: string, from: URL, form: URLSearchParams): Promise<Page> {
    return this.follow(new URL(url, from), { method: 'POST', body: form.toString(), headers: { 'content-type': 'application/x-www-form-urlencoded' } });
  }

  /**
   * Walks our authorization pages: logs in as `user`, picks `patient` when asked, accepts the offered
   * scopes; returns the page the final redirect led to (the app's callback).
   */
  async authorizeThrough(start: Page, user: [string, string], patient?: string): Promise<Page> {
    let page = start;
    for (let step = 0; step < 5; step++) {
      if (page.text.includes('name="password"')) {
        page = await this.submit(page, [['username', user[0]], ['password', user[1]]]);
      } else if (page.text.includes('Choose a patient')) {
        page = await this.submit(page, [['patient', patient ?? '']]);
      } else if (page.text.includes('Allow access?')) {
        const ticked = choices(page.text, 'scope').filter((c) => c.checked).map((c) => ['scope', c.value] as [string, string]);
        page = await this.submit(page, [...ticked, ['decision', 'allow']]);
      } else {
        return page;
      }
    }
    return page;
  }

  private submit(page: Page, fields: [string, string][]): Promise<Page> {
    const form = new URLSearchParams(hiddenFields(page.text));
    for (const [k, v] of fields) form.append(k, v);
    return this.post('interact', page.url, form);
  }

  private async follow(url: URL, init: RequestInit): Promise<Page> {
    let current = url;
    let req = init;
    for (let hop = 0; hop < 10; hop++) {
      const res = await fetch(current, { ...req, redirect: 'manual', headers: { ...(req.headers as Record<string, string> | undefined), cookie: this.cookies(current) } });
      this.store(current, res.headers.getSetCookie());
      const loc = res.headers.get('location');
      if (res.status >= 300 && res.status < 400 && loc !== null) {
        current = new URL(loc, current);
        req = { method: 'GET' };
        continue;
      }
      return { url: current, status: res.status, text: await res.text() };
    }
    throw new Error('too many redirects');
  }

  private cookies(url: URL): string {
    return [...(this.jar.get(url.host) ?? new Map<string, string>())].map(([k, v]) => `${k}=${v}`).join('; ');
  }

  private store(url: URL, setCookies: string[]): void {
    const jar = this.jar.get(url.host) ?? new Map<string, string>();
    for (const c of setCookies) {
      const [pair] = c.split(';');
      const i = pair?.indexOf('=') ?? -1;
      if (pair !== undefined && i > 0) jar.set(pair.slice(0, i).trim(), pair.slice(i + 1).trim());
    }
    this.jar.set(url.host, jar);
  }
}
