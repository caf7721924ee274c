/**
 * One client connection, server side: start-up (SSL/GSSENC negotiation, CancelRequest), authentication,
 * then message framing and in-order dispatch to a SessionHandler supplied by the engine side.
 * Engine-agnostic: everything about SQL lives behind ProtocolHandler/SessionHandler.
 */
import type { Socket } from 'node:net';
import { type SecureContext, TLSSocket } from 'node:tls';
import { createAuthenticator } from './auth/index.js';
import type { Authenticator, AuthMethod, UserSecret } from './auth/types.js';
import { authenticationOk, errorResponse } from './backend.js';
import { PgError, SQLSTATE } from './errors.js';
import { decodeFrontend, type FrontendMessage } from './frontend.js';
import { Queue } from './queue.js';
import { decodeStartupPacket, MAX_STARTUP_PACKET } from './startup.js';
import { MessageWriter } from './writer.js';

export interface StartupInfo {
  user: string;
  database: string;
  params: Record<string, string>;
  remoteAddress: string;
  tls: boolean;
}

/** Output side handed to a session. Messages are buffered in `w` until flush(). */
export interface BackendOutput {
  readonly w: MessageWriter;
  /** Send what is buffered. Returns a promise when the socket asks us to wait (backpressure). */
  flush(): Promise<void> | undefined;
  /** Send a FATAL error and close. */
  fatal(err: PgError): void;
  readonly closed: boolean;
  /** Type of the next message already received and waiting, if any (lets a session see a Sync coming). */
  peekNext(): FrontendMessage['type'] | undefined;
}

export interface SessionHandler {
  /** Called for each message in order; the next message waits until a returned promise settles. */
  handle(msg: FrontendMessage): void | Promise<void>;
  /** The connection is gone (client quit, network error or server shutdown). */
  closed(): void;
}

export interface ProtocolHandler {
  authMethod(startup: StartupInfo): AuthMethod;
  userSecret(user: string): UserSecret | undefined;
  cancel(processId: number, secretKey: number): void;
  /** After authentication: send ParameterStatus, BackendKeyData and ReadyForQuery, return the session. */
  openSession(startup: StartupInfo, out: BackendOutput): SessionHandler | Promise<SessionHandler>;
}

export interface ConnectionOptions {
  secureContext?: SecureContext;
  /** Largest frontend message accepted; bigger ones are a FATAL protocol violation. */
  maxMessageSize: number;
  /** Stop reading from a client whose unprocessed input exceeds this (pipelining backpressure). */
  maxPendingInput?: number;
  /** Authentication must finish within this time (PG's authentication_timeout). */
  authTimeoutMs?: number;
}

type Phase = 'startup' | 'auth' | 'session' | 'closed';

export class ServerConnection implements BackendOutput {
  readonly w = new MessageWriter();
  private socket: Socket;
  private phase: Phase = 'startup';
  private chunks: Buffer[] = [];
  private buffered = 0;
  private queuedBytes = 0;
  private queue = new Queue<FrontendMessage>();
  private pumping = false;
  private session?: SessionHandler;
  private authenticator?: Authenticator | null;
  private startup?: StartupInfo;
  private tls = false;
  private authTimer?: NodeJS.Timeout;
  private readonly maxPending: number;

  constructor(
    socket: Socket,
    private readonly handler: ProtocolHandler,
    private readonly options: ConnectionOptions,
  ) {
    this.socket = socket;
    this.maxPending = options.maxPendingInput ?? 8 * 1024 * 1024;
    socket.setNoDelay(true);
    this.attach(socket);
    this.authTimer = setTimeout(() => {
      if (this.phase === 'startup' || this.phase === 'auth') this.socket.destroy();
    }, options.authTimeoutMs ?? 60_000);
    this.authTimer.unref();
  }

  get closed(): boolean {
    return this.phase === 'closed';
  }

  peekNext(): FrontendMessage['type'] | undefined {
    return this.queue.peek()?.type;
  }

  private attach(socket: Socket): void {
    socket.on('data', (chunk: Buffer) => this.onData(chunk));
    socket.on('error', () => this.onClose());
    socket.on('close', () => this.onClose());
  }

  private onClose(): void {
    if (this.phase === 'closed') return;
    this.phase = 'closed';
    clearTimeout(this.authTimer);
    this.queue.clear();
    this.chunks.length = 0;
    this.session?.closed();
    this.socket.destroy();
  }

  flush(): Promise<void> | undefined {
    if (this.w.length === 0 || this.phase === 'closed') return undefined;
    const ok = this.socket.write(this.w.take());
    if (ok) return undefined;
    return new Promise((resolve) => {
      const done = () => {
        this.socket.off('drain', done);
        this.socket.off('close', done);
        resolve();
      };
      this.socket.on('drain', done);
      this.socket.on('close', done);
    });
  }

  fatal(err: PgError): void {
    if (this.phase === 'closed') return;
    const f = err.fields();
    errorResponse(this.w, { ...f, severity: 'FATAL' });
    this.flush();
    this.phase = 'closed';
    clearTimeout(this.authTimer);
    this.socket.end();
    this.session?.closed();
    // A client that never reads must not keep the socket (and its buffers) alive.
    setTimeout(() => this.socket.destroy(), 1000).unref();
  }

  private onData(chunk: Buffer): void {
    if (this.phase === 'closed') return;
    this.chunks.push(chunk);
    this.buffered += chunk.length;
    try {
      this.parse();
    } catch (e) {
      this.fatal(toPgError(e));
    }
  }

  /** Concatenate pending chunks only when a message spans them. */
  private peek(n: number): Buffer | undefined {
    if (this.buffered < n) return undefined;
    if (this.chunks[0].length < n) {
      // Join only the chunks this message spans: joining everything buffered would make a long
      // pipelined stream (COPY) quadratic.
      let k = 0;
      let len = 0;
      while (len < n) len += this.chunks[k++].length;
      this.chunks.splice(0, k, Buffer.concat(this.chunks.slice(0, k), len));
    }
    return this.chunks[0];
  }

  private consume(n: number): void {
    const first = this.chunks[0];
    this.buffered -= n;
    if (first.length === n) this.chunks.shift();
    else this.chunks[0] = first.subarray(n);
  }

  private parse(): void {
    while (this.phase !== 'closed') {
      if (this.phase === 'startup') {
        const head = this.peek(4);
        if (!head) break;
        const len = head.readInt32BE(0);
        if (len < 8 || len > MAX_STARTUP_PACKET) {
          throw new PgError(SQLSTATE.PROTOCOL_VIOLATION, 'invalid length of startup packet', { severity: 'FATAL' });
        }
        const buf = this.peek(len);
        if (!buf) break;
        const packet = Buffer.from(buf.subarray(0, len));
        this.consume(len);
        this.onStartupPacket(packet);
        continue;
      }
      const head = this.peek(5);
      if (!head) break;
      const type = head[0];
      const len = head.readInt32BE(1);
      if (len < 4 || len - 4 > (this.phase === 'auth' ? 65535 : this.options.maxMessageSize)) {
        throw new PgError(SQLSTATE.PROTOCOL_VIOLATION, `invalid message length ${len}`, { severity: 'FATAL' });
      }
      const buf = this.peek(len + 1);
      if (!buf) break;
      // Copy: the session may keep parameter buffers (Bind) beyond this chunk's life.
      const body = Buffer.from(buf.subarray(5, len + 1));
      this.consume(len + 1);
      if (this.phase === 'auth') {
        if (type !== 0x70) {
          throw new PgError(SQLSTATE.PROTOCOL_VIOLATION, `expected password response, got message type ${type}`, {
            severity: 'FATAL',
          });
        }
        this.onPassword(body);
        continue;
      }
      let msg: FrontendMessage;
      try {
        msg = decodeFrontend(type, body);
      } catch (e) {
        const err = toPgError(e);
        if (err.severity === 'FATAL') throw err;
        // A non-fatal decode error (invalid UTF-8 in a query) is reported as an ERROR by the session.
        msg = { type: 'Invalid', error: err, messageType: type };
      }
      this.queuedBytes += messageSize(msg);
      this.queue.push(msg);
    }
    this.pump();
    // A client pipelining faster than we execute is paused instead of growing our memory.
    if (this.queuedBytes > this.maxPending && !this.socket.isPaused()) this.socket.pause();
  }

  private onStartupPacket(packet: Buffer): void {
    const p = decodeStartupPacket(packet);
    switch (p.kind) {
      case 'ssl':
        if (this.buffered > 0) {
          // Bytes after SSLRequest before the handshake could be injected in clear text (CVE-2021-23214).
          throw new PgError(SQLSTATE.PROTOCOL_VIOLATION, 'received unencrypted data after SSL request', {
            severity: 'FATAL',
          });
        }
        if (this.options.secureContext && !this.tls) {
          this.socket.write('S');
          this.upgrade();
        } else {
          this.socket.write('N');
        }
        return;
      case 'gssenc':
        this.socket.write('N');
        return;
      case 'cancel':
        this.handler.cancel(p.processId, p.secretKey);
        this.phase = 'closed';
        this.socket.end();
        return;
      case 'startup':
        this.beginAuth(p.params);
        return;
    }
  }

  private upgrade(): void {
    const raw = this.socket;
    raw.removeAllListeners('data');
    raw.removeAllListeners('error');
    raw.removeAllListeners('close');
    const secure = new TLSSocket(raw, { isServer: true, secureContext: this.options.secureContext });
    this.socket = secure;
    this.tls = true;
    this.attach(secure);
  }

  private beginAuth(params: Record<string, string>): void {
    const { user, database, ...rest } = params;
    this.startup = {
      user,
      database: database || user,
      params: rest,
      remoteAddress: this.socket.remoteAddress ?? '',
      tls: this.tls,
    };
    const method = this.handler.authMethod(this.startup);
    // Over TLS, SCRAM-SHA-256-PLUS binds the exchange to our certificate (tls-server-end-point), as PG does.
    const cert = this.tls ? ((this.socket as TLSSocket).getCertificate() as { raw?: Buffer } | null) : null;
    const tlsServerCertDer = cert?.raw;
    this.authenticator = createAuthenticator(method, user, this.handler.userSecret(user), { tlsServerCertDer });
    if (!this.authenticator) {
      this.authenticated();
      return;
    }
    this.phase = 'auth';
    this.socket.write(this.authenticator.initial());
  }

  private onPassword(body: Buffer): void {
    const auth = this.authenticator;
    if (!auth) throw new PgError(SQLSTATE.PROTOCOL_VIOLATION, 'unexpected password message', { severity: 'FATAL' });
    const step = auth.respond(body);
    if (step.kind === 'continue') {
      this.socket.write(step.reply);
      return;
    }
    if (step.kind === 'fail') throw new PgError(step.code, step.message, { severity: 'FATAL' });
    if (step.reply) this.socket.write(step.reply);
    this.authenticated();
  }

  private authenticated(): void {
    clearTimeout(this.authTimer);
    this.phase = 'session';
    this.authenticator = undefined;
    authenticationOk(this.w);
    const startup = this.startup as StartupInfo;
    // Messages that arrive before the session exists wait in the queue.
    this.pumping = true;
    Promise.resolve()
      .then(() => this.handler.openSession(startup, this))
      .then(
        (session) => {
          this.session = session;
          this.pumping = false;
          if (this.phase === 'closed') session.closed();
          else this.pump();
        },
        (e) => this.fatal(toPgError(e)),
      );
  }

  private pump(): void {
    if (this.pumping || !this.session || this.phase !== 'session') return;
    this.pumping = true;
    const session = this.session;
    const step = (): void => {
      while (this.queue.length > 0 && this.phase === 'session') {
        const msg = this.queue.shift() as FrontendMessage;
        this.queuedBytes -= this.queue.length === 0 ? this.queuedBytes : messageSize(msg);
        if (msg.type === 'Terminate') {
          this.flush();
          this.phase = 'closed';
          this.socket.end();
          session.closed();
          return;
        }
        let r: void | Promise<void>;
        try {
          r = session.handle(msg);
        } catch (e) {
          this.fatal(toPgError(e));
          return;
        }
        if (r) {
          r.then(step, (e) => this.fatal(toPgError(e)));
          return;
        }
      }
      this.pumping = false;
      if (this.socket.isPaused() && this.queuedBytes <= this.maxPending / 2) {
        this.socket.resume();
      }
    };
    step();
  }
}

export function toPgError(e: unknown): PgError {
  if (e instanceof PgError) return e;
  const message = e instanceof Error ? e.message : String(e);
  return new PgError(SQLSTATE.INTERNAL_ERROR, message);
}

/** Approximate bytes a queued message holds, for input backpressure. */
function messageSize(m: FrontendMessage): number {
  switch (m.type) {
    case 'Query':
    case 'Parse':
      return m.sql.length + 5;
    case 'Bind':
      return m.params.reduce((n, p) => n + (p ? p.length : 0), 16);
    case 'CopyData':
      return m.data.length + 5;
    default:
      return 5;
  }
}
