/**
 * The Lumos server: listens, authenticates through protocol/, and gives each connection a Session on
 * the shared SQLite engine. Keeps the (pid, secret) registry that CancelRequests are matched against.
 */
import { randomInt } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createServer, type Server, type Socket } from 'node:net';
import { createSecureContext, type SecureContext } from 'node:tls';
import { loadUsersFile } from '../../protocol/auth/index.js';
import type { AuthMethod, UserSecret } from '../../protocol/auth/types.js';
import { type ProtocolHandler, ServerConnection } from '../../protocol/connection.js';
import { PgError, SQLSTATE } from '../../protocol/errors.js';
import { SqliteEngine } from '../engines/sqlite/engine.js';
import { Session } from '../session/session.js';
import { initParser } from '../sql/parse.js';
import type { LumosConfig } from './config.js';

export interface RunningServer {
  port: number;
  close(): Promise<void>;
}

interface Backend {
  secretKey: number;
  session: Session;
}

export async function startServer(config: LumosConfig): Promise<RunningServer> {
  await initParser();
  const users = new Map<string, UserSecret>();
  if (config.usersFile) for (const [k, v] of loadUsersFile(config.usersFile)) users.set(k, v);
  if (config.password !== undefined) users.set('postgres', { password: config.password });
  let secureContext: SecureContext | undefined;
  if (config.tlsCert && config.tlsKey) {
    secureContext = createSecureContext({ cert: readFileSync(config.tlsCert), key: readFileSync(config.tlsKey) });
  }
  const engine = await SqliteEngine.open({ dataDir: config.dataDir, readers: config.readers });
  const backends = new Map<number, Backend>();
  let nextPid = randomInt(1000, 1 << 20);

  const handler: ProtocolHandler = {
    authMethod: (): AuthMethod => config.authMethod as AuthMethod,
    userSecret: (user) => users.get(user),
    cancel(processId, secretKey) {
      const b = backends.get(processId);
      // A wrong key is ignored silently, as in PG (no oracle for guessing keys).
      if (b && b.secretKey === secretKey) b.session.cancel();
    },
    openSession(startup, out) {
      if (backends.size >= config.maxConnections) {
        throw new PgError(SQLSTATE.TOO_MANY_CONNECTIONS, 'sorry, too many clients already', { severity: 'FATAL' });
      }
      const processId = nextPid++;
      const secretKey = randomInt(-0x80000000, 0x7fffffff);
      const session = new Session(startup, out, {
        engine,
        processId,
        secretKey,
        statementTimeoutMs: config.statementTimeout,
        onClose: () => backends.delete(processId),
      });
      session.start();
      backends.set(processId, { secretKey, session });
      return session;
    },
  };

  const connections = new Map<Socket, ServerConnection>();
  const server: Server = createServer((socket) => {
    connections.set(
      socket,
      new ServerConnection(socket, handler, { secureContext, maxMessageSize: config.maxMessageSize }),
    );
    socket.on('close', () => connections.delete(socket));
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(config.port, config.host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : config.port;

  let closing: Promise<void> | undefined;
  return {
    port,
    close() {
      closing ??= (async () => {
        const closed = new Promise<void>((resolve) => server.close(() => resolve()));
        // Like PG's fast shutdown: every session is told why before its connection goes away.
        const shutdown = new PgError(SQLSTATE.ADMIN_SHUTDOWN, 'terminating connection due to administrator command', {
          severity: 'FATAL',
        });
        for (const c of connections.values()) c.fatal(shutdown);
        setTimeout(() => {
          for (const s of connections.keys()) s.destroy();
        }, 200).unref();
        await closed;
        await engine.close();
      })();
      return closing;
    },
  };
}
