/**
 * Local users who log in at `/oauth2/authorize`: a username, a scrypt password hash and the FHIR
 * resource they are (`fhirUser`, e.g. `Practitioner/123` or `Patient/456`). Kept in
 * `DATA_DIR/users.json` (mode 0600). https://hl7.org/fhir/smart-app-launch/scopes-and-launch-context.html#scopes-for-requesting-identity-data
 */
import { randomUUID } from 'node:crypto';
import { OAuthError } from './oauth-error.js';
import { asRecord, JsonFileCollection, requiredString } from './json-file-collection.js';
import { hashSecret, verifySecret } from './secret-hash.js';

/** One local user. */
export interface LocalUser {
  /** Stable id, the `sub` of ID tokens. */
  readonly id: string;
  readonly username: string;
  readonly passwordHash: string;
  /** Relative reference to the user's FHIR resource. */
  readonly fhirUser: string;
  readonly createdAt: string;
}

/** `fhirUser` must be a relative reference to one of these types (SMART App Launch §fhirUser). */
const FHIR_USER_RE = /^(Patient|Practitioner|PractitionerRole|RelatedPerson|Person)\/[A-Za-z0-9\-.]{1,64}$/;
const USERNAME_RE = /^[A-Za-z0-9._@-]{1,64}$/;

/** A hash nobody's password matches, verified when the username is unknown so timing does not tell. */
let dummyHash: Promise<string> | undefined;

/** The local user directory. */
export class UserStore {
  private readonly users: JsonFileCollection<LocalUser>;

  /** @param path `DATA_DIR/users.json`, or undefined to keep users in memory (tests). */
  constructor(path: string | undefined, private readonly clock: () => Date) {
    this.users = new JsonFileCollection(path, (u) => u.id, parseUser);
  }

  /** Creates a user; `invalid_request` for bad fields or a taken username. */
  async create(input: { username: unknown; password: unknown; fhirUser: unknown }): Promise<LocalUser> {
    const { username, password, fhirUser } = input;
    if (typeof username !== 'string' || !USERNAME_RE.test(username)) throw new OAuthError('invalid_request', 'username must be 1–64 letters, digits or ._@-');
    if (typeof password !== 'string' || password.length < 8 || password.length > 1024) throw new OAuthError('invalid_request', 'password must be 8–1024 characters');
    if (typeof fhirUser !== 'string' || !FHIR_USER_RE.test(fhirUser)) {
      throw new OAuthError('invalid_request', 'fhirUser must be a relative reference such as Practitioner/123 or Patient/456');
    }
    if (await this.byUsername(username)) throw new OAuthError('invalid_request', 'username is taken');
    const user: LocalUser = { id: randomUUID(), username, passwordHash: await hashSecret(password), fhirUser, createdAt: this.clock().toISOString() };
    await this.users.put(user);
    return user;
  }

  get(id: string): Promise<LocalUser | undefined> {
    return this.users.get(id);
  }

  async byUsername(username: string): Promise<LocalUser | undefined> {
    return (await this.users.list()).find((u) => u.username === username);
  }

  list(): Promise<readonly LocalUser[]> {
    return this.users.list();
  }

  /**
   * The user signed in through an upstream IdP (`externalId` = `issuer|sub`), created on first sign-in;
   * its fhirUser follows the IdP. Such users have no password here (the hash never matches).
   */
  async upsertExternal(externalId: string, fhirUser: string): Promise<LocalUser> {
    const existing = await this.byUsername(externalId);
    if (existing?.fhirUser === fhirUser) return existing;
    const user: LocalUser = existing !== undefined
      ? { ...existing, fhirUser }
      : { id: randomUUID(), username: externalId, passwordHash: 'external', fhirUser, createdAt: this.clock().toISOString() };
    await this.users.put(user);
    return user;
  }

  /** The user when the password matches; undefined otherwise (same work either way). */
  async login(username: string, password: string): Promise<LocalUser | undefined> {
    const user = await this.byUsername(username);
    dummyHash ??= hashSecret('not-a-password');
    const ok = await verifySecret(password, user?.passwordHash ?? (await dummyHash));
    return ok ? user : undefined;
  }
}

function parseUser(raw: unknown, where: string): LocalUser {
  const r = asRecord(raw, where);
  return {
    id: requiredString(r, 'id', where),
    username: requiredString(r, 'username', where),
    passwordHash: requiredString(r, 'passwordHash', where),
    fhirUser: requiredString(r, 'fhirUser', where),
    createdAt: requiredString(r, 'createdAt', where),
  };
}
