/**
 * Optional upstream OpenID Connect identity provider for the login step of `/oauth2/authorize`
 * (`openid-client`, authorization code + PKCE + nonce). The IdP's ID token names the user (`sub`) and
 * their FHIR resource (the `fhirUser` claim, or another claim set by OIDC_FHIR_USER_CLAIM); the user is
 * kept as an external local user so grants and refresh tokens refer to a stable id.
 * https://openid.net/specs/openid-connect-core-1_0.html#CodeFlowAuth
 */
import * as oidc from 'openid-client';
import type { LocalUser, UserStore } from './user-store.js';

/** Settings of the upstream IdP. */
export interface UpstreamIdpOptions {
  /** Issuer URL (discovery at `/.well-known/openid-configuration`); plain http only on loopback. */
  readonly issuer: string;
  readonly clientId: string;
  readonly clientSecret: string | undefined;
  /** ID token claim carrying the user's FHIR resource (relative `Practitioner/1` or an absolute URL). */
  readonly fhirUserClaim: string;
  /** Our callback: `${PUBLIC_BASE_URL}/oauth2/authorize/upstream`. */
  readonly redirectUri: string;
}

/** What the callback needs to finish a login started here. */
export interface UpstreamLogin {
  readonly state: string;
  readonly nonce: string;
  readonly verifier: string;
}

const LOOPBACK = new Set(['localhost', '127.0.0.1', '[::1]']);
const FHIR_USER_RE = /(?:^|\/)((?:Patient|Practitioner|PractitionerRole|RelatedPerson|Person)\/[A-Za-z0-9\-.]{1,64})$/;

/** Login through an upstream OpenID Provider. */
export class UpstreamIdp {
  private config: Promise<oidc.Configuration> | undefined;

  constructor(
    private readonly o: UpstreamIdpOptions,
    private readonly users: UserStore,
  ) {}

  /** A label for the login page. */
  get name(): string {
    return new URL(this.o.issuer).host;
  }

  /** Starts a login: the URL to send the browser to, and what to keep for the callback. */
  async start(): Promise<{ url: string; login: UpstreamLogin }> {
    const config = await this.discover();
    const login: UpstreamLogin = { state: oidc.randomState(), nonce: oidc.randomNonce(), verifier: oidc.randomPKCECodeVerifier() };
    const url = oidc.buildAuthorizationUrl(config, {
      redirect_uri: this.o.redirectUri,
      scope: 'openid profile',
      state: login.state,
      nonce: login.nonce,
      code_challenge: await oidc.calculatePKCECodeChallenge(login.verifier),
      code_challenge_method: 'S256',
    });
    return { url: url.href, login };
  }

  /** Finishes a login from the callback URL; undefined (with a reason) when the IdP's answer is not usable. */
  async finish(callback: URL, login: UpstreamLogin): Promise<{ user: LocalUser } | { error: string }> {
    const config = await this.discover();
    let claims: oidc.IDToken | undefined;
    try {
      const tokens = await oidc.authorizationCodeGrant(config, callback, { pkceCodeVerifier: login.verifier, expectedState: login.state, expectedNonce: login.nonce, idTokenExpected: true });
      claims = tokens.claims();
    } catch (e) {
      return { error: `The identity provider refused the sign-in (${e instanceof Error ? e.message.slice(0, 120) : 'error'})` };
    }
    const raw = claims?.[this.o.fhirUserClaim];
    const m = typeof raw === 'string' ? FHIR_USER_RE.exec(raw) : null;
    if (claims === undefined || m?.[1] === undefined) return { error: `The identity provider did not assert a ${this.o.fhirUserClaim} claim` };
    return { user: await this.users.upsertExternal(`${this.name}|${claims.sub}`, m[1]) };
  }

  private discover(): Promise<oidc.Configuration> {
    this.config ??= (async () => {
      const url = new URL(this.o.issuer);
      const insecure = url.protocol === 'http:' && LOOPBACK.has(url.hostname);
      const auth = this.o.clientSecret === undefined ? oidc.None() : oidc.ClientSecretBasic(this.o.clientSecret);
      return oidc.discovery(url, this.o.clientId, undefined, auth, insecure ? { execute: [oidc.allowInsecureRequests] } : undefined);
    })().catch((e: unknown) => {
      this.config = undefined;
      throw e;
    });
    return this.config;
  }
}
