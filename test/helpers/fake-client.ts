/**
 * A raw PostgreSQL wire-protocol client for tests that need to misbehave: frontend messages come from pg-protocol's
 * `serialize`, backend messages are decoded by pg-protocol's `Parser`, and anything else can be sent as raw bytes.
 * Every wait has a timeout, so a server that hangs fails the test instead of stalling it.
 */
import { createHash } from 'node:crypto';
import { connect, type Socket } from 'node:net';
import { serialize } from 'pg-protocol';
import type { BackendMessage, DatabaseError } from 'pg-protocol/dist/messages.js';
import { Parser } from 'pg-protocol/dist/parser.js';

export type { BackendMessage };
export { serialize };

/** An ErrorResponse or NoticeResponse as decoded by pg-protocol. */
export type ErrorMessage = DatabaseError;

export interface FakeClientOptions {
  host?: string;
  port: number;
  /** Default timeout of every wait, ms. */
  timeoutMs?: number;
}

export interface StartupOptions {
  user?: string;
  database?: string;
  /** For cleartext or md5 authentication (SCRAM is not implemented here). */
  password?: string;
  /** Extra startup parameters. */
  params?: Record<string, string>;
}

export class FakeClient {
  readonly socket: Socket;
  /** Every backend message received so far, in order. */
  readonly messages: BackendMessage[] = [];
  /** Every byte received so far, as it came (including raw single-byte answers). */
  readonly received: Buffer[] = [];
  /** Index into `messages` of the first message not yet returned by a wait. */
  cursor = 0;
  /** Bytes received that were not parsed (raw single-byte answers such as the SSLRequest reply). */
  private rawWaiters: ((b: number) => void)[] = [];
  private readonly parser = new Parser();
  private listeners = new Set<() => void>();
  private closedFlag = false;
  /** Error emitted by the socket (ECONNRESET, EPIPE...), if any. */
  socketError?: Error;
  readonly closedPromise: Promise<void>;
  readonly timeoutMs: number;

  private constructor(socket: Socket, timeoutMs: number) {
    this.socket = socket;
    this.timeoutMs = timeoutMs;
    this.closedPromise = new Promise((resolve) => {
      socket.on('close', () => {
        this.closedFlag = true;
        this.notify();
        resolve();
      });
    });
    socket.on('error', (e) => {
      this.socketError = e;
    });
    socket.on('data', (chunk: Buffer) => this.onData(chunk));
  }

  /** Open a TCP connection (nothing is sent). */
  static connect(opts: FakeClientOptions): Promise<FakeClient> {
    const timeoutMs = opts.timeoutMs ?? 5000;
    return new Promise((resolve, reject) => {
      const socket = connect({ host: opts.host ?? '127.0.0.1', port: opts.port });
      const timer = setTimeout(() => {
        socket.destroy();
        reject(new Error(`connect to ${opts.port} timed out`));
      }, timeoutMs);
      socket.once('error', (e) => {
        clearTimeout(timer);
        reject(e);
      });
      socket.once('connect', () => {
        clearTimeout(timer);
        socket.setNoDelay(true);
        resolve(new FakeClient(socket, timeoutMs));
      });
    });
  }

  /** Connect and complete the startup (and cleartext/md5 authentication) up to the first ReadyForQuery. */
  static async open(opts: FakeClientOptions & StartupOptions): Promise<FakeClient> {
    const c = await FakeClient.connect(opts);
    try {
      await c.startup(opts);
    } catch (e) {
      c.destroy();
      throw e;
    }
    return c;
  }

  get closed(): boolean {
    return this.closedFlag;
  }

  private onData(chunk: Buffer): void {
    this.received.push(chunk);
    let data = chunk;
    while (this.rawWaiters.length > 0 && data.length > 0) {
      const waiter = this.rawWaiters.shift() as (b: number) => void;
      waiter(data[0]);
      data = data.subarray(1);
    }
    if (data.length === 0) return;
    try {
      this.parser.parse(data, (msg) => {
        this.messages.push(msg);
      });
    } catch (e) {
      this.socketError = e as Error;
      this.socket.destroy();
    }
    this.notify();
  }

  private notify(): void {
    for (const l of [...this.listeners]) l();
  }

  /** Send raw bytes. Errors (the server already closed) are recorded in `socketError`, not thrown. */
  send(...bufs: (Buffer | Uint8Array)[]): void {
    if (this.socket.destroyed) return;
    for (const b of bufs) this.socket.write(b);
  }

  /** Send raw bytes and wait until the kernel took them. */
  sendAndFlush(...bufs: (Buffer | Uint8Array)[]): Promise<void> {
    if (this.socket.destroyed) return Promise.resolve();
    const data = Buffer.concat(bufs.map((b) => Buffer.from(b)));
    return new Promise((resolve) => this.socket.write(data, () => resolve()));
  }

  /** Send a StartupMessage and wait for ReadyForQuery (throws on an ErrorResponse). */
  async startup(opts: StartupOptions = {}): Promise<BackendMessage[]> {
    const start = this.cursor;
    this.send(
      serialize.startup({ user: opts.user ?? 'postgres', database: opts.database ?? 'postgres', ...opts.params }),
    );
    for (;;) {
      const m = await this.next(
        (x) => x.name !== 'parameterStatus' && x.name !== 'backendKeyData' && x.name !== 'notice',
      );
      if (!m) throw new Error('connection closed during startup');
      switch (m.name) {
        case 'authenticationOk':
          continue;
        case 'authenticationCleartextPassword':
          this.send(serialize.password(opts.password ?? ''));
          continue;
        case 'authenticationMD5Password': {
          const salt = (m as unknown as { salt: Buffer }).salt;
          const user = opts.user ?? 'postgres';
          const inner = md5hex(`${opts.password ?? ''}${user}`);
          const outer = md5hex(Buffer.concat([Buffer.from(inner), salt]));
          this.send(serialize.password(`md5${outer}`));
          continue;
        }
        case 'readyForQuery':
          return this.messages.slice(start, this.cursor);
        case 'error':
          throw m as ErrorMessage;
        default:
          throw new Error(`unexpected message during startup: ${m.name}`);
      }
    }
  }

  /** Wait for one raw byte (the answer to SSLRequest / GSSENCRequest). Undefined if the connection closes. */
  readByte(timeoutMs = this.timeoutMs): Promise<number | undefined> {
    return new Promise((resolve, reject) => {
      if (this.closedFlag) return resolve(undefined);
      let done = false;
      const finish = (v: number | undefined, err?: Error) => {
        if (done) return;
        done = true;
        clearTimeout(timer);
        this.listeners.delete(onClose);
        const i = this.rawWaiters.indexOf(waiter);
        if (i >= 0) this.rawWaiters.splice(i, 1);
        if (err) reject(err);
        else resolve(v);
      };
      const waiter = (b: number) => finish(b);
      const onClose = () => {
        if (this.closedFlag) finish(undefined);
      };
      const timer = setTimeout(() => finish(undefined, new Error('timed out waiting for a raw byte')), timeoutMs);
      this.rawWaiters.push(waiter);
      this.listeners.add(onClose);
    });
  }

  /**
   * The next message (from the cursor) matching `pred`, skipping those that don't; moves the cursor past it.
   * Resolves undefined when the connection closes first; rejects after `timeoutMs`.
   */
  next(
    pred: (m: BackendMessage) => boolean = () => true,
    timeoutMs = this.timeoutMs,
  ): Promise<BackendMessage | undefined> {
    return new Promise((resolve, reject) => {
      let done = false;
      const check = (): boolean => {
        while (this.cursor < this.messages.length) {
          const m = this.messages[this.cursor++];
          if (pred(m)) {
            finish(m);
            return true;
          }
        }
        if (this.closedFlag) {
          finish(undefined);
          return true;
        }
        return false;
      };
      const finish = (m: BackendMessage | undefined, err?: Error) => {
        if (done) return;
        done = true;
        clearTimeout(timer);
        this.listeners.delete(listener);
        if (err) reject(err);
        else resolve(m);
      };
      const listener = () => {
        check();
      };
      const timer = setTimeout(() => {
        const seen = this.messages.map((m) => m.name).join(', ');
        finish(undefined, new Error(`timed out after ${timeoutMs} ms waiting for a message (received: ${seen})`));
      }, timeoutMs);
      this.listeners.add(listener);
      check();
    });
  }

  /**
   * Messages from the cursor up to and including the first that matches `until`, or up to the close of the
   * connection (then `closed` is true). Rejects after `timeoutMs`.
   */
  async collect(
    until: (m: BackendMessage) => boolean,
    timeoutMs = this.timeoutMs,
  ): Promise<{ messages: BackendMessage[]; closed: boolean }> {
    const start = this.cursor;
    const m = await this.next(until, timeoutMs);
    return { messages: this.messages.slice(start, this.cursor), closed: m === undefined };
  }

  /** Messages up to the next ReadyForQuery (or the close). */
  untilReady(timeoutMs = this.timeoutMs): Promise<{ messages: BackendMessage[]; closed: boolean }> {
    return this.collect((m) => m.name === 'readyForQuery', timeoutMs);
  }

  /** Messages up to the close of the connection; rejects if it stays open longer than `timeoutMs`. */
  untilClosed(timeoutMs = this.timeoutMs): Promise<BackendMessage[]> {
    return this.collect(() => false, timeoutMs).then((r) => r.messages);
  }

  /** Wait for the server to close the connection; false if it is still open after `timeoutMs`. */
  async waitClosed(timeoutMs = this.timeoutMs): Promise<boolean> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<false>((resolve) => {
      timer = setTimeout(() => resolve(false), timeoutMs);
    });
    const r = await Promise.race([this.closedPromise.then(() => true as const), timeout]);
    clearTimeout(timer);
    return r;
  }

  /** Simple-query helper: sends Query, returns the messages up to ReadyForQuery. */
  async query(sql: string, timeoutMs = this.timeoutMs): Promise<{ messages: BackendMessage[]; closed: boolean }> {
    this.send(serialize.query(sql));
    return this.untilReady(timeoutMs);
  }

  /** Politely terminate. */
  end(): void {
    if (!this.socket.destroyed) this.socket.end(serialize.end());
  }

  /** Drop the TCP connection without a Terminate message. */
  destroy(): void {
    this.socket.destroy();
  }
}

/** Decode a complete byte string of backend messages (a trailing partial message is ignored). */
export function parseBackend(bytes: Buffer): BackendMessage[] {
  const out: BackendMessage[] = [];
  new Parser().parse(bytes, (m) => out.push(m));
  return out;
}

/** The ErrorResponses among `messages`. */
export function errorsIn(messages: BackendMessage[]): ErrorMessage[] {
  return messages.filter((m) => m.name === 'error') as ErrorMessage[];
}

/** The DataRow values (as text) among `messages`. */
export function rowsIn(messages: BackendMessage[]): (string | null)[][] {
  return messages
    .filter((m) => m.name === 'dataRow')
    .map((m) => (m as unknown as { fields: (string | null)[] }).fields);
}

/** A typed frontend message built by hand: type byte, int32 length (default: correct), body. */
export function rawMessage(
  type: string | number,
  body: Buffer | Uint8Array = Buffer.alloc(0),
  length?: number,
): Buffer {
  const head = Buffer.alloc(5);
  head[0] = typeof type === 'string' ? type.charCodeAt(0) : type;
  head.writeInt32BE(length ?? body.length + 4, 1);
  return Buffer.concat([head, Buffer.from(body)]);
}

/** An untyped start-up packet: int32 length, int32 code, body. */
export function rawStartup(code: number, body: Buffer | Uint8Array = Buffer.alloc(0), length?: number): Buffer {
  const head = Buffer.alloc(8);
  head.writeInt32BE(length ?? body.length + 8, 0);
  head.writeInt32BE(code, 4);
  return Buffer.concat([head, Buffer.from(body)]);
}

/** NUL-terminated UTF-8 string (or raw bytes with a NUL appended). */
export function cstr(s: string | Buffer): Buffer {
  return Buffer.concat([typeof s === 'string' ? Buffer.from(s, 'utf8') : s, Buffer.from([0])]);
}

export function int16(n: number): Buffer {
  const b = Buffer.alloc(2);
  b.writeInt16BE(n);
  return b;
}

export function int32(n: number): Buffer {
  const b = Buffer.alloc(4);
  b.writeInt32BE(n);
  return b;
}

function md5hex(data: string | Buffer): string {
  return createHash('md5').update(data).digest('hex');
}
