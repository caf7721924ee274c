/**
 * `lumos` command line: serve (default), help, version.
 * Exit codes: 0 ok, 1 runtime failure, 2 bad usage or configuration (like most CLIs).
 */
import { readFileSync } from 'node:fs';
import { isIP } from 'node:net';
import { ConfigError, type LumosConfig, loadConfig, usageText } from '../server/config.js';

function version(): string {
  const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version?: string };
  return pkg.version ?? 'unknown';
}

function hostPort(host: string, port: number): string {
  return isIP(host) === 6 ? `[${host}]:${port}` : `${host}:${port}`;
}

function fail(message: string, code: number): never {
  process.stderr.write(`lumos: ${message}\n`);
  process.exit(code);
}

async function serve(flags: string[]): Promise<void> {
  let config: LumosConfig;
  try {
    config = loadConfig(flags, process.env);
  } catch (e) {
    if (e instanceof ConfigError) fail(e.message, 2);
    throw e;
  }

  // Loaded lazily so help/version and config errors don't pay for SQLite, the parser and workers.
  const { startServer } = await import('../server/server.js');
  let server: Awaited<ReturnType<typeof startServer>>;
  try {
    server = await startServer(config);
  } catch (e) {
    const err = e as NodeJS.ErrnoException;
    if (e instanceof ConfigError) fail(err.message, 2);
    if (err.code === 'EADDRINUSE') {
      fail(`${hostPort(config.host, config.port)} is already in use (choose another with --port)`, 1);
    }
    if (err.code === 'EADDRNOTAVAIL') fail(`cannot listen on ${config.host}: address not available`, 1);
    if (err.code === 'EACCES') fail(`permission denied listening on ${hostPort(config.host, config.port)}`, 1);
    fail(`failed to start: ${err.stack ?? err.message}`, 1);
  }
  process.stderr.write(`Lumos listening on ${hostPort(config.host, server.port)} (data: ${config.dataDir})\n`);

  // First signal: close cleanly (finish in-flight work, checkpoint). A second one means the user is done waiting.
  let closing = false;
  const onSignal = (signal: NodeJS.Signals): void => {
    if (closing) {
      process.stderr.write(`lumos: ${signal} again, exiting without a clean shutdown\n`);
      process.exit(1);
    }
    closing = true;
    process.stderr.write(`lumos: ${signal} received, shutting down\n`);
    server.close().then(
      () => process.exit(0),
      (e: unknown) => fail(`error during shutdown: ${(e as Error).stack ?? String(e)}`, 1),
    );
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
}

async function main(args: string[]): Promise<void> {
  const [first, ...rest] = args;
  if (first === undefined || first.startsWith('-')) {
    if (first === '--help' || first === '-h') return void process.stdout.write(usageText());
    if (first === '--version' || first === '-V') return void process.stdout.write(`lumos ${version()}\n`);
    if (args.includes('--help')) return void process.stdout.write(usageText());
    return serve(args);
  }
  switch (first) {
    case 'serve':
      if (rest.includes('--help') || rest.includes('-h')) return void process.stdout.write(usageText());
      return serve(rest);
    case 'help':
      return void process.stdout.write(usageText());
    case 'version':
      return void process.stdout.write(`lumos ${version()}\n`);
    default:
      fail(`unknown command ${JSON.stringify(first)} (try lumos --help)`, 2);
  }
}

main(process.argv.slice(2)).catch((e: unknown) => fail((e as Error).stack ?? String(e), 1));
