/**
 * The interaction pages behind `/oauth2/authorize`: `GET /oauth2/authorize/interact?rid=` shows the
 * current step (login → patient picker → consent); `POST` handles a step's form (CSRF-checked) and
 * finally redirects to the client with `code` and `state`.
 * https://hl7.org/fhir/smart-app-launch/app-launch.html#obtain-authorization-code
 */
import type { RequestHandler, Response } from 'express';
import type { AuthService } from '../../auth/auth-service.js';
import { RedirectableAuthorizationError, redirectWith } from '../../auth/authorization-request.js';
import type { Grant } from '../../auth/grant.js';
import type { LoginThrottle } from '../../auth/login-throttle.js';
import { OAuthError } from '../../auth/oauth-error.js';
import { consentChoices, consentedScopes } from '../../auth/scope-grant.js';
import { hasScope, parseScopes } from '../../auth/scopes.js';
import type { LocalUser } from '../../auth/user-store.js';
import type { FhirInteractions } from '../../repository/types.js';
import { redirectError } from './authorize-endpoint.js';
import { consentPage, errorPage, loginPage, pickerPage } from './html.js';
import { patientExists, searchPatients } from './patient-picker.js';
import { Sessions, type PendingAuthorization, type Session } from './session.js';

export interface InteractDeps {
  readonly auth: AuthService;
  readonly sessions: Sessions;
  readonly repo: FhirInteractions;
  /** Failed sign-in throttling (per username and client address); absent: none. */
  readonly throttle?: LoginThrottle;
}

/** The patient context a step needs: decided, to be picked, or impossible. */
type PatientState = { kind: 'known'; patient: string | undefined } | { kind: 'pick' } | { kind: 'conflict' };

function patientState(p: PendingAuthorization, user: LocalUser): PatientState {
  const own = user.fhirUser.startsWith('Patient/') ? user.fhirUser.slice('Patient/'.length) : undefined;
  const launched = p.request.launch?.patient;
  // A Patient user only ever acts on their own record.
  if (own !== undefined) return launched !== undefined && launched !== own ? { kind: 'conflict' } : { kind: 'known', patient: own };
  if (launched !== undefined) return { kind: 'known', patient: launched };
  const wants = hasScope(p.request.scopes, 'launch/patient') || p.request.scopes.some((s) => s.kind === 'resource' && s.context === 'patient');
  if (!wants) return { kind: 'known', patient: undefined };
  return p.patient !== undefined ? { kind: 'known', patient: p.patient } : { kind: 'pick' };
}

const EXPIRED = 'This sign-in request has expired or is unknown. Go back to the application and start again.';

function stateError(p: PendingAuthorization, code: OAuthError['code'], text: string): RedirectableAuthorizationError {
  return new RedirectableAuthorizationError(new OAuthError(code, text), p.request.redirectUri, p.request.state);
}

/** Renders the current step of a pending request. */
async function render(d: InteractDeps, res: Response, s: Session, rid: string, p: PendingAuthorization, name: string): Promise<void> {
  const clientName = p.request.client.name ?? p.request.client.clientId;
  const user = s.userId === undefined ? undefined : await d.auth.users.get(s.userId);
  if (user === undefined) {
    loginPage(res, { rid, csrf: s.csrf, clientName, ...(d.auth.upstream !== undefined && { upstream: d.auth.upstream.name }) });
    return;
  }
  const ps = patientState(p, user);
  if (ps.kind === 'conflict') {
    s.pending.delete(rid);
    redirectError(res, stateError(p, 'access_denied', 'The launch patient is not the signed-in patient'));
    return;
  }
  if (ps.kind === 'pick') {
    pickerPage(res, { rid, csrf: s.csrf, name, patients: await searchPatients(d.repo, d.auth.fhirBase, name) });
    return;
  }
  const rows = consentChoices(p.request.scopes);
  consentPage(res, { rid, csrf: s.csrf, clientName, user: `${user.username} (${user.fhirUser})`, patient: ps.patient, rows });
}

/** `45 seconds`, `3 minutes`. */
function waitText(seconds: number): string {
  if (seconds < 60) return `${seconds} second${seconds === 1 ? '' : 's'}`;
  const minutes = Math.ceil(seconds / 60);
  return `${minutes} minute${minutes === 1 ? '' : 's'}`;
}

function single(q: unknown): string {
  return typeof q === 'string' ? q : '';
}

/** GET: show the current step. */
export function interactPage(d: InteractDeps): RequestHandler {
  return async (req, res) => {
    const rid = single(req.query['rid']);
    const s = d.sessions.load(req, res);
    const p = s?.pending.get(rid);
    if (s === undefined || p === undefined) {
      errorPage(res, 400, EXPIRED);
      return;
    }
    await render(d, res, s, rid, p, single(req.query['name']));
  };
}

/** POST: handle a step's form. */
export function interactSubmit(d: InteractDeps): RequestHandler {
  return async (req, res) => {
    if (!req.is('application/x-www-form-urlencoded') || typeof req.body !== 'string') {
      errorPage(res, 400, 'Expected a form.');
      return;
    }
    const form = new URLSearchParams(req.body);
    const rid = form.get('rid') ?? '';
    let s = d.sessions.load(req, res);
    const p = s?.pending.get(rid);
    if (s === undefined || p === undefined) {
      errorPage(res, 400, EXPIRED);
      return;
    }
    if (!Sessions.csrfOk(s, form.get('csrf') ?? undefined)) {
      errorPage(res, 403, 'The form could not be verified (CSRF check failed). Reload the page and try again.');
      return;
    }
    const action = form.get('action');
    const again = (): void => {
      res.setHeader('Cache-Control', 'no-store');
      res.redirect(303, `interact?rid=${encodeURIComponent(rid)}`);
    };
    if (action === 'login') {
      const username = form.get('username') ?? '';
      const address = req.ip ?? req.socket.remoteAddress ?? '';
      const clientName = p.request.client.name ?? p.request.client.clientId;
      // Locked: refused before the password is checked, whether the username exists or not.
      const wait = d.throttle?.retryAfter(username, address) ?? 0;
      if (wait > 0) {
        res.setHeader('Retry-After', String(wait));
        loginPage(res, { rid, csrf: s.csrf, clientName, status: 429, error: `Too many failed sign-in attempts. Try again in ${waitText(wait)}.` });
        return;
      }
      const user = await d.auth.users.login(username, form.get('password') ?? '');
      if (user === undefined) {
        d.throttle?.failed(username, address);
        loginPage(res, { rid, csrf: s.csrf, clientName, error: 'Unknown username or wrong password.' });
        return;
      }
      d.throttle?.succeeded(username);
      s = d.sessions.regenerate(s, res);
      s.userId = user.id;
      again();
      return;
    }
    if (action === 'upstream' && d.auth.upstream !== undefined) {
      const { url, login } = await d.auth.upstream.start();
      p.upstream = login;
      res.setHeader('Cache-Control', 'no-store');
      res.redirect(303, url);
      return;
    }
    const user = s.userId === undefined ? undefined : await d.auth.users.get(s.userId);
    if (user === undefined) {
      again();
      return;
    }
    const ps = patientState(p, user);
    if (action === 'pick' && ps.kind === 'pick') {
      const id = form.get('patient') ?? '';
      if (!(await patientExists(d.repo, d.auth.fhirBase, id))) {
        pickerPage(res, { rid, csrf: s.csrf, name: '', patients: await searchPatients(d.repo, d.auth.fhirBase, ''), error: 'Choose one of the listed patients.' });
        return;
      }
      p.patient = id;
      again();
      return;
    }
    if (action !== 'consent' || ps.kind !== 'known') {
      again();
      return;
    }
    s.pending.delete(rid);
    if (form.get('decision') !== 'allow') {
      redirectError(res, stateError(p, 'access_denied', 'The user denied the request'));
      return;
    }
    finish(d, res, p, user, ps.patient, new Set(form.getAll('scope')));
  };
}

/** Issues the code for what the user left ticked and sends the browser back to the client. */
function finish(d: InteractDeps, res: Response, p: PendingAuthorization, user: LocalUser, patient: string | undefined, ticked: ReadonlySet<string>): void {
  const scope = consentedScopes(consentChoices(p.request.scopes), ticked);
  const scopes = parseScopes(scope.join(' '));
  if (!scopes.some((x) => x.kind === 'resource')) {
    redirectError(res, stateError(p, 'access_denied', 'No data access was allowed'));
    return;
  }
  const launch = p.request.launch;
  const withEncounter = launch?.encounter !== undefined && (hasScope(scopes, 'launch') || hasScope(scopes, 'launch/encounter'));
  const grant: Grant = {
    clientId: p.request.client.clientId,
    scope: scope.join(' '),
    subject: user.id,
    fhirUser: user.fhirUser,
    patient,
    encounter: withEncounter ? launch.encounter : undefined,
    fhirContext: launch?.fhirContext,
    // Standalone launches have no EHR around the app: it must show who the patient is.
    needPatientBanner: launch === undefined,
  };
  const code = d.auth.issueCode(grant, p.request.redirectUri, p.request.codeChallenge, p.request.nonce);
  res.setHeader('Cache-Control', 'no-store');
  res.redirect(303, redirectWith(p.request.redirectUri, { code, state: p.request.state }));
}
