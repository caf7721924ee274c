/**
 * Server-side authentication exchange, one instance per connection attempt.
 * The connection sends `initial()` (an Authentication* message), then feeds every 'p' message body
 * (PasswordMessage / SASLInitialResponse / SASLResponse: all arrive with type byte 'p') to `respond()`.
 */
export type AuthMethod = 'trust' | 'password' | 'md5' | 'scram-sha-256';

/** What the server knows about a user's secret. */
export interface UserSecret {
  /** Plain password, when known (config/env). */
  password?: string;
  /** A SCRAM verifier in PostgreSQL's pg_authid format: SCRAM-SHA-256$<iter>:<salt>$<StoredKey>:<ServerKey> */
  scramVerifier?: string;
  /** 'md5' + md5(password + username), PG's md5 storage format. */
  md5Hash?: string;
}

export type AuthStep =
  /** Send `reply` (e.g. AuthenticationSASLContinue) and wait for the next 'p' message. */
  | { kind: 'continue'; reply: Buffer }
  /** Authenticated; send `reply` first if present (AuthenticationSASLFinal), then AuthenticationOk. */
  | { kind: 'ok'; reply?: Buffer }
  /** Reject: FATAL with `code` (28P01 wrong password, 28000 bad exchange, 08P01 protocol violation). */
  | { kind: 'fail'; code: string; message: string };

export interface Authenticator {
  /** The first Authentication* message (never AuthenticationOk; trust doesn't create an Authenticator). */
  initial(): Buffer;
  respond(body: Buffer): AuthStep;
}
