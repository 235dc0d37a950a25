/**
 * The few HTML pages of the authorization endpoint (login, patient picker, consent, errors): plain
 * server-rendered forms, every value escaped, no scripts, not frameable.
 * https://hl7.org/fhir/smart-app-launch/app-launch.html#obtain-authorization-code
 */
import type { Response } from 'express';

/** Escapes text for HTML content and attribute values. */
export function esc(s: string): string {
  return s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** A hidden form field. */
export function hidden(name: string, value: string): string {
  return `<input type="hidden" name="${esc(name)}" value="${esc(value)}">`;
}

const STYLE = `body{font-family:system-ui,sans-serif;max-width:36rem;margin:3rem auto;padding:0 1rem;color:#222}
label{display:block;margin:.4rem 0}input[type=text],input[type=password]{width:100%;padding:.4rem}
button{margin:.8rem .5rem 0 0;padding:.5rem 1.2rem}.sub{margin-left:1.6rem;font-size:.9em}.err{color:#b00}code{font-size:.9em}`;

/** Sends a page with headers that keep it out of caches and frames. */
export function sendPage(res: Response, status: number, title: string, body: string): void {
  res.setHeader('Content-Type', 'text/html; charset=utf-8');
  res.setHeader('Cache-Control', 'no-store');
  res.setHeader('Pragma', 'no-cache');
  res.setHeader('X-Frame-Options', 'DENY');
  res.setHeader('Referrer-Policy', 'no-referrer');
  res.setHeader('Content-Security-Policy', "default-src 'none'; style-src 'unsafe-inline'; frame-ancestors 'none'");
  res.status(status).send(`<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${esc(title)}</title><style>${STYLE}</style></head><body><h1>${esc(title)}</h1>${body}</body></html>`);
}

/** An error the user sees (nothing is sent to the client application). */
export function errorPage(res: Response, status: number, message: string): void {
  sendPage(res, status, 'Authorization failed', `<p class="err">${esc(message)}</p>`);
}

/** Common hidden fields of every interaction form. */
function formHead(rid: string, csrf: string, action: string): string {
  return `<form method="post" action="interact">${hidden('rid', rid)}${hidden('csrf', csrf)}${hidden('action', action)}`;
}

/** The login form (fields `username`, `password`). */
export function loginPage(res: Response, o: { rid: string; csrf: string; clientName: string; error?: string; upstream?: string; status?: number }): void {
  const err = o.error === undefined ? '' : `<p class="err">${esc(o.error)}</p>`;
  const sso = o.upstream === undefined ? '' : `${formHead(o.rid, o.csrf, 'upstream')}<button type="submit">Sign in with ${esc(o.upstream)}</button></form><p>or with a local account:</p>`;
  sendPage(res, o.status ?? (o.error === undefined ? 200 : 401), 'Sign in',
    `<p><b>${esc(o.clientName)}</b> asks to access health data.</p>${err}${sso}${formHead(o.rid, o.csrf, 'login')}
<label>Username <input type="text" name="username" autocomplete="username" required></label>
<label>Password <input type="password" name="password" autocomplete="current-password" required></label>
<button type="submit">Sign in</button></form>`);
}

/** One Patient row of the picker. */
export interface PatientChoice {
  readonly id: string;
  readonly label: string;
}

/** The patient picker: a name search (GET) and a choice (POST `patient`). */
export function pickerPage(res: Response, o: { rid: string; csrf: string; name: string; patients: readonly PatientChoice[]; error?: string }): void {
  const err = o.error === undefined ? '' : `<p class="err">${esc(o.error)}</p>`;
  const rows = o.patients.map((p, i) =>
    `<label><input type="radio" name="patient" value="${esc(p.id)}"${i === 0 ? ' checked' : ''}> ${esc(p.label)} <code>Patient/${esc(p.id)}</code></label>`).join('');
  const list = o.patients.length === 0 ? '<p>No patient found.</p>'
    : `${formHead(o.rid, o.csrf, 'pick')}${rows}<button type="submit">Continue</button></form>`;
  sendPage(res, o.error === undefined ? 200 : 400, 'Choose a patient',
    `${err}<form method="get" action="interact">${hidden('rid', o.rid)}<label>Name <input type="text" name="name" value="${esc(o.name)}"></label><button type="submit">Search</button></form>${list}`);
}

/** One consent checkbox with its optional `?category=` narrowings. */
export interface ConsentRow {
  readonly scope: string;
  readonly subScopes: readonly string[];
}

/** The consent page: one checkbox per scope (field `scope`, repeated), Allow / Deny. */
export function consentPage(res: Response, o: { rid: string; csrf: string; clientName: string; user: string; patient: string | undefined; rows: readonly ConsentRow[] }): void {
  const box = (scope: string, cls: string, checked: boolean): string =>
    `<label class="${cls}"><input type="checkbox" name="scope" value="${esc(scope)}"${checked ? ' checked' : ''}> <code>${esc(scope)}</code></label>`;
  const rows = o.rows.map((r) => box(r.scope, 'scope', true) +
    (r.subScopes.length === 0 ? '' : `<div class="sub">or only:${r.subScopes.map((s) => box(s, 'sub', false)).join('')}</div>`)).join('');
  const patient = o.patient === undefined ? '' : `<p>Patient: <code>Patient/${esc(o.patient)}</code></p>`;
  sendPage(res, 200, 'Allow access?',
    `<p>Signed in as <b>${esc(o.user)}</b>. <b>${esc(o.clientName)}</b> asks for:</p>${patient}${formHead(o.rid, o.csrf, 'consent')}${rows}
<button type="submit" name="decision" value="allow">Allow</button><button type="submit" name="decision" value="deny">Deny</button></form>`);
}
