/**
 * Server side of SASL SCRAM-SHA-256(-PLUS), following PostgreSQL's auth-scram.c:
 * - the username in client-first-message is ignored (the startup packet's user is authoritative);
 * - authzid and the 'm' extension are rejected, other extensions ignored;
 * - a doomed exchange (unknown user / no usable secret) runs to the end with a mock secret and then fails,
 *   so clients can't probe which roles exist.
 */
import { randomBytes } from 'node:crypto';
import { SQLSTATE } from '../errors.js';
import {
  AUTH_SASL,
  AUTH_SASL_CONTINUE,
  AUTH_SASL_FINAL,
  authMessage,
  passwordFailed,
  protocolViolation,
  safeEqual,
} from './messages.js';
import { hmacSha256, isBase64, SCRAM_KEY_LEN, type ScramVerifier, sha256 } from './scram-secret.js';
import type { Authenticator, AuthStep } from './types.js';

export { makeScramVerifier, parseScramVerifier, type ScramVerifier } from './scram-secret.js';

export const SCRAM_SHA_256 = 'SCRAM-SHA-256';
export const SCRAM_SHA_256_PLUS = 'SCRAM-SHA-256-PLUS';
/** PG's SCRAM_RAW_NONCE_LEN. */
const SERVER_NONCE_LEN = 18;
const CBIND_TYPE = 'tls-server-end-point';

class ScramFailure extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

function malformed(detail: string): never {
  throw new ScramFailure(SQLSTATE.PROTOCOL_VIOLATION, `malformed SCRAM message: ${detail}`);
}

/** Splits `x=value`; SCRAM attribute names are single ASCII letters. */
function attr(part: string | undefined, expected?: string): [string, string] {
  const m = part === undefined ? null : /^([A-Za-z])=(.*)$/s.exec(part);
  if (!m) malformed(`Attribute expected, but found "${part ?? ''}".`);
  const [, name, value] = m as unknown as [string, string, string];
  if (expected !== undefined && name !== expected) malformed(`Expected attribute "${expected}" but found "${part}".`);
  return [name, value];
}

/** printable = %x21-2B / %x2D-7E (RFC 5802). */
const PRINTABLE = /^[\x21-\x2B\x2D-\x7E]+$/;

export interface ScramOptions {
  /** Mock exchange that must fail after the client's proof (unknown user or no valid secret). */
  doomed?: boolean;
  /** tls-server-end-point binding data (see tlsServerEndPoint); when set, SCRAM-SHA-256-PLUS is advertised. */
  channelBinding?: Buffer | null;
}

type State = 'initial' | 'awaitClientFirst' | 'awaitClientFinal' | 'done';

export class ScramAuthenticator implements Authenticator {
  private state: State = 'initial';
  private readonly doomed: boolean;
  private readonly cbindData: Buffer | null;
  private plus = false;
  private cbindFlag = '';
  private clientFirstBare = '';
  private serverFirst = '';
  private nonce = '';

  constructor(
    private readonly user: string,
    private readonly verifier: ScramVerifier,
    opts: ScramOptions = {},
  ) {
    this.doomed = opts.doomed ?? false;
    this.cbindData = opts.channelBinding ?? null;
  }

  initial(): Buffer {
    // PG advertises the PLUS variant first; the list ends with an empty name.
    const names = this.cbindData ? `${SCRAM_SHA_256_PLUS}\0${SCRAM_SHA_256}\0\0` : `${SCRAM_SHA_256}\0\0`;
    return authMessage(AUTH_SASL, Buffer.from(names, 'latin1'));
  }

  respond(body: Buffer): AuthStep {
    try {
      switch (this.state) {
        case 'initial':
          return this.initialResponse(body);
        case 'awaitClientFirst':
          return this.clientFirst(body);
        case 'awaitClientFinal':
          return this.clientFinal(body);
        default:
          return protocolViolation('unexpected SASL response after the exchange completed');
      }
    } catch (e) {
      this.state = 'done';
      if (e instanceof ScramFailure) return { kind: 'fail', code: e.code, message: e.message };
      throw e;
    }
  }

  /** SASLInitialResponse: mechanism name, NUL, int32 length (-1 = no data), client-first-message. */
  private initialResponse(body: Buffer): AuthStep {
    const nul = body.indexOf(0);
    if (nul < 0 || body.length < nul + 5)
      throw new ScramFailure(SQLSTATE.PROTOCOL_VIOLATION, 'invalid SASLInitialResponse message');
    const mech = body.toString('latin1', 0, nul);
    if (mech === SCRAM_SHA_256_PLUS && this.cbindData) this.plus = true;
    else if (mech !== SCRAM_SHA_256) {
      throw new ScramFailure(SQLSTATE.PROTOCOL_VIOLATION, 'client selected an invalid SASL authentication mechanism');
    }
    const len = body.readInt32BE(nul + 1);
    const data = body.subarray(nul + 5);
    if (len === -1 && data.length === 0) {
      // No initial response: ask for client-first-message with an empty challenge, as PG does.
      this.state = 'awaitClientFirst';
      return { kind: 'continue', reply: authMessage(AUTH_SASL_CONTINUE) };
    }
    if (len !== data.length) throw new ScramFailure(SQLSTATE.PROTOCOL_VIOLATION, 'invalid SASLInitialResponse message');
    return this.clientFirst(data);
  }

  /** client-first-message = gs2-header client-first-message-bare */
  private clientFirst(data: Buffer): AuthStep {
    const msg = decode(data);
    const parts = msg.split(',');
    const flag = parts[0] ?? '';
    if (flag === 'n' || flag === 'y') {
      if (this.plus) {
        malformed(
          'The client selected SCRAM-SHA-256-PLUS, but the SCRAM message does not include channel binding data.',
        );
      }
      if (flag === 'y' && this.cbindData) {
        // The client could bind but believes we can't: a mechanism downgrade by a man in the middle.
        throw new ScramFailure(SQLSTATE.PROTOCOL_VIOLATION, 'SCRAM channel binding negotiation error');
      }
    } else if (flag.startsWith('p=')) {
      if (!this.plus) {
        malformed(
          'The client selected SCRAM-SHA-256 without channel binding, but the SCRAM message includes channel binding data.',
        );
      }
      const type = flag.slice(2);
      if (type !== CBIND_TYPE) {
        throw new ScramFailure(SQLSTATE.PROTOCOL_VIOLATION, `unsupported SCRAM channel-binding type "${type}"`);
      }
    } else {
      malformed(`Unexpected channel-binding flag "${flag}".`);
    }
    if (parts.length < 4) malformed('Incomplete client-first-message.');
    if (parts[1] !== '') {
      if (parts[1]?.startsWith('a=')) {
        throw new ScramFailure(
          SQLSTATE.FEATURE_NOT_SUPPORTED,
          'client uses authorization identity, but it is not supported',
        );
      }
      malformed('Unexpected attribute in client-first-message.');
    }
    if (parts[2]?.startsWith('m=')) {
      throw new ScramFailure(SQLSTATE.FEATURE_NOT_SUPPORTED, 'client requires an unsupported SCRAM extension');
    }
    attr(parts[2], 'n'); // username: ignored, the startup packet's user counts
    const [, clientNonce] = attr(parts[3], 'r');
    if (!PRINTABLE.test(clientNonce)) malformed('non-printable characters in SCRAM nonce');
    for (const ext of parts.slice(4)) attr(ext);

    this.cbindFlag = flag;
    this.clientFirstBare = parts.slice(2).join(',');
    this.nonce = clientNonce + randomBytes(SERVER_NONCE_LEN).toString('base64');
    const { salt, iterations } = this.verifier;
    this.serverFirst = `r=${this.nonce},s=${salt.toString('base64')},i=${iterations}`;
    this.state = 'awaitClientFinal';
    return { kind: 'continue', reply: authMessage(AUTH_SASL_CONTINUE, Buffer.from(this.serverFirst, 'latin1')) };
  }

  /** client-final-message = channel-binding "," nonce ["," extensions] "," proof */
  private clientFinal(data: Buffer): AuthStep {
    this.state = 'done';
    const parts = decode(data).split(',');
    const [, cbind] = attr(parts[0], 'c');
    if (this.plus) {
      const cbindData = this.cbindData as Buffer;
      const expected = Buffer.concat([Buffer.from(`p=${CBIND_TYPE},,`), cbindData]).toString('base64');
      if (cbind !== expected) {
        throw new ScramFailure(SQLSTATE.INVALID_AUTHORIZATION_SPECIFICATION, 'SCRAM channel binding check failed');
      }
    } else if (!((cbind === 'biws' && this.cbindFlag === 'n') || (cbind === 'eSws' && this.cbindFlag === 'y'))) {
      throw new ScramFailure(
        SQLSTATE.PROTOCOL_VIOLATION,
        'unexpected SCRAM channel-binding attribute in client-final-message',
      );
    }
    const [, finalNonce] = attr(parts[1], 'r');
    let i = 2;
    while (attr(parts[i])[0] !== 'p') i++;
    if (i !== parts.length - 1) malformed('Garbage found at the end of client-final-message.');
    const proofB64 = attr(parts[i])[1];
    const proof = Buffer.from(proofB64, 'base64');
    if (!isBase64(proofB64) || proof.length !== SCRAM_KEY_LEN) malformed('Malformed proof in client-final-message.');
    if (finalNonce !== this.nonce) {
      throw new ScramFailure(SQLSTATE.PROTOCOL_VIOLATION, 'invalid SCRAM response: Nonce does not match.');
    }

    const authMsg = Buffer.from(`${this.clientFirstBare},${this.serverFirst},${parts.slice(0, i).join(',')}`, 'latin1');
    const { storedKey, serverKey } = this.verifier;
    const clientKey = hmacSha256(storedKey, authMsg);
    for (let k = 0; k < clientKey.length; k++) clientKey[k] = (clientKey[k] as number) ^ (proof[k] as number);
    if (!safeEqual(sha256(clientKey), storedKey) || this.doomed) return passwordFailed(this.user);
    const serverFinal = `v=${hmacSha256(serverKey, authMsg).toString('base64')}`;
    return { kind: 'ok', reply: authMessage(AUTH_SASL_FINAL, Buffer.from(serverFinal, 'latin1')) };
  }
}

/** SCRAM messages are C strings in PG; latin1 keeps the exact bytes for the AuthMessage. */
function decode(data: Buffer): string {
  if (data.length === 0) malformed('The message is empty.');
  if (data.includes(0)) malformed('Message length does not match input length.');
  return data.toString('latin1');
}
